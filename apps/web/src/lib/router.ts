/**
 * The SPA's routes, as plain data. URLs are the source of truth (reload, back/forward and shared
 * links land on the same screen); `parseRoute` and `formatRoute` are inverse for every route.
 */
import { formatCaseFilters, parseCaseFilters, type CaseFilters } from './case-filters.ts';

export type CaseTab =
  | 'import'
  | 'review'
  | 'view'
  | 'details'
  | 'index'
  | 'persons'
  | 'timeline'
  | 'downloads'
  | 'procedure';
/** Tabs whose URL is just `/cases/{id}/{tab}`. */
const PLAIN_TABS: readonly CaseTab[] = [
  'details',
  'index',
  'persons',
  'timeline',
  'downloads',
  'procedure',
];
export type ReviewPanel = 'page' | 'integrity' | 'structure';

export type Route =
  | { name: 'cases'; filters?: CaseFilters }
  | { name: 'newCase' }
  | { name: 'notFound'; path: string }
  | {
      name: 'case';
      caseId: string;
      tab: CaseTab;
      /** The page selected (review) or shown (viewer). */
      pageId: string | null;
      /** The side panel of the review tab. */
      panel: ReviewPanel;
    };

const ID = /^[a-z]+_[0-9a-z]{4,60}$/;
const PANELS: readonly ReviewPanel[] = ['page', 'integrity', 'structure'];

export function caseRoute(
  caseId: string,
  tab: CaseTab = 'import',
  { pageId = null, panel = 'integrity' }: { pageId?: string | null; panel?: ReviewPanel } = {},
): Route {
  return { name: 'case', caseId, tab, pageId, panel };
}

export function parseRoute({ pathname, search }: { pathname: string; search: string }): Route {
  const parts = pathname.split('/').filter(Boolean).map(decodeURIComponent);
  const query = new URLSearchParams(search);
  if (parts.length === 0 || (parts.length === 1 && parts[0] === 'cases')) {
    const filters = parseCaseFilters(query);
    return Object.keys(filters).length > 0 ? { name: 'cases', filters } : { name: 'cases' };
  }
  if (parts.length === 2 && parts[0] === 'cases' && parts[1] === 'new') {
    return { name: 'newCase' };
  }
  const [root, caseId, tab, pageId, ...rest] = parts;
  if (root !== 'cases' || !caseId || !ID.test(caseId) || rest.length > 0) {
    return { name: 'notFound', path: pathname };
  }
  const panelParam = query.get('panel');
  const panel = PANELS.find((p) => p === panelParam) ?? 'integrity';
  const pageParam = query.get('page');
  const queryPage = pageParam && ID.test(pageParam) ? pageParam : null;
  if (tab === undefined) {
    return pageId === undefined ? caseRoute(caseId) : { name: 'notFound', path: pathname };
  }
  if (tab === 'review' && pageId === undefined) {
    return caseRoute(caseId, 'review', { pageId: queryPage, panel });
  }
  const plainTab = PLAIN_TABS.find((t) => t === tab);
  if (plainTab && pageId === undefined) {
    return caseRoute(caseId, plainTab);
  }
  if (tab === 'view') {
    if (pageId === undefined) {
      return caseRoute(caseId, 'view', { pageId: null });
    }
    if (ID.test(pageId)) {
      return caseRoute(caseId, 'view', { pageId });
    }
  }
  return { name: 'notFound', path: pathname };
}

export function formatRoute(route: Route): string {
  switch (route.name) {
    case 'cases': {
      const q = route.filters ? formatCaseFilters(route.filters) : '';
      return q ? `/?${q}` : '/';
    }
    case 'newCase':
      return '/cases/new';
    case 'notFound':
      return route.path;
    case 'case': {
      const base = `/cases/${encodeURIComponent(route.caseId)}`;
      if (route.tab === 'import') {
        return base;
      }
      if (PLAIN_TABS.includes(route.tab)) {
        return `${base}/${route.tab}`;
      }
      if (route.tab === 'view') {
        return route.pageId ? `${base}/view/${encodeURIComponent(route.pageId)}` : `${base}/view`;
      }
      const query = new URLSearchParams();
      if (route.pageId) {
        query.set('page', route.pageId);
      }
      if (route.panel !== 'integrity') {
        query.set('panel', route.panel);
      }
      const q = query.toString();
      return `${base}/review${q ? `?${q}` : ''}`;
    }
  }
}
