import {
  annotationIdSchema,
  annotationSchema,
  caseIdSchema,
  createAnnotationBodySchema,
  listAnnotationsQuerySchema,
  updateAnnotationBodySchema,
} from '@sohoa/contracts';
import { createRoute, z } from '@hono/zod-openapi';
import { requireAuth } from '../app/middlewares/auth.middleware.ts';
import { createdResponses, jsonBody, jsonResponses, meta } from '../app/routes.helpers.ts';
import type { App, ServerDependencies } from '../app/server.types.ts';
import {
  createAnnotation,
  deleteAnnotation,
  listAnnotations,
  updateAnnotation,
} from './annotations.usecases.ts';

const caseParams = { params: z.strictObject({ caseId: caseIdSchema }) };
const annotationParams = {
  params: z.strictObject({ caseId: caseIdSchema, annotationId: annotationIdSchema }),
};

export function registerAnnotationsRoutes({ app, deps }: { app: App; deps: ServerDependencies }) {
  app.openapi(
    createRoute({
      method: 'get',
      path: '/api/cases/{caseId}/annotations',
      ...meta(
        'annotations',
        'Annotations of a case the caller may see (shared ones and their own private ones)',
      ),
      request: { ...caseParams, query: listAnnotationsQuerySchema },
      responses: jsonResponses(z.object({ annotations: z.array(annotationSchema) })),
    }),
    async (c) =>
      c.json(
        await listAnnotations({
          actor: requireAuth(c).actor,
          caseId: c.req.valid('param').caseId,
          query: c.req.valid('query'),
          context: c.get('context'),
          deps,
        }),
        200,
      ),
  );

  app.openapi(
    createRoute({
      method: 'post',
      path: '/api/cases/{caseId}/annotations',
      ...meta('annotations', 'Highlight a region or words of a page, or pin a note on it'),
      request: { ...caseParams, ...jsonBody(createAnnotationBodySchema) },
      responses: createdResponses(z.object({ annotation: annotationSchema })),
    }),
    async (c) =>
      c.json(
        await createAnnotation({
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
      method: 'patch',
      path: '/api/cases/{caseId}/annotations/{annotationId}',
      ...meta('annotations', 'Change an own annotation: text, colour, position, private/shared'),
      request: { ...annotationParams, ...jsonBody(updateAnnotationBodySchema) },
      responses: jsonResponses(z.object({ annotation: annotationSchema })),
    }),
    async (c) => {
      const { caseId, annotationId } = c.req.valid('param');
      return c.json(
        await updateAnnotation({
          actor: requireAuth(c).actor,
          caseId,
          annotationId,
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
      path: '/api/cases/{caseId}/annotations/{annotationId}',
      ...meta('annotations', 'Delete an annotation (its author; a leader for shared ones)'),
      request: annotationParams,
      responses: jsonResponses(z.object({ deleted: z.boolean() })),
    }),
    async (c) => {
      const { caseId, annotationId } = c.req.valid('param');
      return c.json(
        await deleteAnnotation({
          actor: requireAuth(c).actor,
          caseId,
          annotationId,
          context: c.get('context'),
          deps,
        }),
        200,
      );
    },
  );
}
