import type { Case } from '@sohoa/contracts';
import { describe, expect, it } from 'vitest';
import {
  hasCharges,
  stageForKind,
  stagesForKind,
  caseFormOf,
  emptyCaseForm,
  fieldErrorsFromIssues,
  toCreateBody,
  toUpdateBody,
  validateCaseForm,
} from './case-form.ts';

const CASE: Case = {
  id: 'case_0123456789',
  unitId: 'unit_0123456789',
  nationalCode: null,
  internalNumber: '27/2025/HS',
  kind: 'criminal',
  title: 'Vụ Lò Văn Sáng',
  charges: [{ name: 'Trộm cắp tài sản', article: 173, clause: '1', law: 'BLHS 2015' }],
  stage: 'INVESTIGATION',
  confidentiality: 'NORMAL',
  digitizationStatus: 'RECEIVED',
  parties: [{ fullName: 'Lò Văn Sáng', roleCode: 'BI_CAN' }],
  assigneeIds: [],
  createdBy: null,
  createdAt: '2025-01-01T00:00:00Z',
  updatedAt: '2025-01-01T00:00:00Z',
};

describe('case form', () => {
  it('requires a title and a kind, and checks charges and parties row by row', () => {
    const values = emptyCaseForm();
    values.charges.push({ name: '', article: '17x', clause: '', law: '' });
    values.parties.push({ fullName: 'A B', roleCode: '' });
    values.internalNumber = 'x'.repeat(65);
    expect(validateCaseForm(values)).toEqual({
      title: 'required',
      kind: 'required',
      internalNumber: 'tooLong',
      'charges.0.name': 'required',
      'charges.0.article': 'article',
      'parties.0.roleCode': 'required',
    });
    expect(validateCaseForm(caseFormOf(CASE))).toEqual({});
  });

  it('builds the create body with nulls for empty optional fields', () => {
    const values = {
      ...emptyCaseForm(),
      title: '  Vụ A ',
      kind: 'civil' as const,
      charges: [{ name: 'Tội X', article: '', clause: ' ', law: '' }],
    };
    expect(toCreateBody(values)).toEqual({
      title: 'Vụ A',
      kind: 'civil',
      nationalCode: null,
      internalNumber: null,
      stage: 'INVESTIGATION',
      confidentiality: 'NORMAL',
      charges: [{ name: 'Tội X', article: null, clause: null, law: 'BLHS 2015' }],
      parties: [],
    });
  });

  it('sends only what changed when editing', () => {
    const values = caseFormOf(CASE);
    expect(toUpdateBody(values, CASE)).toEqual({});
    values.stage = 'PROSECUTION';
    values.internalNumber = '';
    values.charges[0]!.article = '174';
    expect(toUpdateBody(values, CASE)).toEqual({
      stage: 'PROSECUTION',
      internalNumber: null,
      charges: [{ name: 'Trộm cắp tài sản', article: 174, clause: '1', law: 'BLHS 2015' }],
    });
  });

  it('puts server issues on their fields and keeps the others apart', () => {
    const values = caseFormOf(CASE);
    expect(
      fieldErrorsFromIssues(
        [
          { path: 'title', message: 'Too big' },
          { path: 'charges.0.article', message: 'Too small' },
          { path: 'assigneeIds.0', message: 'bad id' },
        ],
        values,
      ),
    ).toEqual({
      fields: { title: 'Too big', 'charges.0.article': 'Too small' },
      other: ['assigneeIds.0: bad id'],
    });
  });
});

describe('stages and charges by kind', () => {
  it('offers court stages only to non-criminal cases, and keeps a stage that still applies', () => {
    expect(stagesForKind('criminal')).toContain('INVESTIGATION');
    expect(stagesForKind('')).toContain('PROSECUTION');
    expect(stagesForKind('commercial')).not.toContain('INVESTIGATION');
    expect(stagesForKind('civil')[0]).toBe('FIRST_INSTANCE');
    expect(stageForKind('commercial', 'INVESTIGATION')).toBe('FIRST_INSTANCE');
    expect(stageForKind('commercial', 'APPEAL')).toBe('APPEAL');
    expect(stageForKind('criminal', 'PROSECUTION')).toBe('PROSECUTION');
    expect(hasCharges('criminal')).toBe(true);
    expect(hasCharges('family')).toBe(false);
  });
});
