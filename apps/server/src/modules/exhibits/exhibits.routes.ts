import { Readable } from 'node:stream';
import {
  caseIdSchema,
  createExhibitBodySchema,
  exhibitIdSchema,
  exhibitOrderBodySchema,
  exhibitSchema,
  updateExhibitBodySchema,
} from '@sohoa/contracts';
import { createRoute, z } from '@hono/zod-openapi';
import { requireAuth } from '../app/middlewares/auth.middleware.ts';
import { createdResponses, jsonBody, jsonResponses, meta } from '../app/routes.helpers.ts';
import type { App, ServerDependencies } from '../app/server.types.ts';
import { createError } from '../shared/errors/errors.ts';
import {
  createExhibit,
  deleteExhibit,
  getExhibitMedia,
  listExhibits,
  reorderExhibits,
  updateExhibit,
  uploadExhibitMedia,
} from './exhibits.usecases.ts';

const caseParams = { params: z.strictObject({ caseId: caseIdSchema }) };
const exhibitParams = {
  params: z.strictObject({ caseId: caseIdSchema, exhibitId: exhibitIdSchema }),
};
const listSchema = z.object({ exhibits: z.array(exhibitSchema) });
const oneSchema = z.object({ exhibit: exhibitSchema });

export function registerExhibitsRoutes({ app, deps }: { app: App; deps: ServerDependencies }) {
  app.openapi(
    createRoute({
      method: 'get',
      path: '/api/cases/{caseId}/exhibits',
      ...meta('exhibits', 'The exhibit list of a case (items shown at trial), in order'),
      request: caseParams,
      responses: jsonResponses(listSchema),
    }),
    async (c) => {
      const call = {
        actor: requireAuth(c).actor,
        caseId: c.req.valid('param').caseId,
        context: c.get('context'),
        deps,
      };
      return c.json(await listExhibits(call), 200);
    },
  );

  app.openapi(
    createRoute({
      method: 'post',
      path: '/api/cases/{caseId}/exhibits',
      ...meta('exhibits', 'Append a page, a region (callout) or two pages side by side'),
      request: { ...caseParams, ...jsonBody(createExhibitBodySchema) },
      responses: createdResponses(oneSchema),
    }),
    async (c) =>
      c.json(
        await createExhibit({
          actor: requireAuth(c).actor,
          caseId: c.req.valid('param').caseId,
          body: c.req.valid('json'),
          context: c.get('context'),
          deps,
        }),
        201,
      ),
  );

  app.openapi(
    createRoute({
      method: 'post',
      path: '/api/cases/{caseId}/exhibits/media',
      ...meta(
        'exhibits',
        'Append an image (JPEG, PNG, WebP) or video (MP4, WebM) as the raw request body; the type is sniffed',
      ),
      request: {
        ...caseParams,
        query: z.strictObject({
          fileName: z.string().trim().min(1).max(255),
          label: z.string().max(300).default(''),
        }),
      },
      responses: createdResponses(oneSchema),
    }),
    async (c) => {
      const body = c.req.raw.body;
      if (!body) {
        throw createError({ code: 'request.invalid' });
      }
      const { fileName, label } = c.req.valid('query');
      return c.json(
        await uploadExhibitMedia({
          actor: requireAuth(c).actor,
          caseId: c.req.valid('param').caseId,
          // DOM and node:stream/web declare two ReadableStream types for the same object.
          // eslint-disable-next-line @typescript-eslint/no-unnecessary-type-assertion
          stream: Readable.fromWeb(body as Parameters<typeof Readable.fromWeb>[0]),
          fileName,
          label,
          context: c.get('context'),
          deps,
        }),
        201,
      );
    },
  );

  app.get('/api/cases/:caseId/exhibits/:exhibitId/media', async (c) => {
    const { caseId, exhibitId } = exhibitParams.params.parse(c.req.param());
    const media = await getExhibitMedia({
      actor: requireAuth(c).actor,
      caseId,
      exhibitId,
      context: c.get('context'),
      deps,
    });
    return c.body(Readable.toWeb(media.stream) as ReadableStream<Uint8Array>, 200, {
      'content-type': media.contentType,
      'content-length': String(media.sizeBytes),
      'cache-control': 'private, max-age=86400',
    });
  });

  app.openapi(
    createRoute({
      method: 'put',
      path: '/api/cases/{caseId}/exhibits/order',
      ...meta('exhibits', 'Reorder the list: every item id, in the new order'),
      request: { ...caseParams, ...jsonBody(exhibitOrderBodySchema) },
      responses: jsonResponses(listSchema),
    }),
    async (c) =>
      c.json(
        await reorderExhibits({
          actor: requireAuth(c).actor,
          caseId: c.req.valid('param').caseId,
          exhibitIds: c.req.valid('json').exhibitIds,
          context: c.get('context'),
          deps,
        }),
        200,
      ),
  );

  app.openapi(
    createRoute({
      method: 'patch',
      path: '/api/cases/{caseId}/exhibits/{exhibitId}',
      ...meta('exhibits', 'Change the label, the presenter notes or a callout rectangle'),
      request: { ...exhibitParams, ...jsonBody(updateExhibitBodySchema) },
      responses: jsonResponses(oneSchema),
    }),
    async (c) => {
      const { caseId, exhibitId } = c.req.valid('param');
      return c.json(
        await updateExhibit({
          actor: requireAuth(c).actor,
          caseId,
          exhibitId,
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
      method: 'delete',
      path: '/api/cases/{caseId}/exhibits/{exhibitId}',
      ...meta('exhibits', 'Remove an item from the list'),
      request: exhibitParams,
      responses: jsonResponses(z.object({ deleted: z.boolean() })),
    }),
    async (c) => {
      const { caseId, exhibitId } = c.req.valid('param');
      return c.json(
        await deleteExhibit({
          actor: requireAuth(c).actor,
          caseId,
          exhibitId,
          context: c.get('context'),
          deps,
        }),
        200,
      );
    },
  );
}
