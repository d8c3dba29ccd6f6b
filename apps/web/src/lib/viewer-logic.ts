import { PAGE_DISPLAY_WIDTH } from '@sohoa/contracts';
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

/**
 * Width the viewer asks the server for: the page's display image (made with the page, served from
 * the browser's cache once seen) whenever the page is shown at most that wide in device pixels,
 * else the exact step (zoomed in).
 */
export function viewerImageWidth(cssWidth: number, devicePixelRatio = 1): number {
  const width = requestWidth(cssWidth, devicePixelRatio);
  return width <= PAGE_DISPLAY_WIDTH ? PAGE_DISPLAY_WIDTH : width;
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

/** A point or box on the upright page, each coordinate in [0, 1] (origin top-left). */
export interface PagePoint {
  x: number;
  y: number;
}
export interface PageRect {
  x: number;
  y: number;
  w: number;
  h: number;
}

const clamp01 = (v: number) => Math.min(1, Math.max(0, v));
const quarterTurns = (rotation: number) => ((((rotation / 90) | 0) % 4) + 4) % 4;

/**
 * Where a pointer falls on the upright page. `box` is the page's on-screen bounding box, which the
 * view rotation (clockwise, in degrees) has turned: the pointer is taken back through that turn.
 */
export function screenToPage({
  clientX,
  clientY,
  box,
  rotation,
}: {
  clientX: number;
  clientY: number;
  box: { left: number; top: number; width: number; height: number };
  rotation: number;
}): PagePoint {
  const rx = box.width > 0 ? (clientX - box.left) / box.width : 0;
  const ry = box.height > 0 ? (clientY - box.top) / box.height : 0;
  switch (quarterTurns(rotation)) {
    case 1:
      return { x: clamp01(ry), y: clamp01(1 - rx) };
    case 2:
      return { x: clamp01(1 - rx), y: clamp01(1 - ry) };
    case 3:
      return { x: clamp01(1 - ry), y: clamp01(rx) };
    default:
      return { x: clamp01(rx), y: clamp01(ry) };
  }
}

/** The rectangle spanned by a drag; null when it is too small to be meant (a click). */
export function rectFromDrag(a: PagePoint, b: PagePoint, minSize = 0.005): PageRect | null {
  const x = Math.min(a.x, b.x);
  const y = Math.min(a.y, b.y);
  const w = Math.abs(a.x - b.x);
  const h = Math.abs(a.y - b.y);
  return w < minSize || h < minSize ? null : { x, y, w, h };
}

/**
 * Scroll offsets after dragging the page by (dx, dy) screen pixels from `start`: the page follows
 * the hand (so the scroll moves the other way), kept within what can be scrolled.
 */
export function panScroll({
  start,
  dx,
  dy,
  content,
  viewport,
}: {
  start: { left: number; top: number };
  dx: number;
  dy: number;
  content: { width: number; height: number };
  viewport: { width: number; height: number };
}): { left: number; top: number } {
  const maxLeft = Math.max(0, content.width - viewport.width);
  const maxTop = Math.max(0, content.height - viewport.height);
  return {
    left: Math.min(maxLeft, Math.max(0, start.left - dx)),
    top: Math.min(maxTop, Math.max(0, start.top - dy)),
  };
}

/** Whether the page is larger than the stage (dragging pans only then). */
export const canPan = ({
  content,
  viewport,
}: {
  content: { width: number; height: number };
  viewport: { width: number; height: number };
}) => content.width > viewport.width + 1 || content.height > viewport.height + 1;

/** A word of the text layer as the page text API gives it (box in [0, 1] of the upright page). */
export interface LayerWord {
  text: string;
  x0: number;
  y0: number;
  x1: number;
  y1: number;
}

/** CSS placement of a text-layer word, in percent of the page and a font size in CSS pixels. */
export function wordStyle(word: LayerWord, cssHeight: number) {
  const h = Math.max(0, word.y1 - word.y0);
  return {
    left: `${(word.x0 * 100).toFixed(3)}%`,
    top: `${(word.y0 * 100).toFixed(3)}%`,
    width: `${(Math.max(0, word.x1 - word.x0) * 100).toFixed(3)}%`,
    height: `${(h * 100).toFixed(3)}%`,
    fontSize: `${Math.max(1, h * cssHeight * 0.85).toFixed(2)}px`,
  };
}

/** The words chosen (by index) as one highlight: their boxes and their text in reading order. */
export function wordsHighlight(
  words: readonly LayerWord[],
  indexes: Iterable<number>,
): { boxes: Array<[number, number, number, number]>; text: string } | null {
  const chosen = [...new Set(indexes)]
    .filter((i) => i >= 0 && i < words.length)
    .sort((a, b) => a - b)
    .map((i) => words[i]!);
  if (chosen.length === 0) {
    return null;
  }
  return {
    boxes: chosen.map((w) => [w.x0, w.y0, w.x1, w.y1]),
    text: chosen.map((w) => w.text).join(' '),
  };
}

/** Zoom and rotation of one pane of the viewer. */
export interface PaneView {
  mode: ZoomMode;
  percent: number;
  rotation: number;
}

export const DEFAULT_PANE_VIEW: PaneView = { mode: 'fitWidth', percent: 100, rotation: 0 };

/**
 * Side by side: the second page and whether its zoom and rotation follow the first pane's.
 * Opening shows the next page (or the previous one at the end) until another is chosen.
 */
export interface SideBySide {
  pageId: string;
  synced: boolean;
  view: PaneView;
}

export function openSideBySide(
  pages: readonly { id: string }[],
  currentId: string | null,
): SideBySide | null {
  const at = pages.findIndex((p) => p.id === currentId);
  const other = pages[at + 1] ?? pages[at - 1] ?? null;
  return other ? { pageId: other.id, synced: true, view: DEFAULT_PANE_VIEW } : null;
}

/** The view the second pane shows: the first pane's when synced, its own otherwise. */
export function secondPaneView(side: SideBySide, primary: PaneView): PaneView {
  return side.synced ? primary : side.view;
}

/**
 * Changing the second pane's view. While synced a change applies to both panes (returned as
 * `primary`); unsynced, only the second pane's own view changes.
 */
export function changeSecondView(
  side: SideBySide,
  primary: PaneView,
  change: (view: PaneView) => PaneView,
): { side: SideBySide; primary: PaneView } {
  if (side.synced) {
    const next = change(primary);
    return { side: { ...side, view: next }, primary: next };
  }
  return { side: { ...side, view: change(side.view) }, primary };
}

/** Turning sync off keeps what the second pane showed; turning it on adopts the first's. */
export function toggleSync(side: SideBySide, primary: PaneView): SideBySide {
  return side.synced
    ? { ...side, synced: false, view: primary }
    : { ...side, synced: true, view: primary };
}
