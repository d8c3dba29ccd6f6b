import type { StructureEdit } from '@sohoa/contracts';

/*
 * Moving a document boundary by drag and drop: a page (a thumbnail, or the first/last page edge of
 * a document) is dropped on the neighbouring document, which then takes that page and the pages
 * between. The result is one `moveBoundary` edit of the existing structure API.
 */

/** Drag data type of a page; the page id is the payload. */
export const PAGE_DRAG_TYPE = 'application/x-sohoa-page';

/** The page being dragged (drag data cannot be read during dragover, only on drop). */
let dragged: string | null = null;
export function setDraggedPage(pageId: string | null): void {
  dragged = pageId;
}
export function draggedPage(): string | null {
  return dragged;
}

export interface DocumentSpan {
  id: string;
  volume: number;
  /** Page ids in scan order. */
  pageIds: readonly string[];
}

export type DropResult =
  | { kind: 'move'; edit: Extract<StructureEdit, { op: 'moveBoundary' }>; pages: number }
  /** The page is already in that document. */
  | { kind: 'same' }
  /** Not a neighbour, another volume, or the move would empty a document (merge instead). */
  | { kind: 'invalid'; reason: 'not_neighbour' | 'would_empty' | 'unknown_page' };

/**
 * What dropping `pageId` on document `targetId` does. `documents` are in scan order.
 * - a page of the document before the target: the target now starts at that page;
 * - a page of the document after the target: the target now ends at that page (the next document
 *   starts right after it).
 */
export function dropPageOnDocument({
  documents,
  pageId,
  targetId,
}: {
  documents: readonly DocumentSpan[];
  pageId: string;
  targetId: string;
}): DropResult {
  const at = documents.findIndex((d) => d.id === targetId);
  const target = documents[at];
  if (!target) {
    return { kind: 'invalid', reason: 'unknown_page' };
  }
  if (target.pageIds.includes(pageId)) {
    return { kind: 'same' };
  }
  const prev = documents[at - 1];
  if (prev && prev.volume === target.volume) {
    const i = prev.pageIds.indexOf(pageId);
    if (i === 0) {
      return { kind: 'invalid', reason: 'would_empty' };
    }
    if (i > 0) {
      return {
        kind: 'move',
        edit: { op: 'moveBoundary', documentId: target.id, toPageId: pageId },
        pages: prev.pageIds.length - i,
      };
    }
  }
  const next = documents[at + 1];
  if (next && next.volume === target.volume) {
    const i = next.pageIds.indexOf(pageId);
    if (i === next.pageIds.length - 1) {
      return { kind: 'invalid', reason: 'would_empty' };
    }
    if (i >= 0) {
      return {
        kind: 'move',
        edit: { op: 'moveBoundary', documentId: next.id, toPageId: next.pageIds[i + 1]! },
        pages: i + 1,
      };
    }
  }
  const known = documents.some((d) => d.pageIds.includes(pageId));
  return { kind: 'invalid', reason: known ? 'not_neighbour' : 'unknown_page' };
}
