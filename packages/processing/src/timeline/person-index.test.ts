import { PERSON_ROLES, TIMELINE_DOCUMENT_TYPES } from '@sohoa/contracts';
import { describe, expect, it } from 'vitest';
import { buildPersonIndex } from './person-index.ts';
import type { TimelineDocument } from './timeline.types.ts';

const doc = (
  id: string,
  typeCode: string,
  date: string | null,
  position: number,
  persons: Array<[string, string]>,
): TimelineDocument => ({
  id,
  typeCode,
  date,
  number: null,
  title: null,
  volume: 1,
  position,
  butLucFrom: position * 2,
  butLucTo: position * 2 + 1,
  persons: persons.map(([name, role]) => ({ name, role })),
});

describe('person index', () => {
  const documents = [
    doc('d1', 'QD_KHOI_TO_BI_CAN', '2019-03-09', 1, [
      ['Vũ Hữu Long', 'BI_CAN'],
      ['Đỗ Tuấn Phúc', 'NGUOI_KY'],
    ]),
    doc('d2', 'BB_HOI_CUNG_BI_CAN', '2019-03-20', 2, [
      ['Vu Huu Long', 'BI_CAN'],
      ['Hà Quang Duy', 'DIEU_TRA_VIEN'],
    ]),
    doc('d3', 'BAN_TU_KHAI', '2019-03-06', 3, [['Vũ Hữu Lonq', 'BI_CAN']]),
    doc('d4', 'BB_GHI_LOI_KHAI', '2019-03-05', 4, [
      ['Nguyễn Đức Long', 'BI_HAI'],
      ['Hà Quang Duy', 'DIEU_TRA_VIEN'],
    ]),
  ];
  const { persons } = buildPersonIndex({
    documents,
    types: TIMELINE_DOCUMENT_TYPES,
    personRoles: PERSON_ROLES,
  });
  const long = persons.find((p) => p.name === 'Vũ Hữu Long')!;

  it('groups spelling variants under the usual spelling', () => {
    expect(long.variants.sort()).toEqual(['Vu Huu Long', 'Vũ Hữu Long', 'Vũ Hữu Lonq']);
    expect(long.appearances.map((a) => a.documentId)).toEqual(['d1', 'd2', 'd3']);
    expect(long.roles).toEqual(['BI_CAN']);
  });

  it('lists a person’s own statements in date order, not the records an official made', () => {
    expect(long.statements.map((s) => [s.documentId, s.date])).toEqual([
      ['d3', '2019-03-06'],
      ['d2', '2019-03-20'],
    ]);
    const officer = persons.find((p) => p.name === 'Hà Quang Duy')!;
    expect(officer.appearances).toHaveLength(2);
    expect(officer.statements).toEqual([]);
  });

  it('a declarant found by structuring decides whose statement it is', () => {
    const confrontation = doc('d5', 'BB_DOI_CHAT', '2019-03-23', 5, [
      ['Vũ Hữu Long', 'BI_CAN'],
      ['Phan Mạnh Huy', 'BI_CAN'],
    ]);
    const withDeclarant = {
      ...doc('d6', 'BAN_TU_KHAI', '2019-03-07', 6, []),
      declarant: { name: 'Phan Mạnh Huy', role: 'BI_CAN' },
    };
    const index = buildPersonIndex({
      documents: [...documents, confrontation, withDeclarant],
      types: TIMELINE_DOCUMENT_TYPES,
      personRoles: PERSON_ROLES,
    }).persons;
    const huy = index.find((p) => p.name === 'Phan Mạnh Huy')!;
    expect(huy.statements.map((s) => s.documentId)).toEqual(['d6', 'd5']);
    expect(
      index.find((p) => p.name === 'Vũ Hữu Long')!.statements.map((s) => s.documentId),
    ).toEqual(['d3', 'd2', 'd5']);
  });

  it('keeps different people apart', () => {
    expect(persons.map((p) => p.name)).toEqual([
      'Đỗ Tuấn Phúc',
      'Hà Quang Duy',
      'Nguyễn Đức Long',
      'Vũ Hữu Long',
    ]);
  });
});
