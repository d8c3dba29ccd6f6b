import { DOCUMENT_TYPES } from '@sohoa/contracts';
import { describe, expect, it } from 'vitest';
import { typeOptionsFor } from './type-options.ts';

describe('document type choices', () => {
  it('offers the catalogue types of the case kind, sorted in Vietnamese, plus the current one', () => {
    const criminal = typeOptionsFor({ caseKind: 'criminal', currentCode: null });
    const expected = DOCUMENT_TYPES.filter(
      (t) => t.case_kinds.length === 0 || t.case_kinds.includes('criminal'),
    ).length;
    expect(criminal.length).toBe(expected);
    expect(criminal.length).toBeGreaterThan(10);
    const names = criminal.map((o) => o.name.vi);
    expect(names).toEqual([...names].sort((a, b) => a.localeCompare(b, 'vi')));
    const foreign = DOCUMENT_TYPES.find(
      (t) => t.case_kinds.length > 0 && !t.case_kinds.includes('criminal'),
    );
    if (foreign) {
      expect(criminal.some((o) => o.code === foreign.code)).toBe(false);
      expect(
        typeOptionsFor({ caseKind: 'criminal', currentCode: foreign.code }).some(
          (o) => o.code === foreign.code,
        ),
      ).toBe(true);
    }
  });
});
