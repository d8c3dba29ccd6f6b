import { z } from 'zod';
import { pageIdSchema } from './ingestion.schemas.ts';

export const documentIdSchema = z
  .string()
  .max(64)
  .regex(/^doc_[0-9a-z]{10,40}$/, 'must be an id starting with doc_');

/** A real calendar date as yyyy-mm-dd (31/02 is refused). */
export const isoDateSchema = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}$/, 'must be a date yyyy-mm-dd')
  .refine((s) => {
    const d = new Date(`${s}T00:00:00Z`);
    return !Number.isNaN(d.getTime()) && d.toISOString().slice(0, 10) === s;
  }, 'must be a real date');

const text = (max: number) => z.string().trim().min(1).max(max).nullable();

export const documentPersonSchema = z.object({
  name: z.string().trim().min(2).max(120),
  role: z.string().max(64),
});

/** Fields a reviewer may set on a document; `null` clears the value read automatically. */
export const documentFieldsSchema = z
  .object({
    title: text(500),
    number: text(120),
    date: isoDateSchema.nullable(),
    issuer: text(300),
    signer: text(200),
    notes: text(2000),
    sectionCode: z.string().max(64),
    persons: z.array(documentPersonSchema).max(200),
  })
  .partial()
  .strict()
  .refine((f) => Object.keys(f).length > 0, 'at least one field');
export type DocumentFields = z.infer<typeof documentFieldsSchema>;

/**
 * One correction of the structure, as a reviewer makes it. Corrections are stored as an edit log
 * in page terms (a document is anchored on its first page) and replayed on every re-run of
 * structuring, so they survive re-processing.
 */
export const structureEditSchema = z.discriminatedUnion('op', [
  /** start a new document at this page (it must be inside a document, not its first page) */
  z.strictObject({ op: z.literal('split'), pageId: pageIdSchema }),
  /** join adjacent documents of one volume into the first */
  z.strictObject({
    op: z.literal('merge'),
    documentIds: z.array(documentIdSchema).min(2).max(500),
  }),
  /** the document now starts at this page (inside itself or the document before it) */
  z.strictObject({
    op: z.literal('moveBoundary'),
    documentId: documentIdSchema,
    toPageId: pageIdSchema,
  }),
  z.strictObject({
    op: z.literal('setType'),
    documentId: documentIdSchema,
    typeCode: z.string().max(64),
  }),
  z.strictObject({
    op: z.literal('editMetadata'),
    documentId: documentIdSchema,
    fields: documentFieldsSchema,
  }),
  /** place the document right after another one in the index (null: first of its section) */
  z.strictObject({
    op: z.literal('reorder'),
    documentId: documentIdSchema,
    afterDocumentId: documentIdSchema.nullable(),
  }),
]);
export type StructureEdit = z.infer<typeof structureEditSchema>;

/** How an edit is kept: in page terms, independent of document ids of one run. */
export type StoredStructureEdit =
  | { op: 'split'; pageId: string }
  | { op: 'merge'; pageIds: string[] }
  | { op: 'moveBoundary'; fromPageId: string; toPageId: string }
  | { op: 'setType'; anchorPageId: string; typeCode: string }
  | { op: 'editMetadata'; anchorPageId: string; fields: DocumentFields }
  | { op: 'reorder'; anchorPageId: string; afterAnchorPageId: string | null };

interface Bilingual {
  vi: string;
  en: string;
}

/** A document of the case structure as the API returns it. */
export interface StructureDocumentDto {
  id: string;
  volume: number;
  position: number;
  type: { code: string; name: Bilingual; confidence: number | null };
  title: string | null;
  number: string | null;
  date: string | null;
  issuer: string | null;
  signer: string | null;
  /** authority prefix and title printed above the signer's name */
  signerTitle: string | null;
  /** whose statement a record holds */
  declarant: { name: string; role: string | null } | null;
  /** local date-times of a record, "yyyy-mm-ddThh:mm" */
  timeRange: { start: string; end: string | null } | null;
  notes: string | null;
  butLucFrom: number | null;
  butLucTo: number | null;
  /** file#index refs */
  pages: string[];
  pageIds: string[];
  persons: Array<{ name: string; role: string }>;
  origin: 'AUTO' | 'HUMAN';
  /** fields a reviewer set */
  edited: string[];
  /** why a reviewer should look: type_unknown, type_uncertain, date_unreadable */
  review: string[];
  reasons: string[];
}

export interface CaseStructureDto {
  documentCount: number;
  sections: Array<{ code: string; name: Bilingual; documents: StructureDocumentDto[] }>;
}

export interface StructureEditDto {
  id: string;
  op: string;
  targetDocumentId: string | null;
  payload: Record<string, unknown>;
  createdAt: string;
  createdBy: { id: string; username: string | null; fullName: string | null } | null;
  revertedAt: string | null;
}
