import { z } from 'zod';
import { caseKindSchema } from './enums.ts';

/*
 * The case index (mục lục / thống kê tài liệu có trong hồ sơ) as data. The JSON endpoint returns it,
 * and the DOCX, XLSX and PDF renderings print exactly these rows, so the three never disagree.
 * Texts are already in the requested language; numbers stay numbers and dates stay ISO.
 */

export const caseIndexLanguageSchema = z.enum(['vi', 'en']);

/** Why a row deserves a second look; the row's `notes` says it in words. */
export const caseIndexFlagSchema = z.enum([
  /** The type is OTHER / not in the catalogue (chưa phân loại). */
  'UNCLASSIFIED',
  /** The type was chosen with little confidence: check it. */
  'TYPE_UNCERTAIN',
  /** No bút lục was read or entered for the document's sheets. */
  'NO_BUT_LUC',
  /** A date line was there but could not be read (ngày … tháng … năm 20…). */
  'DATE_UNREADABLE',
]);
export type CaseIndexFlag = z.infer<typeof caseIndexFlagSchema>;

export const caseIndexRowSchema = z.object({
  /** Số thứ tự: running number over the whole index (1, 2, 3 …). */
  stt: z.number().int(),
  documentId: z.string(),
  volume: z.number().int(),
  typeCode: z.string(),
  /** The printed title in sentence case (or the type's name), plus the declarant for statements. */
  title: z.string(),
  /** Whose statement this is (statements only): the declarant or party named in the document. */
  person: z.object({ name: z.string(), role: z.string(), roleName: z.string() }).nullable(),
  /** Số, ký hiệu as printed (`238/QĐ-CSĐT`). */
  number: z.string().nullable(),
  /** ISO yyyy-mm-dd. */
  date: z.string().nullable(),
  /** dd/mm/yyyy, as Vietnamese documents print it. */
  dateText: z.string().nullable(),
  issuer: z.string().nullable(),
  butLucFrom: z.number().int().nullable(),
  butLucTo: z.number().int().nullable(),
  /** `12`, `12–15`, or empty when unnumbered. */
  butLucText: z.string(),
  /** Số tờ: sheets from the bút lục range (one bút lục per sheet); null when unnumbered. */
  sheets: z.number().int().nullable(),
  /** Page refs (`file#index`) of the document, for links from the PDF index. */
  pages: z.array(z.string()),
  flags: z.array(caseIndexFlagSchema),
  /** Ghi chú: the human note, then the flags in words, joined by "; ". */
  notes: z.string().nullable(),
});
export type CaseIndexRow = z.infer<typeof caseIndexRowSchema>;

export const caseIndexSectionSchema = z.object({
  code: z.string(),
  /** 1-based position among the volume's sections (printed as I, II, III …). */
  number: z.number().int(),
  name: z.string(),
  rows: z.array(caseIndexRowSchema),
});
export type CaseIndexSection = z.infer<typeof caseIndexSectionSchema>;

export const caseIndexVolumeSchema = z.object({
  number: z.number().int(),
  title: z.string().nullable(),
  sections: z.array(caseIndexSectionSchema),
  documentCount: z.number().int(),
  sheetCount: z.number().int(),
});
export type CaseIndexVolume = z.infer<typeof caseIndexVolumeSchema>;

export const caseIndexSchema = z.object({
  language: caseIndexLanguageSchema,
  header: z.object({
    /** THỐNG KÊ TÀI LIỆU CÓ TRONG HỒ SƠ VỤ ÁN (or the civil / English wording). */
    title: z.string(),
    unit: z.object({ name: z.string(), parentName: z.string().nullable() }),
    case: z.object({
      id: z.string(),
      title: z.string(),
      /** National case code, else the internal number. */
      code: z.string().nullable(),
      kind: caseKindSchema,
      kindLabel: z.string(),
      /** "Trộm cắp tài sản (khoản 1 Điều 173 BLHS 2015)". */
      charges: z.array(z.string()),
    }),
    generatedAt: z.string(),
    /** dd/mm/yyyy of `generatedAt` (UTC). */
    generatedOn: z.string(),
  }),
  volumes: z.array(caseIndexVolumeSchema),
  totals: z.object({
    documents: z.number().int(),
    sheets: z.number().int(),
    butLucFrom: z.number().int().nullable(),
    butLucTo: z.number().int().nullable(),
    unnumbered: z.number().int(),
    unclassified: z.number().int(),
  }),
});
export type CaseIndex = z.infer<typeof caseIndexSchema>;

export const caseIndexQuerySchema = z.strictObject({
  lang: caseIndexLanguageSchema.optional(),
});

export const CASE_INDEX_FORMATS = ['docx', 'xlsx'] as const;
export type CaseIndexFormat = (typeof CASE_INDEX_FORMATS)[number];
