import { describe, expect, it } from 'vitest';
import {
  assembleFigures,
  countSheets,
  evaluateTarget,
  monthsOf,
  resolvePeriod,
  sumFigures,
  emptyFigures,
} from './dashboard.models.ts';

describe('resolvePeriod', () => {
  const now = new Date('2026-11-30T04:00:00Z');
  it('defaults to the calendar year of today', () => {
    expect(resolvePeriod({ now })).toEqual({ from: '2026-01-01', to: '2026-12-31' });
  });
  it('ends a period given only its start at the end of that year', () => {
    expect(resolvePeriod({ from: '2025-07-01', now })).toEqual({
      from: '2025-07-01',
      to: '2025-12-31',
    });
  });
  it('refuses a start after the end and spans over ten years', () => {
    expect(resolvePeriod({ from: '2026-02-01', to: '2026-01-31', now })).toBeNull();
    expect(resolvePeriod({ from: '2000-01-01', to: '2026-01-01', now })).toBeNull();
    expect(resolvePeriod({ from: '2026-03-01', to: '2026-03-01', now })).toEqual({
      from: '2026-03-01',
      to: '2026-03-01',
    });
  });
});

describe('monthsOf', () => {
  it('lists every month the period touches, across a new year', () => {
    expect(monthsOf({ from: '2025-11-15', to: '2026-02-01' })).toEqual([
      '2025-11',
      '2025-12',
      '2026-01',
      '2026-02',
    ]);
    expect(monthsOf({ from: '2026-03-01', to: '2026-03-31' })).toEqual(['2026-03']);
  });
});

describe('countSheets', () => {
  it('counts one sheet per distinct bút lục, with its suffix, whatever number of sides was scanned', () => {
    expect(
      countSheets([
        { butLuc: 1, butLucSuffix: null, isBlank: false },
        { butLuc: 1, butLucSuffix: null, isBlank: false },
        { butLuc: 2, butLucSuffix: null, isBlank: false },
        { butLuc: 2, butLucSuffix: 'a', isBlank: false },
      ]),
    ).toBe(3);
  });
  it('takes a blank unnumbered page as the back of a sheet and any other unnumbered page as a sheet', () => {
    expect(
      countSheets([
        { butLuc: 1, butLucSuffix: null, isBlank: false },
        { butLuc: null, butLucSuffix: null, isBlank: true },
        { butLuc: null, butLucSuffix: null, isBlank: false },
      ]),
    ).toBe(2);
    expect(countSheets([])).toBe(0);
  });
});

describe('evaluateTarget', () => {
  const year = { from: '2026-01-01', to: '2026-12-31' };
  const atLeast = (actual: number | null, today: string) =>
    evaluateTarget({ actual, comparator: '>=', value: 10, ...year, today });

  it('is met as soon as the goal is reached, even early', () => {
    expect(atLeast(10, '2026-02-01').status).toBe('met');
    expect(atLeast(12, '2027-01-05').status).toBe('met');
  });
  it('is missed once the period is over without reaching it', () => {
    expect(atLeast(9, '2027-01-01').status).toBe('missed');
  });
  it('is at risk when behind a linear schedule, on track otherwise', () => {
    // 1 July is day 182 of 365: 10 × 182/365 ≈ 4.99 expected by then.
    expect(atLeast(4, '2026-07-01')).toEqual({ status: 'at_risk', expectedByNow: 4.99 });
    expect(atLeast(5, '2026-07-01')).toEqual({ status: 'on_track', expectedByNow: 4.99 });
    // The last day expects the full goal.
    expect(atLeast(9, '2026-12-31')).toEqual({ status: 'at_risk', expectedByNow: 10 });
  });
  it('expects nothing before the period starts', () => {
    expect(atLeast(0, '2025-12-01')).toEqual({ status: 'on_track', expectedByNow: 0 });
  });
  it('counts a share without any indicted case as zero', () => {
    expect(atLeast(null, '2027-01-01').status).toBe('missed');
  });
  it('treats <= as a ceiling: missed once exceeded, met when the period ends within it', () => {
    const atMost = (actual: number, today: string) =>
      evaluateTarget({ actual, comparator: '<=', value: 10, ...year, today });
    expect(atMost(11, '2026-03-01').status).toBe('missed');
    expect(atMost(10, '2027-01-01').status).toBe('met');
    expect(atMost(8, '2026-02-01').status).toBe('at_risk');
    expect(atMost(2, '2026-07-01').status).toBe('on_track');
  });
});

describe('figures', () => {
  it('recomputes a rolled-up share from its counts instead of averaging shares', () => {
    const a = {
      ...emptyFigures(),
      indictedCases: 1,
      indictedDigitized: 1,
      indictedShareDigitized: 100,
    };
    const b = {
      ...emptyFigures(),
      indictedCases: 3,
      indictedDigitized: 0,
      indictedShareDigitized: 0,
    };
    expect(sumFigures([a, b]).indictedShareDigitized).toBe(25);
    expect(sumFigures([]).indictedShareDigitized).toBeNull();
  });
  it('assembles per-unit rows, month rows and hearings into figures and a trend', () => {
    const row = {
      unit_id: null,
      received_month: null,
      digitized_month: null,
      cases_received: 0,
      cases_digitized: 0,
      pages_digitized: 0,
      sheets_digitized: 0,
      indicted_cases: 0,
      indicted_digitized: 0,
      pages_awaiting_review: 0,
      ocr_failures: 0,
    };
    const { perUnit, totals, trend } = assembleFigures({
      unitIds: ['u1', 'u2'],
      period: { from: '2026-01-01', to: '2026-02-28' },
      caseRows: [
        { ...row, unit_id: 'u1', cases_received: 2, indicted_cases: 2, indicted_digitized: 1 },
        { ...row, received_month: '2026-02', cases_received: 2 },
        { ...row, received_month: '2025-12', cases_received: 5 },
        { ...row, digitized_month: '2026-01', cases_digitized: 1, pages_digitized: 7 },
      ],
      hearingRows: [{ unit_id: 'u2', month: '2026-02', hearings: 2, with_digitized_file: 1 }],
    });
    expect(perUnit.get('u1')).toMatchObject({ casesReceived: 2, indictedShareDigitized: 50 });
    expect(perUnit.get('u2')).toMatchObject({ hearings: 2, hearingsWithDigitizedFile: 1 });
    expect(totals).toMatchObject({ casesReceived: 2, hearingsWithDigitizedFile: 1 });
    expect(trend).toEqual([
      {
        month: '2026-01',
        casesReceived: 0,
        casesDigitized: 1,
        pagesDigitized: 7,
        hearingsWithDigitizedFile: 0,
      },
      {
        month: '2026-02',
        casesReceived: 2,
        casesDigitized: 0,
        pagesDigitized: 0,
        hearingsWithDigitizedFile: 1,
      },
    ]);
  });
});
