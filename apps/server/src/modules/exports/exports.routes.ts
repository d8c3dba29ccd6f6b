import { createReadStream } from 'node:fs';
import { Readable } from 'node:stream';
import { caseIdSchema } from '@sohoa/contracts';
import { z } from '@hono/zod-openapi';
import { requireAuth } from '../app/middlewares/auth.middleware.ts';
import type { App, ServerDependencies } from '../app/server.types.ts';
import { exportCasePdf } from './exports.usecases.ts';

export const exportPdfQuerySchema = z.strictObject({
  profile: z.enum(['working', 'pdfa']).default('pdfa'),
  volume: z.coerce.number().int().min(1).max(999).optional(),
  force: z
    .enum(['true', 'false', '1', '0'])
    .optional()
    .transform((v) => v === 'true' || v === '1'),
});

export function registerExportsRoutes({ app, deps }: { app: App; deps: ServerDependencies }) {
  // A plain route like the page images: the body is a PDF stream, not JSON.
  app.get('/api/cases/:caseId/export.pdf', async (c) => {
    const actor = requireAuth(c).actor;
    const caseId = caseIdSchema.parse(c.req.param('caseId'));
    const { profile, volume, force } = exportPdfQuerySchema.parse(c.req.query());
    const { export: file } = await exportCasePdf({
      caseId,
      profile,
      volume: volume ?? null,
      force,
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
      'cache-control': 'no-store',
    });
  });
}
