import { createHash } from 'node:crypto';
import { PACKAGE_FORMAT } from '@sohoa/contracts';
import { z } from '@hono/zod-openapi';

/*
 * The layout of a transfer package (format `sohoa-package/1`):
 *
 *   manifest.json        the case, volumes, sources, documents, edit log, annotations, mind maps,
 *                        the exhibit list (danh mục trình chiếu), the list of
 *                        every other entry with its SHA-256 and size, and a checksum of itself
 *   pages.jsonl          one page per line (every column: OCR text and words, bút lục, corrections…)
 *   blobs/<sha256>       every blob the case uses (source originals, page originals, upright images)
 *   <name>               optional extra files (the PDF, the index), listed in the manifest
 *
 * Pages are a JSON Lines entry of their own, not an array in manifest.json: with OCR words a
 * 5,000-page case is hundreds of MB of JSON, which must be streamed both ways, never held whole.
 */
export { PACKAGE_FORMAT };
export const MANIFEST_ENTRY = 'manifest.json';
export const PAGES_ENTRY = 'pages.jsonl';
export const BLOB_ENTRY = /^blobs\/([0-9a-f]{64})$/;
/** Extra files sit at the top level under a plain name (no folders, no leading dot). */
export const EXTRA_ENTRY = /^[A-Za-z0-9][A-Za-z0-9._-]{0,120}$/;
/** Payload key of an imported edit that keeps its authors' names (users of another installation). */
export const IMPORTED_AUTHORS_KEY = 'importedAuthors';
export const blobEntryName = (sha256: string) => `blobs/${sha256}`;

const sha256Schema = z.string().regex(/^[0-9a-f]{64}$/);
const isoTime = z.string().min(10).max(40);
const nullableIsoTime = isoTime.nullable();
/** Users do not exist on the other installation: they travel as names. */
const personRefSchema = z.object({ username: z.string(), fullName: z.string() }).nullable();

const caseSchema = z.object({
  id: z.string().regex(/^case_[0-9a-z]{4,60}$/),
  nationalCode: z.string().nullable(),
  internalNumber: z.string().nullable(),
  kind: z.string(),
  title: z.string(),
  charges: z.array(
    z.object({
      name: z.string(),
      article: z.number().nullable(),
      clause: z.string().nullable(),
      law: z.string(),
    }),
  ),
  stage: z.string(),
  confidentiality: z.string(),
  digitizationStatus: z.string(),
  searchText: z.string(),
  createdAt: isoTime,
  updatedAt: isoTime,
  createdBy: personRefSchema,
  parties: z.array(
    z.object({ id: z.string(), position: z.number(), fullName: z.string(), roleCode: z.string() }),
  ),
  assignees: z.array(personRefSchema.unwrap()),
});

const volumeSchema = z.object({
  id: z.string(),
  number: z.number().int().positive(),
  title: z.string().nullable(),
  createdAt: isoTime,
});

const sourceSchema = z.object({
  id: z.string(),
  volumeId: z.string(),
  sha256: sha256Schema,
  originalName: z.string(),
  mediaType: z.string(),
  sizeBytes: z.number().int().nonnegative(),
  pageCount: z.number().int().nullable(),
  status: z.string(),
  errorCode: z.string().nullable(),
  errorMessage: z.string().nullable(),
  firstSeq: z.number().int().nullable(),
  kind: z.string().nullable(),
  splitDoneAt: nullableIsoTime,
  parentName: z.string().nullable(),
  createdAt: isoTime,
  uploadedBy: personRefSchema,
});

const documentSchema = z.object({
  id: z.string(),
  volumeId: z.string(),
  anchorPageId: z.string().nullable(),
  position: z.number().int(),
  firstSeq: z.number().int(),
  lastSeq: z.number().int(),
  butLucFrom: z.number().int().nullable(),
  butLucTo: z.number().int().nullable(),
  typeCode: z.string(),
  typeConfidence: z.number().nullable(),
  sectionCode: z.string().nullable(),
  title: z.string().nullable(),
  number: z.string().nullable(),
  issuedOn: z.string().nullable(),
  issuer: z.string().nullable(),
  signer: z.string().nullable(),
  signerRole: z.string().nullable(),
  metadata: z.record(z.string(), z.unknown()),
  origin: z.string(),
  notes: z.string().nullable(),
  createdAt: isoTime,
  updatedAt: isoTime,
  persons: z.array(
    z.object({ position: z.number().int(), fullName: z.string(), roleCode: z.string().nullable() }),
  ),
});

const editSchema = z.object({
  id: z.string(),
  targetKind: z.string(),
  targetId: z.string().nullable(),
  operation: z.string(),
  payload: z.record(z.string(), z.unknown()),
  createdAt: isoTime,
  createdBy: personRefSchema,
  revertedAt: nullableIsoTime,
  revertedBy: personRefSchema,
});

const annotationSchema = z.object({
  id: z.string(),
  pageId: z.string().nullable(),
  documentId: z.string().nullable(),
  kind: z.string(),
  region: z.record(z.string(), z.unknown()).nullable(),
  body: z.string().nullable(),
  color: z.string().nullable(),
  visibility: z.string(),
  createdAt: isoTime,
  updatedAt: isoTime,
  deletedAt: nullableIsoTime,
  author: personRefSchema,
});

/** A mind map (sơ đồ): its node tree as stored; node links name pages and documents by id. */
const mapSchema = z.object({
  id: z.string(),
  title: z.string(),
  document: z.record(z.string(), z.unknown()),
  version: z.number().int().positive(),
  createdAt: isoTime,
  updatedAt: isoTime,
  deletedAt: nullableIsoTime,
  createdBy: personRefSchema,
});

/** An item of the exhibit list; an attached image or video travels as a blob entry. */
const exhibitSchema = z.object({
  id: z.string(),
  position: z.number().int(),
  kind: z.enum(['PAGE', 'REGION', 'PAIR', 'MEDIA']),
  label: z.string(),
  notes: z.string(),
  pageId: z.string().nullable(),
  secondPageId: z.string().nullable(),
  rect: z.object({ x: z.number(), y: z.number(), w: z.number(), h: z.number() }).nullable(),
  media: z
    .object({
      sha256: sha256Schema,
      contentType: z.string(),
      sizeBytes: z.number().int().nonnegative(),
      fileName: z.string().nullable(),
    })
    .nullable(),
  createdAt: isoTime,
  updatedAt: isoTime,
  createdBy: personRefSchema,
});

export const packageEntrySchema = z.object({
  name: z.string(),
  kind: z.enum(['pages', 'blob', 'extra']),
  sha256: sha256Schema,
  sizeBytes: z.number().int().nonnegative(),
});
export type PackageEntry = z.infer<typeof packageEntrySchema>;

/** One line of pages.jsonl: every column of a page that matters elsewhere. */
export const pageLineSchema = z.object({
  id: z.string(),
  volumeId: z.string(),
  sourceFileId: z.string(),
  sourceIndex: z.number().int().nonnegative(),
  seq: z.number().int(),
  status: z.string(),
  originalSha256: sha256Schema.nullable(),
  uprightSha256: sha256Schema.nullable(),
  widthPx: z.number().int().nullable(),
  heightPx: z.number().int().nullable(),
  uprightWidthPx: z.number().int().nullable(),
  uprightHeightPx: z.number().int().nullable(),
  dpi: z.number().int().nullable(),
  rotation: z.number().int(),
  skewDegrees: z.number().nullable(),
  isBlank: z.boolean(),
  butLuc: z.number().int().nullable(),
  butLucSuffix: z.string().nullable(),
  butLucRaw: z.string().nullable(),
  butLucConfidence: z.number().nullable(),
  butLucSource: z.string().nullable(),
  manual: z.record(z.string(), z.unknown()),
  hasTextLayer: z.boolean(),
  ocrEngine: z.string().nullable(),
  ocrText: z.string().nullable(),
  ocrWords: z.array(z.unknown()).nullable(),
  ocrConfidence: z.number().nullable(),
  errorCode: z.string().nullable(),
  errorMessage: z.string().nullable(),
  processedAt: nullableIsoTime,
  createdAt: isoTime,
  updatedAt: isoTime,
});
export type PageLine = z.infer<typeof pageLineSchema>;

export const manifestSchema = z.object({
  format: z.literal(PACKAGE_FORMAT),
  generator: z.object({ name: z.string(), version: z.string() }),
  createdAt: isoTime,
  origin: z.object({
    unit: z.object({ code: z.string(), name: z.string() }),
    exportedBy: personRefSchema,
  }),
  case: caseSchema,
  volumes: z.array(volumeSchema),
  sources: z.array(sourceSchema),
  pages: z.object({ entry: z.literal(PAGES_ENTRY), count: z.number().int().nonnegative() }),
  documents: z.array(documentSchema),
  edits: z.array(editSchema),
  annotations: z.array(annotationSchema),
  // Packages written before maps and exhibits travelled have neither: an empty list.
  maps: z.array(mapSchema).default([]),
  exhibits: z.array(exhibitSchema).default([]),
  entries: z.array(packageEntrySchema),
  integrity: z.object({ algorithm: z.literal('sha256'), manifestSha256: sha256Schema }),
});
export type Manifest = z.infer<typeof manifestSchema>;
export type ManifestBody = Omit<Manifest, 'integrity'>;

const sha256Of = (text: string) => createHash('sha256').update(text, 'utf8').digest('hex');

/**
 * Seals a manifest: the checksum covers its content as JSON (key order as written), so an edit
 * of any value — not of white space — is detected on import. It catches damage and naive edits;
 * a forger who recomputes it is out of reach without signatures (later: a unit's signing key).
 */
export function sealManifest({ body }: { body: ManifestBody }): { manifest: Manifest } {
  return {
    manifest: {
      ...body,
      integrity: { algorithm: 'sha256', manifestSha256: sha256Of(JSON.stringify(body)) },
    },
  };
}

/** Whether a parsed manifest still matches its own checksum. */
export function isManifestIntact({ parsed }: { parsed: Record<string, unknown> }): boolean {
  const { integrity, ...body } = parsed;
  const declared = (integrity as { manifestSha256?: unknown } | undefined)?.manifestSha256;
  return typeof declared === 'string' && declared === sha256Of(JSON.stringify(body));
}
