import type {
  DashboardFigures,
  TargetComparator,
  TargetMetric,
  TargetStatus,
} from '@sohoa/contracts';

/*
 * Pure rules of the steering dashboard: periods, sheet counting, roll-ups and target status.
 * The repository computes the same sheet rule in SQL; the tests hold both to these definitions.
 */

const DAY_MS = 86_400_000;
const MAX_PERIOD_DAYS = 3660;

export const isoDay = (date: Date) => date.toISOString().slice(0, 10);
const dayNumber = (iso: string) => Math.floor(Date.parse(`${iso}T00:00:00Z`) / DAY_MS);

/**
 * The period of a dashboard request: both ends inclusive calendar days (UTC). Missing ends default
 * to this calendar year (1 January – 31 December of `now`). Returns null when the start is after
 * the end or the span exceeds ten years (the caller answers `dashboard.invalid_period`).
 */
export function resolvePeriod({
  from,
  to,
  now = new Date(),
}: {
  from?: string;
  to?: string;
  now?: Date;
}): { from: string; to: string } | null {
  const year = now.getUTCFullYear();
  const start = from ?? `${year}-01-01`;
  const end = to ?? `${from ? from.slice(0, 4) : year}-12-31`;
  if (start > end || dayNumber(end) - dayNumber(start) > MAX_PERIOD_DAYS) {
    return null;
  }
  return { from: start, to: end };
}

/** The months 'YYYY-MM' a period touches, in order. */
export function monthsOf({ from, to }: { from: string; to: string }): string[] {
  const out: string[] = [];
  let y = Number(from.slice(0, 4));
  let m = Number(from.slice(5, 7));
  const last = to.slice(0, 7);
  for (;;) {
    const key = `${y}-${String(m).padStart(2, '0')}`;
    if (key > last) {
      return out;
    }
    out.push(key);
    m += 1;
    if (m > 12) {
      m = 1;
      y += 1;
    }
  }
}

export interface SheetPage {
  /** The effective bút lục (a human correction wins over the detected number). */
  butLuc: number | null;
  butLucSuffix: string | null;
  isBlank: boolean;
}

/**
 * Sheets (tờ) of a case file. The bút lục is written once per sheet (on its front), so every
 * distinct bút lục — with its suffix: "12a" is a sheet inserted after 12 — is one sheet, whatever
 * number of sides was scanned. A page with no bút lục cannot be tied to a sheet: a blank one is
 * taken as the back of the sheet before it (not counted), any other one counts as a sheet of its
 * own (so a file without numbering yet counts its non-blank pages).
 */
export function countSheets(pages: readonly SheetPage[]): number {
  const numbered = new Set<string>();
  let unnumbered = 0;
  for (const p of pages) {
    if (p.butLuc !== null) {
      numbered.add(`${p.butLuc}/${p.butLucSuffix ?? ''}`);
    } else if (!p.isBlank) {
      unnumbered += 1;
    }
  }
  return numbered.size + unnumbered;
}

export const emptyFigures = (): DashboardFigures => ({
  casesReceived: 0,
  casesDigitized: 0,
  pagesDigitized: 0,
  sheetsDigitized: 0,
  indictedCases: 0,
  indictedDigitized: 0,
  indictedShareDigitized: null,
  hearings: 0,
  hearingsWithDigitizedFile: 0,
  pagesAwaitingReview: 0,
  ocrFailures: 0,
});

/** Share in percent with one decimal, null without a denominator. */
export const shareOf = (part: number, whole: number) =>
  whole === 0 ? null : Math.round((part / whole) * 1000) / 10;

/** Adds figures (shares are recomputed from their counts, never averaged). */
export function sumFigures(list: readonly DashboardFigures[]): DashboardFigures {
  const total = emptyFigures();
  for (const f of list) {
    total.casesReceived += f.casesReceived;
    total.casesDigitized += f.casesDigitized;
    total.pagesDigitized += f.pagesDigitized;
    total.sheetsDigitized += f.sheetsDigitized;
    total.indictedCases += f.indictedCases;
    total.indictedDigitized += f.indictedDigitized;
    total.hearings += f.hearings;
    total.hearingsWithDigitizedFile += f.hearingsWithDigitizedFile;
    total.pagesAwaitingReview += f.pagesAwaitingReview;
    total.ocrFailures += f.ocrFailures;
  }
  total.indictedShareDigitized = shareOf(total.indictedDigitized, total.indictedCases);
  return total;
}

/** The figure a target metric reads. */
export function metricValue({
  figures,
  metric,
}: {
  figures: DashboardFigures;
  metric: TargetMetric;
}): number | null {
  switch (metric) {
    case 'hearings_with_digitized_file':
      return figures.hearingsWithDigitizedFile;
    case 'indicted_share_digitized':
      return figures.indictedShareDigitized;
    case 'cases_digitized':
      return figures.casesDigitized;
    case 'pages_digitized':
      return figures.pagesDigitized;
  }
}

/**
 * Status of a target on `today` (a calendar day):
 * - `>=`: met once reached; otherwise missed after the period; otherwise at risk when behind a
 *   linear schedule (value × elapsed share of the period, counting today as elapsed), else on
 *   track. A share with no indicted case yet counts as 0.
 * - `<=` (a ceiling): missed as soon as it is exceeded; met once the period is over within it;
 *   at risk when the pro-rata allowance is already used up; else on track.
 * Before the period starts nothing is expected yet (on track, or met for a 0 goal).
 */
export function evaluateTarget({
  actual,
  comparator,
  value,
  from,
  to,
  today,
}: {
  actual: number | null;
  comparator: TargetComparator;
  value: number;
  from: string;
  to: string;
  today: string;
}): { status: TargetStatus; expectedByNow: number } {
  const total = dayNumber(to) - dayNumber(from) + 1;
  const elapsed = Math.min(Math.max(dayNumber(today) - dayNumber(from) + 1, 0), total);
  const expectedByNow = Math.round(((value * elapsed) / total) * 100) / 100;
  const over = today > to;
  const a = actual ?? 0;
  if (comparator === '>=') {
    if (a >= value) {
      return { status: 'met', expectedByNow };
    }
    if (over) {
      return { status: 'missed', expectedByNow };
    }
    return { status: a < expectedByNow ? 'at_risk' : 'on_track', expectedByNow };
  }
  if (a > value) {
    return { status: 'missed', expectedByNow };
  }
  if (over) {
    return { status: 'met', expectedByNow };
  }
  return { status: a > expectedByNow ? 'at_risk' : 'on_track', expectedByNow };
}

/** Rows of the two set queries (see dashboard.repository.ts), as plain data. */
export interface CaseFigureInput {
  unit_id: string | null;
  received_month: string | null;
  digitized_month: string | null;
  cases_received: number;
  cases_digitized: number;
  pages_digitized: number;
  sheets_digitized: number;
  indicted_cases: number;
  indicted_digitized: number;
  pages_awaiting_review: number;
  ocr_failures: number;
}
export interface HearingFigureInput {
  unit_id: string;
  month: string;
  hearings: number;
  with_digitized_file: number;
}

export interface TrendPoint {
  month: string;
  casesReceived: number;
  casesDigitized: number;
  pagesDigitized: number;
  hearingsWithDigitizedFile: number;
}

/** Per-unit figures (own cases only), subtree totals and the monthly trend of the period. */
export function assembleFigures({
  unitIds,
  caseRows,
  hearingRows,
  period,
}: {
  unitIds: readonly string[];
  caseRows: readonly CaseFigureInput[];
  hearingRows: readonly HearingFigureInput[];
  period: { from: string; to: string };
}) {
  const perUnit = new Map<string, DashboardFigures>(unitIds.map((id) => [id, emptyFigures()]));
  const trend = new Map<string, TrendPoint>(
    monthsOf(period).map((month) => [
      month,
      {
        month,
        casesReceived: 0,
        casesDigitized: 0,
        pagesDigitized: 0,
        hearingsWithDigitizedFile: 0,
      },
    ]),
  );
  for (const r of caseRows) {
    if (r.unit_id !== null) {
      const f = perUnit.get(r.unit_id);
      if (f) {
        f.casesReceived = r.cases_received;
        f.casesDigitized = r.cases_digitized;
        f.pagesDigitized = r.pages_digitized;
        f.sheetsDigitized = r.sheets_digitized;
        f.indictedCases = r.indicted_cases;
        f.indictedDigitized = r.indicted_digitized;
        f.indictedShareDigitized = shareOf(r.indicted_digitized, r.indicted_cases);
        f.pagesAwaitingReview = r.pages_awaiting_review;
        f.ocrFailures = r.ocr_failures;
      }
    } else if (r.received_month !== null) {
      const point = trend.get(r.received_month);
      if (point) {
        point.casesReceived = r.cases_received;
      }
    } else if (r.digitized_month !== null) {
      const point = trend.get(r.digitized_month);
      if (point) {
        point.casesDigitized = r.cases_digitized;
        point.pagesDigitized = r.pages_digitized;
      }
    }
  }
  for (const h of hearingRows) {
    const f = perUnit.get(h.unit_id);
    if (f) {
      f.hearings += h.hearings;
      f.hearingsWithDigitizedFile += h.with_digitized_file;
    }
    const point = trend.get(h.month);
    if (point) {
      point.hearingsWithDigitizedFile += h.with_digitized_file;
    }
  }
  return {
    perUnit,
    totals: sumFigures([...perUnit.values()]),
    trend: [...trend.values()],
  };
}
