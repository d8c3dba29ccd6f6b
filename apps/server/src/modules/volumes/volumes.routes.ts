import { caseIdSchema, createVolumeBodySchema, volumeSchema } from '@sohoa/contracts';
import { createRoute, z } from '@hono/zod-openapi';
import { requireAuth } from '../app/middlewares/auth.middleware.ts';
import { createdResponses, jsonBody, jsonResponses, meta } from '../app/routes.helpers.ts';
import type { App, ServerDependencies } from '../app/server.types.ts';
import { createVolume, listVolumes } from './volumes.usecases.ts';

const caseParams = { params: z.strictObject({ caseId: caseIdSchema }) };

export function registerVolumesRoutes({ app, deps }: { app: App; deps: ServerDependencies }) {
  app.openapi(
    createRoute({
      method: 'get',
      path: '/api/cases/{caseId}/volumes',
      ...meta('volumes', 'Volumes (tập) of a case'),
      request: caseParams,
      responses: jsonResponses(z.object({ volumes: z.array(volumeSchema) })),
    }),
    async (c) =>
      c.json(
        await listVolumes({
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
      method: 'post',
      path: '/api/cases/{caseId}/volumes',
      ...meta('volumes', 'Add a volume (next number unless given)'),
      request: { ...caseParams, ...jsonBody(createVolumeBodySchema) },
      responses: createdResponses(z.object({ volume: volumeSchema })),
    }),
    async (c) => {
      const body = c.req.valid('json');
      return c.json(
        await createVolume({
          actor: requireAuth(c).actor,
          caseId: c.req.valid('param').caseId,
          ...(body.number !== undefined ? { number: body.number } : {}),
          title: body.title ?? null,
          context: c.get('context'),
          deps,
        }),
        201,
      );
    },
  );
}
