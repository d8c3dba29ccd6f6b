import { describe, expect, it } from 'vitest';
import { buildIntegrityReport, type IntegrityPage } from './integrity.ts';

/** Pages from a compact spec: numbers, 'B' for a blank back side, '-' for an unnumbered page. */
function pages(spec: Array<number | 'B' | '-'>, volume = 1): IntegrityPage[] {
  return spec.map((s, i) => ({
    id: `v${volume}p${i + 1}`,
    volume,
    seq: i + 1,
    isBlank: s === 'B',
    butLuc: typeof s === 'number' ? s : null,
    source: typeof s === 'number' ? 'READ' : null,
  }));
}

describe('bút lục integrity report', () => {
  it('finds nothing wrong in a clean file with a cover and blank back sides', () => {
    const report = buildIntegrityReport({
      pages: [...pages(['-', 1, 'B', 2, 3, 4]), ...pages(['-', 5, 6], 2)],
    });
    expect(report.anomalies).toEqual([]);
    expect(report.covers).toEqual(['v1p1', 'v2p1']);
    expect(report.direction).toBe('ascending');
    expect(report.highestButLuc).toBe(6);
    expect(report.blankPages).toBe(1);
  });

  it('infers a missing number only when both neighbours make it certain', () => {
    const report = buildIntegrityReport({ pages: pages([1, 2, '-', 4, 5]) });
    expect(report.inferred).toEqual([{ pageId: 'v1p3', butLuc: 3 }]);
    expect(report.anomalies).toEqual([{ type: 'missing', pages: ['v1p3'], butluc: 3 }]);
    const unsure = buildIntegrityReport({ pages: pages([1, 2, '-', 5, 6]) });
    expect(unsure.inferred).toEqual([]);
    expect(unsure.anomalies[0]).toEqual({ type: 'missing', pages: ['v1p3'], butluc: null });
  });

  it('reports duplicates and skipped numbers', () => {
    const report = buildIntegrityReport({ pages: pages([1, 2, 3, 3, 4, 7, 8]) });
    expect(report.anomalies).toContainEqual({
      type: 'duplicate',
      pages: ['v1p3', 'v1p4'],
      butluc: 3,
    });
    expect(report.anomalies).toContainEqual({
      type: 'skip',
      pages: ['v1p5', 'v1p6'],
      butluc: 5,
      skipped: [5, 6],
    });
  });

  it('understands files numbered bottom-up', () => {
    const report = buildIntegrityReport({ pages: pages([9, 8, 'B', 7, '-', 5, 4]) });
    expect(report.direction).toBe('descending');
    expect(report.inferred).toEqual([{ pageId: 'v1p5', butLuc: 6 }]);
    expect(report.anomalies.filter((a) => a.type !== 'missing')).toEqual([]);
  });

  it('flags a page out of order and compares with the stated sheet count', () => {
    const report = buildIntegrityReport({ pages: pages([1, 2, 3, 12, 4, 5]), statedSheets: 6 });
    expect(report.anomalies).toEqual([{ type: 'out_of_order', pages: ['v1p4'], butluc: 12 }]);
    expect(report.statedMatches).toBe(false);
  });
});
