import { createReadStream } from 'node:fs';
import { Readable } from 'node:stream';
import { caseIdSchema } from '@sohoa/contracts';
import { z } from '@hono/zod-openapi';
import { requireAuth } from '../app/middlewares/auth.middleware.ts';
import type { App, ServerDependencies } from '../app/server.types.ts';
import { exportCasePdf, getExportManifest } from './exports.usecases.ts';

const sha256Schema = z.string().regex(/^[0-9a-f]{64}$/);

export const exportPdfQuerySchema = z.strictObject({
  profile: z.enum(['working', 'pdfa']).default('pdfa'),
  volume: z.coerce.number().int().min(1).max(999).optional(),
  force: z
    .enum(['true', 'false', '1', '0'])
    .optional()
    .transform((v) => v === 'true' || v === '1'),
  watermark: z
    .enum(['true', 'false', '1', '0'])
    .optional()
    .transform((v) => v === 'true' || v === '1'),
  /** Annotations drawn as PDF highlights and notes: everyone's shared ones, mine, or none. */
  annotations: z.enum(['shared', 'mine', 'none']).default('none'),
});

export function registerExportsRoutes({ app, deps }: { app: App; deps: ServerDependencies }) {
  // A plain route like the page images: the body is a PDF stream, not JSON.
  app.get('/api/cases/:caseId/export.pdf', async (c) => {
    const actor = requireAuth(c).actor;
    const caseId = caseIdSchema.parse(c.req.param('caseId'));
    const { profile, volume, force, watermark, annotations } = exportPdfQuerySchema.parse(
      c.req.query(),
    );
    const { export: file } = await exportCasePdf({
      caseId,
      profile,
      volume: volume ?? null,
      force,
      watermark,
      annotations,
      actor,
      context: c.get('context'),
      deps,
    });
    const body = Readable.toWeb(createReadStream(file.path)) as ReadableStream<Uint8Array>;
    return c.body(body, 200, {
      'content-type': 'application/pdf',
      'content-length': String(file.bytes),
      'content-disposition': `attachment; filename="${file.fileName}"`,
      'x-sohoa-sha256': file.sha256,
      'x-sohoa-pages': String(file.pageCount),
      'x-sohoa-incomplete': String(file.incomplete),
      'x-sohoa-manifest': file.manifestSha256,
      'cache-control': 'no-store',
    });
  });

  app.get('/api/cases/:caseId/export-manifests/:sha256', async (c) => {
    const actor = requireAuth(c).actor;
    const caseId = caseIdSchema.parse(c.req.param('caseId'));
    const sha256 = sha256Schema.parse(c.req.param('sha256'));
    const { bytes } = await getExportManifest({
      caseId,
      sha256,
      actor,
      context: c.get('context'),
      deps,
    });
    return c.body(new Uint8Array(bytes), 200, {
      'content-type': 'application/json; charset=utf-8',
      'cache-control': 'private, max-age=31536000, immutable',
    });
  });
}
