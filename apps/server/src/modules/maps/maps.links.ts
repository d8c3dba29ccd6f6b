import type { MapLink } from '@sohoa/contracts';
import type { LinkResolver } from './maps.formats.ts';

/*
 * Hyperlinks of exported maps: a page of the case opens in sohoa's viewer
 * (`<base>/cases/{caseId}/view/{pageId}`), with what the node pointed at kept in the query
 * (`doc`, `rect`, `annotation`) so that importing the file back restores the same link.
 *
 * Links to the exported case PDF (`case.pdf#page=N`) are not written: the PDF's page numbers
 * depend on its front matter (index pages) of the day, so a number would silently drift.
 */
export function createCaseLinkResolver({
  caseId,
  baseUrl,
  pageIds,
}: {
  caseId: string;
  baseUrl: string;
  /** Pages of the case: links to pages of another case are dropped on import. */
  pageIds: ReadonlySet<string>;
}): LinkResolver {
  const base = baseUrl.replace(/\/+$/, '');
  const viewUrl = (pageId: string, query: Record<string, string>) => {
    const q = new URLSearchParams(query).toString();
    return `${base}/cases/${encodeURIComponent(caseId)}/view/${encodeURIComponent(pageId)}${q ? `?${q}` : ''}`;
  };
  return {
    toHref(link: MapLink) {
      switch (link.kind) {
        case 'page':
          return viewUrl(link.pageId, {});
        case 'document':
          return link.pageId ? viewUrl(link.pageId, { doc: link.documentId }) : null;
        case 'region':
          return viewUrl(link.pageId, {
            rect: [link.rect.x, link.rect.y, link.rect.w, link.rect.h].join(','),
          });
        case 'annotation':
          return link.pageId ? viewUrl(link.pageId, { annotation: link.annotationId }) : null;
        case 'node':
        case 'url':
          return null;
      }
    },
    fromHref(href: string) {
      let url: URL;
      try {
        url = new URL(href, 'http://sohoa.invalid');
      } catch {
        return null;
      }
      const m = /^\/cases\/([^/]+)\/view\/([^/]+)$/.exec(url.pathname);
      if (!m || decodeURIComponent(m[1]!) !== caseId) {
        return null;
      }
      const pageId = decodeURIComponent(m[2]!);
      if (!pageIds.has(pageId)) {
        return null;
      }
      const doc = url.searchParams.get('doc');
      const annotation = url.searchParams.get('annotation');
      const rect = url.searchParams.get('rect')?.split(',').map(Number);
      if (doc) {
        return { kind: 'document', documentId: doc, pageId };
      }
      if (annotation) {
        return { kind: 'annotation', annotationId: annotation, pageId };
      }
      if (rect && rect.length === 4 && rect.every((v) => Number.isFinite(v) && v >= 0 && v <= 1)) {
        const [x, y, w, h] = rect as [number, number, number, number];
        return { kind: 'region', pageId, rect: { x, y, w, h } };
      }
      return { kind: 'page', pageId };
    },
  };
}
