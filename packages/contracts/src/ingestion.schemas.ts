import { z } from 'zod';

export const pageIdSchema = z
  .string()
  .max(64)
  .regex(/^pg_[0-9a-z]{10,40}$/, 'must be an id starting with pg_');

export const intakeResultSchema = z.discriminatedUnion('status', [
  z.object({
    status: z.literal('accepted'),
    fileName: z.string(),
    sourceFileId: z.string(),
    pageCount: z.number(),
    volumeNumber: z.number(),
  }),
  z.object({
    status: z.literal('duplicate'),
    fileName: z.string(),
    sourceFileId: z.string(),
    volumeNumber: z.number(),
  }),
  z.object({
    status: z.literal('rejected'),
    fileName: z.string(),
    code: z.string(),
    message: z.string(),
    messages: z.object({ vi: z.string(), en: z.string() }),
  }),
]);
export type IntakeResult = z.infer<typeof intakeResultSchema>;

/**
 * Width in pixels of a page's display image, made by the pipeline with each page (WebP) and served
 * with long-lived caching: what the viewer asks for whenever the page is shown at most this wide
 * in device pixels ("fit width" on a 1366×768 laptop). Larger zooms are resized on demand.
 */
export const PAGE_DISPLAY_WIDTH = 1000;

export const pageSchema = z.object({
  id: z.string(),
  volume: z.number(),
  seq: z.number(),
  fileName: z.string(),
  sourceIndex: z.number(),
  status: z.string(),
  isBlank: z.boolean(),
  rotation: z.number(),
  skewDegrees: z.number().nullable(),
  butLuc: z.number().nullable(),
  butLucRaw: z.string().nullable(),
  butLucConfidence: z.number().nullable(),
  butLucSource: z.enum(['READ', 'INFERRED', 'MANUAL']).nullable(),
  ocrConfidence: z.number().nullable(),
  hasTextLayer: z.boolean(),
  error: z.object({ code: z.string(), message: z.string().nullable() }).nullable(),
  /**
   * Names the page's current image (from its content-addressed blob): image URLs carrying it
   * (`v=`) never change content, so the browser keeps them without asking again. Null before the
   * page has an image.
   */
  imageVersion: z.string().nullable().optional(),
});
export type Page = z.infer<typeof pageSchema>;

export const progressSchema = z.object({
  volumes: z.array(
    z.object({
      volume: z.number(),
      expectedPages: z.number(),
      pages: z.number(),
      done: z.number(),
      failed: z.number(),
      pending: z.number(),
      splitting: z.number(),
    }),
  ),
  expectedPages: z.number(),
  donePages: z.number(),
  failedPages: z.number(),
  remainingPages: z.number(),
  pagesPerMinute: z.number(),
  etaSeconds: z.number().nullable(),
  finished: z.boolean(),
  rejectedFiles: z.array(z.object({ fileName: z.string(), code: z.string() })),
});
export type Progress = z.infer<typeof progressSchema>;

export const integrityAnomalySchema = z.object({
  type: z.enum(['missing', 'duplicate', 'skip', 'out_of_order']),
  pages: z.array(z.string()),
  butluc: z.number().nullable(),
  skipped: z.array(z.number()).optional(),
  /** Stable name of the anomaly (type, number, pages): explanations refer to it. */
  key: z.string(),
});

export const integrityReportSchema = z.object({
  direction: z.enum(['ascending', 'descending', 'unknown']),
  inferred: z.array(z.object({ pageId: z.string(), butLuc: z.number() })),
  anomalies: z.array(integrityAnomalySchema),
  covers: z.array(z.string()),
  numberedSheets: z.number(),
  blankPages: z.number(),
  highestButLuc: z.number().nullable(),
  statedSheets: z.number().nullable(),
  statedMatches: z.boolean().nullable(),
  /** Ranges stated on volume covers against the numbers found in the volume. */
  statedRanges: z.array(
    z.object({
      volume: z.number(),
      stated: z.object({ from: z.number(), to: z.number() }),
      actual: z.object({ from: z.number(), to: z.number() }).nullable(),
      matches: z.boolean(),
    }),
  ),
  complete: z.boolean(),
  pendingPages: z.number(),
});
export type IntegrityReportDto = z.infer<typeof integrityReportSchema>;

export const correctPageBodySchema = z.strictObject({
  butLuc: z.number().int().min(0).max(1_000_000).nullable().optional(),
  rotation: z.union([z.literal(0), z.literal(90), z.literal(180), z.literal(270)]).optional(),
  isBlank: z.boolean().optional(),
});
export type CorrectPageBody = z.infer<typeof correctPageBodySchema>;

export const uploadQuerySchema = z.strictObject({
  /** The file name as the user has it (used in reports and errors). */
  name: z.string().trim().min(1).max(500),
});
