import type { CaseSearchHit, SearchResult, WordBox } from '@sohoa/contracts';

/**
 * Where a word box sits over the page, in percent of the upright page (the Viewer's overlay
 * box), so it follows zoom and view rotation.
 */
export function boxStyle(
  box: Pick<WordBox, 'x' | 'y' | 'width' | 'height'>,
  uprightWidthPx: number,
  uprightHeightPx: number,
): { left: string; top: string; width: string; height: string } {
  const pct = (v: number, of: number) => `${((v / of) * 100).toFixed(3)}%`;
  return {
    left: pct(box.x, uprightWidthPx),
    top: pct(box.y, uprightHeightPx),
    width: pct(box.width, uprightWidthPx),
    height: pct(box.height, uprightHeightPx),
  };
}

export interface HitGroup {
  /** The document's id, or null for pages outside any document. */
  documentId: string | null;
  typeCode: string | null;
  title: string | null;
  hits: CaseSearchHit[];
}

/** Hits of one case grouped by document, in the order the server returned them (scan order). */
export function groupHitsByDocument(hits: readonly CaseSearchHit[]): HitGroup[] {
  const groups: HitGroup[] = [];
  for (const hit of hits) {
    const id = hit.document?.id ?? null;
    const last = groups[groups.length - 1];
    if (last && last.documentId === id) {
      last.hits.push(hit);
    } else {
      groups.push({
        documentId: id,
        typeCode: hit.document?.typeCode ?? null,
        title: hit.document?.title ?? null,
        hits: [hit],
      });
    }
  }
  return groups;
}

/** "BL 12", "BL 12a", or the scan position when the page has no bút lục. */
export function hitPlace(hit: Pick<CaseSearchHit, 'butLuc' | 'butLucSuffix' | 'volume' | 'seq'>) {
  return hit.butLuc === null
    ? { butLuc: null, volume: hit.volume, seq: hit.seq }
    : { butLuc: `${hit.butLuc}${hit.butLucSuffix ?? ''}`, volume: hit.volume, seq: hit.seq };
}

/**
 * The total to show once some batches are loaded: when the last batch is in (no next cursor),
 * every hit is on screen and their number is exact, whatever the server said up front (a total
 * it did not count, from the planner's estimate, or one counted only up to the cap).
 */
export function shownSearchTotal({
  result,
  loadedHits,
}: {
  result: Pick<SearchResult, 'total' | 'totalCapped' | 'nextCursor'>;
  loadedHits: number;
}): { total: number; capped: boolean } {
  return result.nextCursor === null
    ? { total: loadedHits, capped: false }
    : { total: result.total, capped: result.totalCapped };
}
