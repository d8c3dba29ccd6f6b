import { documentTypeOf, SECTIONS, sectionFor, type CaseKind } from '@sohoa/contracts';
import type { IndexSourceDocument, IndexSourceStructure } from './case-index.models.ts';

/** A document of the structure, with the catalogue's names for its type. */
export function buildSourceDocument(
  overrides: Partial<IndexSourceDocument> & { id: string; typeCode: string; sectionCode?: string },
): IndexSourceDocument & { typeCode: string; sectionCode?: string } {
  const type = documentTypeOf(overrides.typeCode);
  return {
    volume: 1,
    type: {
      code: overrides.typeCode,
      name: type
        ? { vi: type.name_vi, en: type.name_en }
        : { vi: 'Tài liệu khác', en: 'Other document' },
    },
    title: null,
    number: null,
    date: null,
    issuer: null,
    butLucFrom: null,
    butLucTo: null,
    pages: [],
    persons: [],
    ...overrides,
  };
}

/** Groups documents into sections the way `getCaseStructure` does (catalogue order). */
export function structureOf({
  documents,
  caseKind = 'criminal',
}: {
  documents: Array<IndexSourceDocument & { typeCode: string; sectionCode?: string }>;
  caseKind?: CaseKind;
}): IndexSourceStructure {
  const sectionOfDoc = (d: (typeof documents)[number]) =>
    d.sectionCode ?? sectionFor({ typeCode: d.typeCode, caseKind });
  return {
    sections: SECTIONS.filter((s) => documents.some((d) => sectionOfDoc(d) === s.code))
      .sort((a, b) => a.order - b.order)
      .map((s) => ({
        code: s.code,
        name: { vi: s.name_vi, en: s.name_en },
        documents: documents.filter((d) => sectionOfDoc(d) === s.code),
      })),
  };
}

const UNIT_COQ = 'Cơ quan Cảnh sát điều tra Công an huyện Đông Sơn';

/**
 * An invented two-volume criminal case: a cover, a decision, a statement, an unclassified page
 * without bút lục, and an indictment in volume 2. Physical order is the array order.
 */
export function sampleCriminalDocuments() {
  return [
    buildSourceDocument({ id: 'doc_cover1', typeCode: 'BIA_HO_SO', title: 'HỒ SƠ VỤ ÁN' }),
    buildSourceDocument({
      id: 'doc_khoito',
      typeCode: 'QD_KHOI_TO_VU_AN',
      title: 'QUYẾT ĐỊNH KHỞI TỐ VỤ ÁN HÌNH SỰ',
      number: '17/QĐ-CSĐT',
      date: '2021-04-02',
      issuer: UNIT_COQ,
      butLucFrom: 1,
      butLucTo: 2,
      pages: ['tap1.pdf#2', 'tap1.pdf#3'],
    }),
    buildSourceDocument({
      id: 'doc_loikhai',
      typeCode: 'BB_GHI_LOI_KHAI',
      title: 'BIÊN BẢN GHI LỜI KHAI',
      date: '2021-04-03',
      issuer: UNIT_COQ,
      butLucFrom: 3,
      butLucTo: 5,
      persons: [
        { name: 'Đinh Thị Hoa', role: 'NGUOI_LAM_CHUNG' },
        { name: 'Lê Văn Tâm', role: 'DIEU_TRA_VIEN' },
      ],
      sectionCode: 'HS_LOI_KHAI_NGUOI_LAM_CHUNG',
    }),
    buildSourceDocument({
      id: 'doc_hoicung',
      typeCode: 'BB_HOI_CUNG_BI_CAN',
      title: 'BIÊN BẢN HỎI CUNG BỊ CAN',
      date: '2021-04-09',
      butLucFrom: 6,
      butLucTo: 6,
      persons: [
        { name: 'Lê Văn Tâm', role: 'DIEU_TRA_VIEN' },
        { name: 'Trương Minh Khoa', role: 'BI_CAN' },
      ],
    }),
    buildSourceDocument({
      id: 'doc_khac',
      typeCode: 'KHAC',
      date: '2021-02-30',
      notes: 'Trang viết tay, khó đọc',
    }),
    buildSourceDocument({
      id: 'doc_caotrang',
      typeCode: 'CAO_TRANG',
      volume: 2,
      title: 'CÁO TRẠNG',
      number: '45/CT-VKS',
      date: '2021-07-20',
      issuer: 'Viện kiểm sát nhân dân huyện Đông Sơn',
      butLucFrom: 40,
      butLucTo: 43,
    }),
  ];
}

export const SAMPLE_CASE = {
  id: 'case_0000000000000001',
  title: 'Vụ cố ý gây thương tích tại xã Đông Hòa',
  kind: 'criminal' as const,
  nationalCode: 'HS-2021-0042',
  internalNumber: null,
  charges: [{ name: 'Cố ý gây thương tích', article: '134', clause: '1', law: 'BLHS 2015' }],
};

export const SAMPLE_UNIT = {
  name: 'Viện kiểm sát nhân dân huyện Đông Sơn',
  parentName: 'Viện kiểm sát nhân dân tỉnh Thanh Hóa',
};
