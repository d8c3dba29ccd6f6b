import {
  caseIdSchema,
  correctPageBodySchema,
  integrityReportSchema,
  pageIdSchema,
  pageSchema,
  pageTextSchema,
  progressSchema,
} from '@sohoa/contracts';
import { createRoute, z } from '@hono/zod-openapi';
import { Readable } from 'node:stream';
import { streamSSE } from 'hono/streaming';
import { requireAuth } from '../app/middlewares/auth.middleware.ts';
import { jsonBody, jsonResponses, meta } from '../app/routes.helpers.ts';
import type { App, ServerDependencies } from '../app/server.types.ts';
import {
  correctPage,
  getIntegrityReport,
  getPageImage,
  getPageOriginalBytes,
  getPageText,
  getProgress,
  listPages,
  PAGE_IMAGE_WIDTH,
  reprocessPage,
} from './pages.usecases.ts';

const caseParams = { params: z.strictObject({ caseId: caseIdSchema }) };
const pageParams = { params: z.strictObject({ caseId: caseIdSchema, pageId: pageIdSchema }) };

export function registerPagesRoutes({ app, deps }: { app: App; deps: ServerDependencies }) {
  app.openapi(
    createRoute({
      method: 'get',
      path: '/api/cases/{caseId}/pages',
      ...meta('pages', 'Pages of a case in scan order, with bút lục, blank and OCR state'),
      request: caseParams,
      responses: jsonResponses(z.object({ pages: z.array(pageSchema) })),
    }),
    async (c) =>
      c.json(
        await listPages({
          actor: requireAuth(c).actor,
          caseId: c.req.valid('param').caseId,
          context: c.get('context'),
          deps,
        }),
        200,
      ),
  );

  app.openapi(
    createRoute({
      method: 'get',
      path: '/api/cases/{caseId}/progress',
      ...meta('pages', 'Processing progress per volume, with ETA and rejected files'),
      request: caseParams,
      responses: jsonResponses(z.object({ progress: progressSchema })),
    }),
    async (c) =>
      c.json(
        await getProgress({
          actor: requireAuth(c).actor,
          caseId: c.req.valid('param').caseId,
          context: c.get('context'),
          deps,
        }),
        200,
      ),
  );

  app.openapi(
    createRoute({
      method: 'get',
      path: '/api/cases/{caseId}/integrity',
      ...meta('pages', 'Bút lục integrity report (gaps, duplicates, order, unnumbered pages)'),
      request: caseParams,
      responses: jsonResponses(z.object({ report: integrityReportSchema })),
    }),
    async (c) =>
      c.json(
        await getIntegrityReport({
          actor: requireAuth(c).actor,
          caseId: c.req.valid('param').caseId,
          context: c.get('context'),
          deps,
        }),
        200,
      ),
  );

  app.openapi(
    createRoute({
      method: 'patch',
      path: '/api/cases/{caseId}/pages/{pageId}',
      ...meta('pages', 'Correct a page: bút lục, rotation, blank (kept across re-processing)'),
      request: { ...pageParams, ...jsonBody(correctPageBodySchema) },
      responses: jsonResponses(z.object({ manual: correctPageBodySchema })),
    }),
    async (c) => {
      const { caseId, pageId } = c.req.valid('param');
      return c.json(
        await correctPage({
          actor: requireAuth(c).actor,
          caseId,
          pageId,
          changes: c.req.valid('json'),
          context: c.get('context'),
          deps,
        }),
        200,
      );
    },
  );

  app.openapi(
    createRoute({
      method: 'post',
      path: '/api/cases/{caseId}/pages/{pageId}/reprocess',
      ...meta('pages', 'Run the page step again'),
      request: pageParams,
      responses: jsonResponses(z.object({ jobId: z.string().nullable() })),
    }),
    async (c) => {
      const { caseId, pageId } = c.req.valid('param');
      return c.json(
        await reprocessPage({
          actor: requireAuth(c).actor,
          caseId,
          pageId,
          context: c.get('context'),
          deps,
        }),
        200,
      );
    },
  );

  app.openapi(
    createRoute({
      method: 'get',
      path: '/api/cases/{caseId}/pages/{pageId}/text',
      ...meta(
        'pages',
        'OCR text layer of a page: its text and word boxes (0–1 of the upright image)',
      ),
      request: pageParams,
      responses: jsonResponses(pageTextSchema),
    }),
    async (c) => {
      const { caseId, pageId } = c.req.valid('param');
      return c.json(
        await getPageText({
          actor: requireAuth(c).actor,
          caseId,
          pageId,
          context: c.get('context'),
          deps,
        }),
        200,
      );
    },
  );

  app.get('/api/cases/:caseId/pages/:pageId/image', async (c) => {
    const actor = requireAuth(c).actor;
    const { caseId, pageId } = z
      .strictObject({ caseId: caseIdSchema, pageId: pageIdSchema })
      .parse(c.req.param());
    const { size, width, variant, v } = z
      .object({
        size: z.enum(['thumb', 'display', 'full']).default('display'),
        /** An exact width (thumbnails at the grid's size, the viewer at its display size). */
        width: z.coerce
          .number()
          .int()
          .min(PAGE_IMAGE_WIDTH.min)
          .max(PAGE_IMAGE_WIDTH.max)
          .optional(),
        variant: z.enum(['upright', 'original']).default('upright'),
        /** The page's imageVersion: the URL then names one content, cached for good. */
        v: z
          .string()
          .regex(/^[0-9a-f]{1,64}$/)
          .optional(),
      })
      .parse(c.req.query());
    if (variant === 'original' && size === 'full' && width === undefined) {
      // The scan as stored: streamed from the blob store, with byte ranges (206) when asked.
      const original = await getPageOriginalBytes({
        actor,
        caseId,
        pageId,
        rangeHeader: c.req.header('range'),
        context: c.get('context'),
        deps,
      });
      if (c.req.header('if-none-match') === original.etag) {
        original.stream.destroy();
        return c.body(null, 304);
      }
      const served = original.range;
      const length = served ? served.end - served.start + 1 : original.sizeBytes;
      return c.body(
        Readable.toWeb(original.stream) as ReadableStream<Uint8Array>,
        served ? 206 : 200,
        {
          'content-type': original.contentType,
          'content-length': String(length),
          'accept-ranges': 'bytes',
          etag: original.etag,
          'cache-control': 'private, max-age=86400',
          ...(served
            ? { 'content-range': `bytes ${served.start}-${served.end}/${original.sizeBytes}` }
            : {}),
        },
      );
    }
    const image = await getPageImage({
      actor,
      caseId,
      pageId,
      size,
      width,
      variant,
      ifNoneMatch: c.req.header('if-none-match'),
      context: c.get('context'),
      deps,
      logger: deps.logger,
    });
    // A URL naming the image's version (content-addressed) never changes content: the browser
    // keeps it and never asks again. Without it (or with a stale one) the answer may change when
    // the page is processed again, so it is revalidated after a day (ETag, 304).
    const cacheControl =
      v === image.version ? 'private, max-age=31536000, immutable' : 'private, max-age=86400';
    if (image.notModified) {
      return c.body(null, 304, { etag: image.etag, 'cache-control': cacheControl });
    }
    return c.body(Buffer.from(image.bytes), 200, {
      'content-type': image.contentType,
      'content-length': String(image.bytes.length),
      etag: image.etag,
      'cache-control': cacheControl,
    });
  });

  // Server-sent events: the progress whenever it changes (polled from the database, so it works
  // whichever process runs the workers).
  app.get('/api/cases/:caseId/events', async (c) => {
    const actor = requireAuth(c).actor;
    const caseId = caseIdSchema.parse(c.req.param('caseId'));
    const context = c.get('context');
    await getProgress({ actor, caseId, context, deps });
    return streamSSE(c, async (stream) => {
      let last = '';
      let aborted = false;
      stream.onAbort(() => {
        aborted = true;
      });
      while (!aborted) {
        const { progress } = await getProgress({ actor: null, caseId, context, deps });
        const data = JSON.stringify(progress);
        if (data !== last) {
          last = data;
          await stream.writeSSE({ event: 'progress', data });
        }
        await stream.sleep(1000);
      }
    });
  });
}
