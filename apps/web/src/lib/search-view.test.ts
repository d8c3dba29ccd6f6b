import type { CaseSearchHit } from '@sohoa/contracts';
import { describe, expect, it } from 'vitest';
import { boxStyle, groupHitsByDocument, hitPlace, shownSearchTotal } from './search-view.ts';

const hit = (pageId: string, documentId: string | null, butLuc: number | null): CaseSearchHit => ({
  case: { id: 'case_x', title: 'x', internalNumber: null, nationalCode: null },
  pageId,
  volume: 1,
  seq: 3,
  butLuc,
  butLucSuffix: null,
  document: documentId ? { id: documentId, typeCode: 'KHAC', title: null, issuedOn: null } : null,
  snippet: [],
  exactWords: true,
  uprightWidthPx: 1000,
  uprightHeightPx: 2000,
  boxes: [],
});

describe('search view logic', () => {
  it('places a pixel box in percent of the upright page', () => {
    expect(boxStyle({ x: 100, y: 500, width: 250, height: 40 }, 1000, 2000)).toEqual({
      left: '10.000%',
      top: '25.000%',
      width: '25.000%',
      height: '2.000%',
    });
  });

  it('groups consecutive hits of one document, keeping scan order', () => {
    const groups = groupHitsByDocument([
      hit('pg_1', 'doc_a', 1),
      hit('pg_2', 'doc_a', 2),
      hit('pg_3', null, null),
      hit('pg_4', 'doc_b', 4),
    ]);
    expect(groups.map((g) => [g.documentId, g.hits.map((h) => h.pageId)])).toEqual([
      ['doc_a', ['pg_1', 'pg_2']],
      [null, ['pg_3']],
      ['doc_b', ['pg_4']],
    ]);
  });

  it('names a hit by bút lục, else by its place in the volume', () => {
    expect(hitPlace({ butLuc: 12, butLucSuffix: 'a', volume: 1, seq: 3 }).butLuc).toBe('12a');
    expect(hitPlace({ butLuc: null, butLucSuffix: null, volume: 2, seq: 7 })).toEqual({
      butLuc: null,
      volume: 2,
      seq: 7,
    });
  });

  it('shows the exact number once the last batch is in, never "more than" a capped guess', () => {
    // The server skipped the count (its estimate said far more than the cap) but there were 40.
    expect(
      shownSearchTotal({
        result: { total: 1000, totalCapped: true, nextCursor: null },
        loadedHits: 40,
      }),
    ).toEqual({ total: 40, capped: false });
    expect(
      shownSearchTotal({
        result: { total: 1000, totalCapped: true, nextCursor: null },
        loadedHits: 1250,
      }),
    ).toEqual({ total: 1250, capped: false });
    expect(
      shownSearchTotal({
        result: { total: 1000, totalCapped: true, nextCursor: 'c1' },
        loadedHits: 50,
      }),
    ).toEqual({ total: 1000, capped: true });
    expect(
      shownSearchTotal({
        result: { total: 120, totalCapped: false, nextCursor: 'c1' },
        loadedHits: 50,
      }),
    ).toEqual({ total: 120, capped: false });
  });
});
