/*
 * The bút lục integrity report of a case: every sheet numbered once, in sequence. Pure: takes the
 * pages in scan order, returns inferred values and anomalies. Anomaly types follow the evaluation
 * format: `missing` (a non-blank page without a number), `duplicate` (one number on several pages),
 * `skip` (numbers jumped over), plus `out_of_order`.
 */

export interface IntegrityPage {
  id: string;
  volume: number;
  /** Position in the volume, scan order. */
  seq: number;
  isBlank: boolean;
  butLuc: number | null;
  /** MANUAL values are trusted and never overridden by inference. */
  source: 'READ' | 'INFERRED' | 'MANUAL' | null;
}

export type IntegrityAnomaly =
  | { type: 'missing'; pages: string[]; butluc: number | null }
  | { type: 'duplicate'; pages: string[]; butluc: number }
  | { type: 'skip'; pages: string[]; butluc: number; skipped: number[] }
  | { type: 'out_of_order'; pages: string[]; butluc: number };

export interface IntegrityReport {
  /** Scan order runs with the numbers (ascending) or against them (files numbered bottom-up). */
  direction: 'ascending' | 'descending' | 'unknown';
  /** Values the sequence makes certain for pages where nothing was read. */
  inferred: Array<{ pageId: string; butLuc: number }>;
  anomalies: IntegrityAnomaly[];
  /** Volume covers: unnumbered pages before the first numbered one of a volume. */
  covers: string[];
  numberedSheets: number;
  blankPages: number;
  /** Highest bút lục, the sheet count a complete file states. */
  highestButLuc: number | null;
  /** When the file states its sheet count (bìa: "gồm … bút lục"), whether it matches. */
  statedSheets: number | null;
  statedMatches: boolean | null;
}

function detectDirection(values: number[]): IntegrityReport['direction'] {
  let up = 0;
  let down = 0;
  for (let i = 1; i < values.length; i++) {
    const d = values[i]! - values[i - 1]!;
    if (d > 0) {
      up++;
    } else if (d < 0) {
      down++;
    }
  }
  if (up === 0 && down === 0) {
    return 'unknown';
  }
  return up >= down ? 'ascending' : 'descending';
}

/**
 * Builds the report. A missing value is inferred only when certain: the nearest numbered neighbours
 * on both sides (skipping blank back sides) differ by exactly 2 in the file's direction.
 */
export function buildIntegrityReport({
  pages,
  statedSheets = null,
}: {
  pages: IntegrityPage[];
  statedSheets?: number | null;
}): IntegrityReport {
  const ordered = [...pages].sort((a, b) => a.volume - b.volume || a.seq - b.seq);
  const numbered = ordered.filter((p) => p.butLuc !== null && !p.isBlank);
  const direction = detectDirection(numbered.map((p) => p.butLuc!));
  const step = direction === 'descending' ? -1 : 1;
  const anomalies: IntegrityAnomaly[] = [];
  const inferred: IntegrityReport['inferred'] = [];
  const covers: string[] = [];

  // Covers: unnumbered, non-blank pages before the first numbered page of each volume.
  const firstNumberedSeq = new Map<number, number>();
  for (const p of numbered) {
    if (!firstNumberedSeq.has(p.volume)) {
      firstNumberedSeq.set(p.volume, p.seq);
    }
  }
  const content = ordered.filter((p) => !p.isBlank);
  for (const [i, p] of content.entries()) {
    if (p.butLuc !== null) {
      continue;
    }
    const first = firstNumberedSeq.get(p.volume);
    if (first === undefined || p.seq < first) {
      covers.push(p.id);
      continue;
    }
    const prev = content
      .slice(0, i)
      .reverse()
      .find((q) => q.butLuc !== null);
    const next = content.slice(i + 1).find((q) => q.butLuc !== null);
    const certain = prev && next && next.butLuc! - prev.butLuc! === 2 * step;
    const value = certain ? prev.butLuc! + step : null;
    if (value !== null) {
      inferred.push({ pageId: p.id, butLuc: value });
    }
    anomalies.push({ type: 'missing', pages: [p.id], butluc: value });
  }

  const byValue = new Map<number, string[]>();
  for (const p of numbered) {
    byValue.set(p.butLuc!, [...(byValue.get(p.butLuc!) ?? []), p.id]);
  }
  for (const [value, ids] of byValue) {
    if (ids.length > 1) {
      anomalies.push({ type: 'duplicate', pages: ids, butluc: value });
    }
  }

  // Walk the numbered pages (with inferred values) in scan order: jumps are skips, steps back are out of order.
  const withInferred = content
    .map((p) => ({
      id: p.id,
      value: p.butLuc ?? inferred.find((x) => x.pageId === p.id)?.butLuc ?? null,
    }))
    .filter((p): p is { id: string; value: number } => p.value !== null);
  // An outlier sits between neighbours that follow each other (3, 12, 4): the outlier is out of order.
  const outliers = new Set(
    withInferred
      .filter((p, i) => {
        const prev = withInferred[i - 1];
        const next = withInferred[i + 1];
        if (!prev || !next) {
          return false;
        }
        const neighboursFit =
          (next.value - prev.value) * step >= 0 && Math.abs(next.value - prev.value) <= 2;
        const fits = (p.value - prev.value) * step >= 0 && (next.value - p.value) * step >= 0;
        return neighboursFit && !fits;
      })
      .map((p) => p.id),
  );
  for (const p of withInferred.filter((q) => outliers.has(q.id))) {
    anomalies.push({ type: 'out_of_order', pages: [p.id], butluc: p.value });
  }
  const walk = withInferred.filter((p) => !outliers.has(p.id));
  let expected: number | null = null;
  for (const [i, p] of walk.entries()) {
    if (expected !== null && p.value !== expected && p.value !== expected - step) {
      const forward = (p.value - expected) * step > 0;
      if (forward) {
        const skipped: number[] = [];
        for (let v: number = expected; v !== p.value; v += step) {
          skipped.push(v);
        }
        anomalies.push({
          type: 'skip',
          pages: [walk[i - 1]!.id, p.id],
          butluc: skipped[0]!,
          skipped,
        });
      } else {
        anomalies.push({ type: 'out_of_order', pages: [p.id], butluc: p.value });
        continue;
      }
    }
    expected = p.value + step;
  }

  const highest = numbered.length > 0 ? Math.max(...numbered.map((p) => p.butLuc!)) : null;
  return {
    direction,
    inferred,
    anomalies,
    covers,
    numberedSheets: new Set(numbered.map((p) => p.butLuc)).size + inferred.length,
    blankPages: ordered.filter((p) => p.isBlank).length,
    highestButLuc: highest,
    statedSheets,
    statedMatches: statedSheets === null ? null : statedSheets === (highest ?? 0),
  };
}

/**
 * A stable name for one anomaly, so a reviewer's explanation of it survives re-computation of the
 * report: the type, the number and the pages involved (page ids do not change on re-processing).
 */
export function anomalyKey(anomaly: IntegrityAnomaly): string {
  return `${anomaly.type}:${anomaly.butluc ?? '-'}:${anomaly.pages.join(',')}`;
}
