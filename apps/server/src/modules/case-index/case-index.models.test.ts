import { SECTIONS } from '@sohoa/contracts';
import { describe, expect, test } from 'vitest';
import { buildCaseIndex, formatDateVi, sentenceCase } from './case-index.models.ts';
import {
  buildSourceDocument,
  SAMPLE_CASE,
  SAMPLE_UNIT,
  sampleCriminalDocuments,
  structureOf,
} from './case-index.test-utils.ts';

const NOW = new Date('2026-11-29T08:00:00Z');

function build(language: 'vi' | 'en' = 'vi', documents = sampleCriminalDocuments()) {
  return buildCaseIndex({
    caseInfo: SAMPLE_CASE,
    unit: SAMPLE_UNIT,
    volumes: [
      { number: 1, title: null },
      { number: 2, title: 'Truy tố' },
    ],
    structure: structureOf({ documents }),
    language,
    now: NOW,
  }).index;
}

describe('buildCaseIndex', () => {
  test('groups rows per volume, then per section in catalogue order, with a running STT', () => {
    const index = build();
    expect(index.volumes.map((v) => v.number)).toEqual([1, 2]);
    const order = new Map(SECTIONS.map((s) => [s.code, s.order]));
    for (const volume of index.volumes) {
      const orders = volume.sections.map((s) => order.get(s.code)!);
      expect(orders).toEqual([...orders].sort((a, b) => a - b));
      expect(volume.sections.map((s) => s.number)).toEqual(volume.sections.map((_, i) => i + 1));
    }
    expect(index.volumes[0]!.sections.map((s) => s.code)).toEqual([
      'HS_THU_TUC_TO_TUNG',
      'HS_LOI_KHAI_BI_CAN',
      'HS_LOI_KHAI_NGUOI_LAM_CHUNG',
      'CHUNG_CHUA_PHAN_LOAI',
    ]);
    const rows = index.volumes.flatMap((v) => v.sections.flatMap((s) => s.rows));
    expect(rows.map((r) => r.stt)).toEqual([1, 2, 3, 4, 5]);
    expect(rows.map((r) => r.documentId)).toEqual([
      'doc_khoito',
      'doc_hoicung',
      'doc_loikhai',
      'doc_khac',
      'doc_caotrang',
    ]);
    expect(index.volumes[1]).toMatchObject({ title: 'Truy tố', documentCount: 1, sheetCount: 4 });
  });

  test('covers are not listed: they carry no bút lục', () => {
    const rows = build().volumes.flatMap((v) => v.sections.flatMap((s) => s.rows));
    expect(rows.some((r) => r.typeCode === 'BIA_HO_SO')).toBe(false);
  });

  test('a row has the sentence-case title, number, dd/mm/yyyy date, issuer, range and sheets', () => {
    const row = build().volumes[0]!.sections[0]!.rows[0]!;
    expect(row).toMatchObject({
      stt: 1,
      title: 'Quyết định khởi tố vụ án hình sự',
      number: '17/QĐ-CSĐT',
      date: '2021-04-02',
      dateText: '02/04/2021',
      issuer: 'Cơ quan Cảnh sát điều tra Công an huyện Đông Sơn',
      butLucFrom: 1,
      butLucTo: 2,
      butLucText: '1–2',
      sheets: 2,
      flags: [],
      notes: null,
      pages: ['tap1.pdf#2', 'tap1.pdf#3'],
    });
  });

  test('statements name the declarant, not the official who took them', () => {
    const rows = build().volumes[0]!.sections.flatMap((s) => s.rows);
    const witness = rows.find((r) => r.documentId === 'doc_loikhai')!;
    expect(witness.title).toBe('Biên bản ghi lời khai của người làm chứng Đinh Thị Hoa');
    expect(witness.person).toEqual({
      name: 'Đinh Thị Hoa',
      role: 'NGUOI_LAM_CHUNG',
      roleName: 'người làm chứng',
    });
    // The title already says whose statement it is: the role is not repeated.
    const accused = rows.find((r) => r.documentId === 'doc_hoicung')!;
    expect(accused.title).toBe('Biên bản hỏi cung bị can Trương Minh Khoa');
    expect(accused).toMatchObject({ butLucText: '6', sheets: 1 });
    const english = build('en').volumes[0]!.sections.flatMap((s) => s.rows);
    expect(english.find((r) => r.documentId === 'doc_loikhai')!.title).toBe(
      'Biên bản ghi lời khai — Đinh Thị Hoa (witness)',
    );
  });

  test('decisions about a person are not statements: no name is appended', () => {
    const index = build('vi', [
      buildSourceDocument({
        id: 'doc_1',
        typeCode: 'QD_KHOI_TO_BI_CAN',
        title: 'QUYẾT ĐỊNH KHỞI TỐ BỊ CAN',
        persons: [{ name: 'Trương Minh Khoa', role: 'BI_CAN' }],
        butLucFrom: 1,
        butLucTo: 1,
      }),
    ]);
    expect(index.volumes[0]!.sections[0]!.rows[0]!).toMatchObject({
      title: 'Quyết định khởi tố bị can',
      person: null,
    });
  });

  test('missing values stay empty and are flagged in the notes, after a human note', () => {
    const index = build();
    const row = index.volumes[0]!.sections.at(-1)!.rows[0]!;
    expect(row).toMatchObject({
      documentId: 'doc_khac',
      title: 'Tài liệu khác (chưa phân loại)',
      number: null,
      date: null, // 30 February is not a date
      dateText: null,
      issuer: null,
      butLucFrom: null,
      butLucTo: null,
      butLucText: '',
      sheets: null,
      flags: ['UNCLASSIFIED', 'NO_BUT_LUC'],
      notes: 'Trang viết tay, khó đọc; Chưa phân loại; Chưa đánh bút lục',
    });
    expect(build('en').volumes[0]!.sections.at(-1)!.rows[0]!.notes).toBe(
      'Trang viết tay, khó đọc; Unclassified; No bút lục',
    );
  });

  test('a declarant found by structuring is used, and review flags become notes', () => {
    const index = build('vi', [
      buildSourceDocument({
        id: 'doc_1',
        typeCode: 'BB_GHI_LOI_KHAI',
        title: 'BIÊN BẢN GHI LỜI KHAI',
        // The first person named is the victim, but structuring read the witness as declarant.
        persons: [
          { name: 'Đinh Thị Hoa', role: 'BI_HAI' },
          { name: 'Mai Văn Lực', role: 'NGUOI_LAM_CHUNG' },
        ],
        declarant: { name: 'Mai Văn Lực', role: null },
        review: ['type_uncertain', 'date_unreadable'],
        butLucFrom: 4,
        butLucTo: 4,
      }),
      buildSourceDocument({
        id: 'doc_2',
        typeCode: 'BAN_TU_KHAI',
        declarant: { name: 'Lê Thị Mơ', role: null },
      }),
    ]);
    const rows = index.volumes[0]!.sections.flatMap((s) => s.rows);
    expect(rows.find((r) => r.documentId === 'doc_1')).toMatchObject({
      title: 'Biên bản ghi lời khai của người làm chứng Mai Văn Lực',
      flags: ['TYPE_UNCERTAIN', 'DATE_UNREADABLE'],
      notes: 'Cần kiểm tra loại tài liệu; Không đọc được ngày',
    });
    expect(rows.find((r) => r.documentId === 'doc_2')!.title).toBe(
      'Bản tự khai, bản tường trình của Lê Thị Mơ',
    );
  });

  test('a one-sided range counts as one sheet', () => {
    const index = build('vi', [
      buildSourceDocument({ id: 'doc_1', typeCode: 'CAO_TRANG', butLucFrom: 9, butLucTo: null }),
    ]);
    expect(index.volumes[0]!.sections[0]!.rows[0]!).toMatchObject({
      butLucFrom: 9,
      butLucTo: 9,
      butLucText: '9',
      sheets: 1,
    });
  });

  test('totals count documents, sheets, the overall range and the rows needing attention', () => {
    expect(build().totals).toEqual({
      documents: 5,
      sheets: 10,
      butLucFrom: 1,
      butLucTo: 43,
      unnumbered: 1,
      unclassified: 1,
    });
  });

  test('the header carries unit, case, charges, kind and the generation date', () => {
    expect(build().header).toEqual({
      title: 'THỐNG KÊ TÀI LIỆU CÓ TRONG HỒ SƠ VỤ ÁN',
      unit: SAMPLE_UNIT,
      case: {
        id: SAMPLE_CASE.id,
        title: SAMPLE_CASE.title,
        code: 'HS-2021-0042',
        kind: 'criminal',
        kindLabel: 'Hình sự',
        charges: ['Cố ý gây thương tích (khoản 1 Điều 134 BLHS 2015)'],
      },
      generatedAt: '2026-11-29T08:00:00.000Z',
      generatedOn: 'ngày 29 tháng 11 năm 2026',
    });
    expect(build('en').header).toMatchObject({
      title: 'LIST OF DOCUMENTS IN THE CASE FILE',
      generatedOn: '29/11/2026',
      case: { charges: ['Cố ý gây thương tích (clause 1 Article 134 BLHS 2015)'] },
    });
  });

  test('civil kinds get the civil wording and their own sections', () => {
    const index = buildCaseIndex({
      caseInfo: { ...SAMPLE_CASE, kind: 'commercial', charges: [] },
      unit: SAMPLE_UNIT,
      volumes: [],
      structure: structureOf({
        caseKind: 'commercial',
        documents: [
          buildSourceDocument({
            id: 'doc_1',
            typeCode: 'DON_KHOI_KIEN',
            butLucFrom: 1,
            butLucTo: 3,
          }),
        ],
      }),
      now: NOW,
    }).index;
    expect(index.header.title).toBe(
      'THỐNG KÊ TÀI LIỆU CÓ TRONG HỒ SƠ VỤ VIỆC KINH DOANH, THƯƠNG MẠI',
    );
    expect(index.volumes[0]!.sections[0]!.code).toBe('DS_NGUYEN_DON');
  });

  test('an empty structure gives an empty index with zero totals', () => {
    const index = build('vi', []);
    expect(index.volumes).toEqual([]);
    expect(index.totals).toMatchObject({ documents: 0, sheets: 0, butLucFrom: null });
  });
});

describe('helpers', () => {
  test('sentenceCase lowers printed capitals but keeps numbers and symbols', () => {
    expect(sentenceCase('QUYẾT ĐỊNH  PHÊ CHUẨN\nLỆNH TẠM GIAM')).toBe(
      'Quyết định phê chuẩn lệnh tạm giam',
    );
    expect(sentenceCase('CÔNG VĂN SỐ 12/VKS-HS')).toBe('Công văn số 12/VKS-HS');
    expect(sentenceCase('Đơn trình báo của ông A')).toBe('Đơn trình báo của ông A');
  });

  test('formatDateVi prints dd/mm/yyyy and refuses impossible dates', () => {
    expect(formatDateVi('2019-03-05')).toBe('05/03/2019');
    expect(formatDateVi('2019-13-01')).toBeNull();
    expect(formatDateVi(null)).toBeNull();
  });
});
