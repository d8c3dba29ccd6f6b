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
  | 'procedure'
  | 'maps'
  | 'court';
/** Tabs whose URL is just `/cases/{id}/{tab}`. */
const PLAIN_TABS: readonly CaseTab[] = [
  'details',
  'index',
  'persons',
  'timeline',
  'downloads',
  'procedure',
  'maps',
  'court',
];
export type ReviewPanel = 'page' | 'integrity' | 'structure';

/** Filters of the global search page, as they appear in its URL (all optional strings). */
export const SEARCH_PARAMS = [
  'q',
  'mode',
  'kind',
  'documentType',
  'dateFrom',
  'dateTo',
  'person',
] as const;
export type SearchParams = Partial<Record<(typeof SEARCH_PARAMS)[number], string>>;

export const DASHBOARD_PARAMS = ['unitId', 'from', 'to'] as const;
export type DashboardParams = Partial<Record<(typeof DASHBOARD_PARAMS)[number], string>>;
const DASHBOARD_VALUE = /^[0-9a-z_-]{1,64}$/;

export type Route =
  | { name: 'cases'; filters?: CaseFilters }
  | { name: 'newCase' }
  | { name: 'search'; params: SearchParams }
  /** The user guide: its index (`doc` null) or one of its pages (see lib/guide.ts). */
  | { name: 'help'; doc: string | null }
  | { name: 'notFound'; path: string }
  /** The steering dashboard: a unit subtree and a period (both ends 'YYYY-MM-DD'), all optional. */
  | { name: 'dashboard'; params: DashboardParams }
  | {
      name: 'case';
      caseId: string;
      tab: CaseTab;
      /** The page selected (review) or shown (viewer). */
      pageId: string | null;
      /** The side panel of the review tab. */
      panel: ReviewPanel;
      /** Viewer: a search to run in the case and highlight (from a global search hit). */
      q?: string;
    };

const ID = /^[a-z]+_[0-9a-z]{4,60}$/;
const GUIDE_DOC = /^[a-z0-9-]{1,40}$/;
const PANELS: readonly ReviewPanel[] = ['page', 'integrity', 'structure'];

export function caseRoute(
  caseId: string,
  tab: CaseTab = 'import',
  { pageId = null, panel = 'integrity' }: { pageId?: string | null; panel?: ReviewPanel } = {},
): Route {
  return { name: 'case', caseId, tab, pageId, panel };
}

/** The viewer at a page, with a search to run and highlight there. */
export function viewRouteWithQuery(caseId: string, pageId: string, q: string): Route {
  return { name: 'case', caseId, tab: 'view', pageId, panel: 'integrity', ...(q ? { q } : {}) };
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
  if (parts.length === 1 && parts[0] === 'search') {
    const params: SearchParams = {};
    for (const key of SEARCH_PARAMS) {
      const value = query.get(key);
      if (value) {
        params[key] = value.slice(0, 300);
      }
    }
    return { name: 'search', params };
  }
  if (parts.length === 1 && parts[0] === 'dashboard') {
    const params: DashboardParams = {};
    for (const key of DASHBOARD_PARAMS) {
      const value = query.get(key);
      if (value && DASHBOARD_VALUE.test(value)) {
        params[key] = value;
      }
    }
    return { name: 'dashboard', params };
  }
  if (parts[0] === 'help' && parts.length <= 2) {
    const doc = parts[1];
    if (doc === undefined) {
      return { name: 'help', doc: null };
    }
    return GUIDE_DOC.test(doc) ? { name: 'help', doc } : { name: 'notFound', path: pathname };
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
      return viewRouteWithQuery(caseId, pageId, query.get('q')?.slice(0, 300) ?? '');
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
    case 'help':
      return route.doc ? `/help/${encodeURIComponent(route.doc)}` : '/help';
    case 'notFound':
      return route.path;
    case 'dashboard': {
      const query = new URLSearchParams();
      for (const key of DASHBOARD_PARAMS) {
        const value = route.params[key];
        if (value) {
          query.set(key, value);
        }
      }
      const q = query.toString();
      return `/dashboard${q ? `?${q}` : ''}`;
    }
    case 'search': {
      const query = new URLSearchParams();
      for (const key of SEARCH_PARAMS) {
        const value = route.params[key];
        if (value) {
          query.set(key, value);
        }
      }
      const q = query.toString();
      return `/search${q ? `?${q}` : ''}`;
    }
    case 'case': {
      const base = `/cases/${encodeURIComponent(route.caseId)}`;
      if (route.tab === 'import') {
        return base;
      }
      if (PLAIN_TABS.includes(route.tab)) {
        return `${base}/${route.tab}`;
      }
      if (route.tab === 'view') {
        const search = route.q ? `?${new URLSearchParams({ q: route.q }).toString()}` : '';
        return route.pageId
          ? `${base}/view/${encodeURIComponent(route.pageId)}${search}`
          : `${base}/view`;
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
