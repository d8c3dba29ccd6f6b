/**
 * The SPA's routes, as plain data. URLs are the source of truth (reload, back/forward and shared
 * links land on the same screen); `parseRoute` and `formatRoute` are inverse for every route.
 */
export type CaseTab = 'import' | 'review' | 'view';
export type ReviewPanel = 'page' | 'integrity' | 'structure';

export type Route =
  | { name: 'cases' }
  /** The user guide: its index (`doc` null) or one of its pages (see lib/guide.ts). */
  | { name: 'help'; doc: string | null }
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
const GUIDE_DOC = /^[a-z0-9-]{1,40}$/;
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
    return { name: 'cases' };
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
    case 'cases':
      return '/';
    case 'help':
      return route.doc ? `/help/${encodeURIComponent(route.doc)}` : '/help';
    case 'notFound':
      return route.path;
    case 'case': {
      const base = `/cases/${encodeURIComponent(route.caseId)}`;
      if (route.tab === 'import') {
        return base;
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
