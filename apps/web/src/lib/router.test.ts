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
      { name: 'help', doc: null },
      { name: 'help', doc: 'chuyen-vien' },
    ];
    for (const route of routes) {
      expect(parse(formatRoute(route))).toEqual(route);
    }
    expect(formatRoute(caseRoute('case_0123456789', 'review', { panel: 'structure' }))).toBe(
      '/cases/case_0123456789/review?panel=structure',
    );
  });
});
