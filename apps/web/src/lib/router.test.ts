import { describe, expect, it } from 'vitest';
import { caseRoute, formatRoute, parseRoute, type Route } from './router.ts';

const parse = (url: string) => {
  const u = new URL(url, 'http://x');
  return parseRoute({ pathname: u.pathname, search: u.search });
};

describe('routes', () => {
  it('reads the case list, a case, its review with page and panel, and the viewer', () => {
    expect(parse('/')).toEqual({ name: 'cases' });
    expect(parse('/cases')).toEqual({ name: 'cases' });
    expect(parse('/cases/case_0123456789')).toEqual(caseRoute('case_0123456789'));
    expect(parse('/cases/case_0123456789/review?page=pg_abcdefghij&panel=structure')).toEqual(
      caseRoute('case_0123456789', 'review', { pageId: 'pg_abcdefghij', panel: 'structure' }),
    );
    expect(parse('/cases/case_0123456789/view/pg_abcdefghij')).toEqual(
      caseRoute('case_0123456789', 'view', { pageId: 'pg_abcdefghij' }),
    );
  });

  it('ignores unknown panels and bad page ids, and refuses unknown paths', () => {
    expect(parse('/cases/case_0123456789/review?page=..%2Fx&panel=evil')).toEqual(
      caseRoute('case_0123456789', 'review'),
    );
    for (const path of [
      '/admin',
      '/cases/Bad%20Id',
      '/cases/case_0123456789/nope',
      '/cases/c/view/x/y',
      '/help/Bad%20Doc',
      '/help/a/b',
    ]) {
      expect(parse(path).name).toBe('notFound');
    }
  });

  it('formats every route back to the URL it was read from', () => {
    const routes: Route[] = [
      { name: 'cases' },
      caseRoute('case_0123456789'),
      caseRoute('case_0123456789', 'review'),
      caseRoute('case_0123456789', 'review', { pageId: 'pg_abcdefghij' }),
      caseRoute('case_0123456789', 'review', { pageId: 'pg_abcdefghij', panel: 'page' }),
      caseRoute('case_0123456789', 'view'),
      caseRoute('case_0123456789', 'view', { pageId: 'pg_abcdefghij' }),
      caseRoute('case_0123456789', 'procedure'),
      caseRoute('case_0123456789', 'details'),
      caseRoute('case_0123456789', 'index'),
      caseRoute('case_0123456789', 'persons'),
      caseRoute('case_0123456789', 'timeline'),
      caseRoute('case_0123456789', 'downloads'),
      caseRoute('case_0123456789', 'maps'),
      { name: 'newCase' },
      { name: 'cases', filters: { kind: 'civil', assignedToMe: true, page: 2 } },
      { name: 'help', doc: null },
      { name: 'help', doc: 'chuyen-vien' },
    ];
    for (const route of routes) {
      expect(parse(formatRoute(route))).toEqual(route);
    }
    expect(formatRoute(caseRoute('case_0123456789', 'procedure'))).toBe(
      '/cases/case_0123456789/procedure',
    );
    expect(formatRoute(caseRoute('case_0123456789', 'review', { panel: 'structure' }))).toBe(
      '/cases/case_0123456789/review?panel=structure',
    );
  });

  it('keeps the case list filters in the query and has a page for a new case', () => {
    expect(parse('/?kind=criminal&mine=1&page=2')).toEqual({
      name: 'cases',
      filters: { kind: 'criminal', assignedToMe: true, page: 2 },
    });
    expect(parse('/cases?kind=nope')).toEqual({ name: 'cases' });
    expect(formatRoute({ name: 'cases', filters: {} })).toBe('/');
    expect(parse('/cases/new')).toEqual({ name: 'newCase' });
    expect(parse('/cases/case_0123456789/timeline')).toEqual(
      caseRoute('case_0123456789', 'timeline'),
    );
    expect(parse('/cases/case_0123456789/timeline/x').name).toBe('notFound');
  });
});

describe('search routes', () => {
  it('reads and writes the global search filters, and ignores unknown ones', () => {
    const route = parse('/search?q=th%E1%BA%A9m+ph%C3%A1n&mode=exact&kind=criminal&evil=1');
    expect(route).toEqual({
      name: 'search',
      params: { q: 'thẩm phán', mode: 'exact', kind: 'criminal' },
    });
    expect(parse(formatRoute(route))).toEqual(route);
    expect(formatRoute({ name: 'search', params: {} })).toBe('/search');
  });

  it('carries a query into the viewer at a hit', () => {
    const route = parse('/cases/case_0123456789/view/pg_abcdefghij?q=tham+phan');
    expect(route).toEqual({
      ...caseRoute('case_0123456789', 'view', { pageId: 'pg_abcdefghij' }),
      q: 'tham phan',
    });
    expect(formatRoute(route)).toBe('/cases/case_0123456789/view/pg_abcdefghij?q=tham+phan');
  });
});

describe('dashboard route', () => {
  it('reads and writes the unit and period, and drops values that are not ids or dates', () => {
    const route: Route = {
      name: 'dashboard',
      params: { unitId: 'unit_0123456789', from: '2026-01-01', to: '2026-06-30' },
    };
    expect(formatRoute(route)).toBe(
      '/dashboard?unitId=unit_0123456789&from=2026-01-01&to=2026-06-30',
    );
    expect(parse(formatRoute(route))).toEqual(route);
    expect(parse('/dashboard')).toEqual({ name: 'dashboard', params: {} });
    expect(parse('/dashboard?unitId=%3Cscript%3E&from=x')).toEqual({
      name: 'dashboard',
      params: { from: 'x' },
    });
  });
});
