import type { CaseStructureDto, Page, StructureDocumentDto } from '@sohoa/contracts';

export type ZoomMode = 'fitWidth' | 'fitPage' | 'percent';

/** Zoom steps of the + / − buttons, in percent of the image's natural size at 96 dpi. */
export const ZOOM_STEPS = [25, 33, 50, 67, 75, 90, 100, 125, 150, 175, 200, 250, 300, 400] as const;

/**
 * Scale of the page image on screen. Rotating by 90° or 270° swaps the page's sides, so the
 * fits use the rotated box.
 */
export function displayScale({
  mode,
  percent,
  imageWidth,
  imageHeight,
  viewportWidth,
  viewportHeight,
  rotation,
}: {
  mode: ZoomMode;
  percent: number;
  imageWidth: number;
  imageHeight: number;
  viewportWidth: number;
  viewportHeight: number;
  rotation: number;
}): number {
  if (mode === 'percent' || imageWidth <= 0 || imageHeight <= 0) {
    return percent / 100;
  }
  const quarter = ((rotation % 360) + 360) % 180 === 90;
  const w = quarter ? imageHeight : imageWidth;
  const h = quarter ? imageWidth : imageHeight;
  const byWidth = Math.max(0.05, viewportWidth) / w;
  return mode === 'fitWidth' ? byWidth : Math.min(byWidth, Math.max(0.05, viewportHeight) / h);
}

export function nextZoom(current: number, direction: 1 | -1): number {
  if (direction > 0) {
    return ZOOM_STEPS.find((z) => z > current + 0.5) ?? ZOOM_STEPS[ZOOM_STEPS.length - 1]!;
  }
  return [...ZOOM_STEPS].reverse().find((z) => z < current - 0.5) ?? ZOOM_STEPS[0];
}

/** Server image width for a display: device pixels, in steps (few sizes, good cache hits). */
export function requestWidth(cssWidth: number, devicePixelRatio = 1): number {
  const px = Math.ceil(cssWidth * Math.max(1, devicePixelRatio));
  const step = px <= 400 ? 100 : 200;
  return Math.min(2000, Math.max(64, Math.ceil(px / step) * step));
}

/** The page carrying bút lục `n` (not blank; first in scan order when numbered twice). */
export function findPageByButLuc(pages: readonly Page[], n: number): Page | null {
  return (
    pages.find((p) => p.butLuc === n && !p.isBlank) ?? pages.find((p) => p.butLuc === n) ?? null
  );
}

/** Documents in reading order (sections as the server orders them, then positions). */
export function flattenDocuments(structure: CaseStructureDto | null): StructureDocumentDto[] {
  return structure ? structure.sections.flatMap((s) => s.documents) : [];
}

export function documentOfPage(
  documents: readonly StructureDocumentDto[],
  pageId: string,
): StructureDocumentDto | null {
  return documents.find((d) => d.pageIds.includes(pageId)) ?? null;
}

/**
 * The first page of the next or previous document from a page, in scan order: pages that belong
 * to no document (blank backs) are skipped.
 */
export function neighbourDocumentPage({
  pages,
  documents,
  pageId,
  direction,
}: {
  pages: readonly Page[];
  documents: readonly StructureDocumentDto[];
  pageId: string;
  direction: 1 | -1;
}): string | null {
  const indexOf = new Map(pages.map((p, i) => [p.id, i]));
  const starts = documents
    .map((d) => ({ id: d.pageIds[0], at: indexOf.get(d.pageIds[0] ?? '') }))
    .filter((s): s is { id: string; at: number } => s.id !== undefined && s.at !== undefined)
    .sort((a, b) => a.at - b.at);
  const here = indexOf.get(pageId);
  if (here === undefined) {
    return null;
  }
  const current = documentOfPage(documents, pageId);
  const currentStart = current ? (indexOf.get(current.pageIds[0] ?? '') ?? here) : here;
  if (direction > 0) {
    return starts.find((s) => s.at > here && s.at !== currentStart)?.id ?? null;
  }
  return [...starts].reverse().find((s) => s.at < currentStart)?.id ?? null;
}

/** "BL 3–7", "BL 12", or null when the document has no numbered sheet. */
export function butLucRange(doc: {
  butLucFrom: number | null;
  butLucTo: number | null;
}): string | null {
  if (doc.butLucFrom === null) {
    return null;
  }
  return doc.butLucTo === null || doc.butLucTo === doc.butLucFrom
    ? `${doc.butLucFrom}`
    : `${doc.butLucFrom}–${doc.butLucTo}`;
}
