import { describe, expect, it } from 'vitest';
import {
  formatCaseFilters,
  hasActiveFilters,
  pageCount,
  parseCaseFilters,
  toListCasesQuery,
  withFilter,
  type CaseFilters,
} from './case-filters.ts';

describe('case list filters in the URL', () => {
  it('reads every filter, and formats them back to the same query', () => {
    const search =
      'q=nguy%E1%BB%85n+v%C4%83n&kind=criminal&stage=PROSECUTION&unit=unit_0123456789ab&status=AWAITING_REVIEW&mine=1&page=3';
    const filters = parseCaseFilters(search);
    expect(filters).toEqual({
      q: 'nguyễn văn',
      kind: 'criminal',
      stage: 'PROSECUTION',
      unitId: 'unit_0123456789ab',
      digitizationStatus: 'AWAITING_REVIEW',
      assignedToMe: true,
      page: 3,
    });
    expect(formatCaseFilters(filters)).toBe(search);
    expect(parseCaseFilters(`?${formatCaseFilters(filters)}`)).toEqual(filters);
  });

  it('drops invalid values instead of failing', () => {
    expect(
      parseCaseFilters('kind=piracy&stage=x&unit=..%2Fadmin&status=DONE&mine=yes&page=-2&q=+++'),
    ).toEqual({});
    expect(parseCaseFilters('page=1.5')).toEqual({});
    expect(parseCaseFilters('page=1')).toEqual({});
    expect(parseCaseFilters(`q=${'a'.repeat(300)}`).q).toHaveLength(200);
  });

  it('formats no filter as an empty query', () => {
    expect(formatCaseFilters({})).toBe('');
    expect(formatCaseFilters({ page: 1, q: '  ' })).toBe('');
    expect(hasActiveFilters({ page: 4 })).toBe(false);
    expect(hasActiveFilters({ assignedToMe: true })).toBe(true);
  });

  it('goes back to the first page when a filter changes, and removes emptied filters', () => {
    const filters: CaseFilters = { kind: 'civil', q: 'abc', page: 5 };
    expect(withFilter(filters, { stage: 'APPEAL' })).toEqual({
      kind: 'civil',
      q: 'abc',
      stage: 'APPEAL',
    });
    expect(withFilter(filters, { kind: undefined, q: '' })).toEqual({});
    expect(withFilter({ assignedToMe: true }, { assignedToMe: false })).toEqual({});
  });

  it('builds the API query and the page count', () => {
    expect(toListCasesQuery({ assignedToMe: true, q: ' x ', page: 2 }, 20)).toEqual({
      assignedToMe: 'true',
      q: 'x',
      page: 2,
      pageSize: 20,
    });
    expect(toListCasesQuery({})).toEqual({ page: 1, pageSize: 20 });
    expect(pageCount(0)).toBe(1);
    expect(pageCount(20, 20)).toBe(1);
    expect(pageCount(21, 20)).toBe(2);
  });
});
