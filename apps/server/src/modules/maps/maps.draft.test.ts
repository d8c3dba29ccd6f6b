import { describe, expect, it } from 'vitest';
import { buildMapDraft, butLucLabel, type DraftDocument, type DraftInput } from './maps.draft.ts';

const roles: DraftInput['roles'] = new Map([
  ['BI_CAN', { name: 'Bị can', group: 'participant' }],
  ['BI_HAI', { name: 'Bị hại', group: 'participant' }],
  ['NGUYEN_DON', { name: 'Nguyên đơn', group: 'party' }],
  ['BI_DON', { name: 'Bị đơn', group: 'party' }],
]);
const sections = new Map([
  ['DS_NGUYEN_DON', 'Tập 2 – Tài liệu về nguyên đơn'],
  ['DS_TOA_AN_THU_THAP', 'Tập 5 – Tài liệu, chứng cứ do Tòa án thu thập'],
]);

const doc = (id: string, section: string, extra: Partial<DraftDocument> = {}): DraftDocument => ({
  id,
  typeCode: 'X',
  section,
  form: null,
  name: `Tài liệu ${id}`,
  date: null,
  butLucFrom: null,
  butLucTo: null,
  pageId: `pg_${id}`,
  ...extra,
});

function childrenOf(nodes: ReturnType<typeof buildMapDraft>['nodes'], text: string) {
  const parent = nodes.find((n) => n.text === text);
  expect(parent, text).toBeDefined();
  return nodes.filter((n) => n.parentId === parent!.id);
}

describe('buildMapDraft', () => {
  it('gives each accused the branches nhân thân, hành vi, lời khai and the circumstances', () => {
    const { nodes } = buildMapDraft({
      caseInfo: {
        title: 'Vụ trộm',
        kind: 'criminal',
        charges: [{ name: 'Trộm cắp tài sản', article: 173 }],
      },
      documents: [
        doc('a', 'HS_NHAN_THAN', { butLucFrom: 10, butLucTo: 12 }),
        doc('b', 'HS_LOI_KHAI_BI_CAN', { butLucFrom: 20, butLucTo: 20, date: '2025-02-03' }),
        doc('c', 'HS_THU_TUC_TO_TUNG', { date: '2025-01-01' }),
      ],
      persons: [
        { name: 'Lê Văn C', roles: ['BI_CAN'], documentIds: ['a', 'b', 'c'], statementIds: ['b'] },
      ],
      roles,
      sections,
    });
    expect(nodes[0]).toMatchObject({ parentId: null, text: 'Vụ trộm' });
    expect(childrenOf(nodes, 'Bị can: Lê Văn C').map((n) => n.text)).toEqual([
      'Nhân thân',
      'Hành vi',
      'Lời khai',
      'Tình tiết tăng nặng',
      'Tình tiết giảm nhẹ',
    ]);
    const identity = childrenOf(nodes, 'Nhân thân');
    expect(identity).toHaveLength(1);
    expect(identity[0]!.text).toBe('Tài liệu a (BL 10–12)');
    expect(identity[0]!.link).toEqual({ kind: 'document', documentId: 'a', pageId: 'pg_a' });
    expect(childrenOf(nodes, 'Lời khai')[0]!.text).toBe('Tài liệu b 03/02/2025 (BL 20)');
    expect(childrenOf(nodes, 'Tóm tắt vụ án')[0]!.text).toBe('Trộm cắp tài sản (Điều 173)');
    expect(childrenOf(nodes, 'Tiến trình tố tụng').map((n) => n.link)).toEqual([
      { kind: 'document', documentId: 'c', pageId: 'pg_c' },
    ]);
  });

  it('files expert conclusions and valuations apart under evidence, by catalogue type code', () => {
    const { nodes } = buildMapDraft({
      caseInfo: { title: 'V', kind: 'criminal', charges: [] },
      documents: [
        doc('g', 'HS_GIAM_DINH_DINH_GIA', { typeCode: 'KET_LUAN_GIAM_DINH' }),
        doc('d', 'HS_GIAM_DINH_DINH_GIA', { typeCode: 'KET_LUAN_DINH_GIA_TAI_SAN' }),
        doc('v', 'HS_VAT_CHUNG'),
      ],
      persons: [],
      roles,
      sections,
    });
    expect(childrenOf(nodes, 'Kết luận giám định').map((n) => n.text)).toEqual(['Tài liệu g']);
    expect(childrenOf(nodes, 'Định giá tài sản').map((n) => n.text)).toEqual(['Tài liệu d']);
    expect(childrenOf(nodes, 'Vật chứng').map((n) => n.text)).toEqual(['Tài liệu v']);
    // No victim, no civil matter: those branches are left out; open issues always come.
    expect(nodes.some((n) => n.text === 'Bị hại')).toBe(false);
    expect(nodes.some((n) => n.text === 'Vấn đề cần làm rõ')).toBe(true);
  });

  it('builds the civil branches: parties, claims, counterclaims, positions, evidence, issues', () => {
    const { nodes } = buildMapDraft({
      caseInfo: { title: 'Tranh chấp hợp đồng', kind: 'civil', charges: [] },
      documents: [
        doc('k', 'DS_NGUYEN_DON', { form: 'petition' }),
        doc('p', 'DS_BI_DON', { form: 'petition' }),
        doc('s', 'DS_NGUYEN_DON', { form: 'statement' }),
        doc('h', 'DS_NGUYEN_DON', { form: 'contract' }),
        doc('t', 'DS_TOA_AN_THU_THAP', { form: 'minutes' }),
      ],
      persons: [
        { name: 'Công ty A', roles: ['NGUYEN_DON'], documentIds: ['k', 's'], statementIds: ['s'] },
        { name: 'Ông B', roles: ['BI_DON'], documentIds: ['p'], statementIds: [] },
      ],
      roles,
      sections,
    });
    expect(nodes.filter((n) => n.parentId === 'n1').map((n) => n.text)).toEqual([
      'Đương sự',
      'Yêu cầu',
      'Yêu cầu phản tố',
      'Quan điểm của các bên',
      'Chứng cứ',
      'Vấn đề pháp lý cần giải quyết',
    ]);
    expect(childrenOf(nodes, 'Đương sự').map((n) => n.text)).toEqual([
      'Nguyên đơn: Công ty A',
      'Bị đơn: Ông B',
    ]);
    expect(childrenOf(nodes, 'Yêu cầu').map((n) => n.text)).toEqual(['Tài liệu k']);
    expect(childrenOf(nodes, 'Yêu cầu phản tố').map((n) => n.text)).toEqual(['Tài liệu p']);
    expect(childrenOf(nodes, 'Công ty A').map((n) => n.text)).toEqual(['Tài liệu s']);
    // Evidence grouped by volume; documents already placed above are not repeated.
    expect(childrenOf(nodes, 'Chứng cứ').map((n) => n.text)).toEqual([
      'Tập 2 – Tài liệu về nguyên đơn',
      'Tập 5 – Tài liệu, chứng cứ do Tòa án thu thập',
    ]);
    expect(childrenOf(nodes, 'Tập 2 – Tài liệu về nguyên đơn').map((n) => n.text)).toEqual([
      'Tài liệu h',
    ]);
  });

  it('labels bút lục ranges', () => {
    expect(butLucLabel(12, 15)).toBe('BL 12–15');
    expect(butLucLabel(7, 7)).toBe('BL 7');
    expect(butLucLabel(null, null)).toBe('');
  });
});
