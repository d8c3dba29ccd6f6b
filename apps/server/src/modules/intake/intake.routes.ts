import { Readable } from 'node:stream';
import { caseIdSchema, intakeResultSchema, uploadQuerySchema } from '@sohoa/contracts';
import { createRoute, z } from '@hono/zod-openapi';
import { requireAuth } from '../app/middlewares/auth.middleware.ts';
import { jsonResponses, meta } from '../app/routes.helpers.ts';
import type { App, ServerDependencies } from '../app/server.types.ts';
import { createError } from '../shared/errors/errors.ts';
import { intakeFiles } from './intake.usecases.ts';

export function registerIntakeRoutes({ app, deps }: { app: App; deps: ServerDependencies }) {
  app.openapi(
    createRoute({
      method: 'put',
      path: '/api/cases/{caseId}/volumes/{volumeNumber}/files',
      ...meta(
        'intake',
        'Upload one scanned file (PDF, TIFF, JPEG, PNG or ZIP) into a volume; the body is streamed to disk',
      ),
      request: {
        params: z.strictObject({
          caseId: caseIdSchema,
          volumeNumber: z.coerce.number().int().min(1).max(10_000),
        }),
        query: uploadQuerySchema,
      },
      responses: jsonResponses(z.object({ results: z.array(intakeResultSchema) })),
    }),
    async (c) => {
      const actor = requireAuth(c).actor;
      const { caseId, volumeNumber } = c.req.valid('param');
      const { name } = c.req.valid('query');
      const body = c.req.raw.body;
      if (!body) {
        throw createError({ code: 'request.invalid' });
      }
      let opened = false;
      const result = await intakeFiles({
        actor,
        caseId,
        volumeNumber,
        files: [
          {
            name,
            open: () => {
              if (opened) {
                throw new Error('request body can be read once');
              }
              opened = true;
              // DOM and node:stream/web declare two ReadableStream types for the same object.
              // eslint-disable-next-line @typescript-eslint/no-unnecessary-type-assertion
              return Readable.fromWeb(body as Parameters<typeof Readable.fromWeb>[0]);
            },
          },
        ],
        context: c.get('context'),
        deps,
      });
      return c.json(result, 200);
    },
  );
}
