import * as contracts from '@sohoa/contracts';
import { describe, expect, it } from 'vitest';
import * as lists from './enum-lists.ts';

describe('enum lists from the label tables', () => {
  it('are the contracts enums, in the same order', () => {
    expect(lists.CASE_KINDS).toEqual([...contracts.CASE_KINDS]);
    expect(lists.CASE_STAGES).toEqual([...contracts.CASE_STAGES]);
    expect(lists.CONFIDENTIALITY_LEVELS).toEqual([...contracts.CONFIDENTIALITY_LEVELS]);
    expect(lists.DIGITIZATION_STATUSES).toEqual([...contracts.DIGITIZATION_STATUSES]);
  });
});
