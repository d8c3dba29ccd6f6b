import { caseIdSchema } from '@sohoa/contracts';
import { z } from '@hono/zod-openapi';

/**
 * The tus `Upload-Metadata` of a new upload (values arrive as strings). Other keys are ignored:
 * browser uploaders such as Uppy add their own (`filetype`, `relativePath` …).
 */
export const uploadMetadataSchema = z.object({
  /** The file name as the user has it (used in reports and errors). */
  filename: z.string().trim().min(1).max(500),
  caseId: caseIdSchema,
  /** Volume (tập) number; 1 when absent. */
  volume: z.coerce.number().int().min(1).max(10_000).default(1),
});
export type UploadMetadata = z.infer<typeof uploadMetadataSchema>;
