import { z } from 'zod';
import { caseIdSchema, unitIdSchema } from './api.schemas.ts';
import { caseKindSchema } from './enums.ts';
import { pageIdSchema } from './ingestion.schemas.ts';

/* Full-text search over the OCR text of pages (issue 6 §5 and §7, issue 9 §4). */

const isoDate = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}$/, 'yyyy-mm-dd')
  .refine((s) => !Number.isNaN(Date.parse(`${s}T00:00:00Z`)), 'not a date');

export const searchModeSchema = z.enum(['folded', 'exact']);

const searchCommon = {
  /** Words (all must appear) and "quoted phrases" (exact diacritics). */
  q: z.string().trim().min(1).max(300),
  /** folded (default): diacritics and đ/d ignored, OCR misreadings tolerated; exact: as typed. */
  mode: searchModeSchema.default('folded'),
  limit: z.coerce.number().int().min(1).max(100).default(20),
  /** Opaque: the `nextCursor` of the previous page of results. */
  cursor: z.string().max(400).optional(),
};

/** GET /api/search */
export const globalSearchQuerySchema = z.strictObject({
  ...searchCommon,
  caseId: caseIdSchema.optional(),
  kind: caseKindSchema.optional(),
  unitId: unitIdSchema.optional(),
  /** Catalogue code of the document the page belongs to (e.g. KET_LUAN_DIEU_TRA). */
  documentType: z
    .string()
    .max(64)
    .regex(/^[A-Z0-9_]+$/)
    .optional(),
  /** Issue date of the page's document, inclusive. */
  dateFrom: isoDate.optional(),
  dateTo: isoDate.optional(),
  /** A person named in the page's document (diacritics folded, part of the name is enough). */
  person: z.string().trim().min(1).max(120).optional(),
});
export type GlobalSearchQuery = z.input<typeof globalSearchQuerySchema>;

/** GET /api/cases/{caseId}/search */
export const caseSearchQuerySchema = z.strictObject(searchCommon);
export type CaseSearchQuery = z.input<typeof caseSearchQuerySchema>;

/** POST /api/cases/{caseId}/search/opened: a search hit the user opened (audited). */
export const searchHitOpenedBodySchema = z.strictObject({
  pageId: pageIdSchema,
  q: z.string().max(500),
});
export type SearchHitOpenedBody = z.infer<typeof searchHitOpenedBodySchema>;

/** A snippet of the page text: the hits are the segments with `hit: true`. */
export const snippetSchema = z.array(z.object({ text: z.string(), hit: z.boolean() }));
export type SearchSnippet = z.infer<typeof snippetSchema>;

export const searchHitSchema = z.object({
  case: z.object({
    id: z.string(),
    title: z.string(),
    internalNumber: z.string().nullable(),
    nationalCode: z.string().nullable(),
  }),
  pageId: z.string(),
  volume: z.number(),
  seq: z.number(),
  butLuc: z.number().nullable(),
  butLucSuffix: z.string().nullable(),
  document: z
    .object({
      id: z.string(),
      typeCode: z.string(),
      title: z.string().nullable(),
      issuedOn: z.string().nullable(),
    })
    .nullable(),
  snippet: snippetSchema,
  /** False when the page matched only through an OCR misreading of a query word. */
  exactWords: z.boolean(),
});
export type SearchHit = z.infer<typeof searchHitSchema>;

export const searchResultSchema = z.object({
  hits: z.array(searchHitSchema),
  /** Pages matching, counted up to `totalCap`; `totalCapped` says the real number is larger. */
  total: z.number(),
  totalCapped: z.boolean(),
  nextCursor: z.string().nullable(),
  /** OCR misreadings of the query words found in the pages and searched too (folded mode). */
  variants: z.array(z.string()),
});
export type SearchResult = z.infer<typeof searchResultSchema>;

/** A word to highlight, in pixels of the upright page image (origin top-left). */
export const wordBoxSchema = z.object({
  x: z.number(),
  y: z.number(),
  width: z.number(),
  height: z.number(),
  text: z.string(),
});
export type WordBox = z.infer<typeof wordBoxSchema>;

export const caseSearchHitSchema = searchHitSchema.extend({
  uprightWidthPx: z.number().nullable(),
  uprightHeightPx: z.number().nullable(),
  boxes: z.array(wordBoxSchema),
});
export type CaseSearchHit = z.infer<typeof caseSearchHitSchema>;

export const caseSearchResultSchema = searchResultSchema.extend({
  hits: z.array(caseSearchHitSchema),
});
export type CaseSearchResult = z.infer<typeof caseSearchResultSchema>;
