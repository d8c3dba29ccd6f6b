import {
  caseIdSchema,
  createHearingBodySchema,
  hearingIdSchema,
  hearingSchema,
} from '@sohoa/contracts';
import { createRoute, z } from '@hono/zod-openapi';
import { requireAuth } from '../app/middlewares/auth.middleware.ts';
import { createdResponses, jsonBody, jsonResponses, meta } from '../app/routes.helpers.ts';
import type { App, ServerDependencies } from '../app/server.types.ts';
import { createHearing, deleteHearing, listHearings } from './hearings.usecases.ts';

const caseParams = { params: z.strictObject({ caseId: caseIdSchema }) };
const hearingParams = {
  params: z.strictObject({ caseId: caseIdSchema, hearingId: hearingIdSchema }),
};

export function registerHearingsRoutes({ app, deps }: { app: App; deps: ServerDependencies }) {
  app.openapi(
    createRoute({
      method: 'get',
      path: '/api/cases/{caseId}/hearings',
      ...meta('hearings', 'Hearings (trial records) that used the digitized case file'),
      request: caseParams,
      responses: jsonResponses(z.object({ hearings: z.array(hearingSchema) })),
    }),
    async (c) =>
      c.json(
        await listHearings({
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
      path: '/api/cases/{caseId}/hearings',
      ...meta(
        'hearings',
        'Record a hearing that used the case file: date, court, presenter, items shown',
      ),
      request: { ...caseParams, ...jsonBody(createHearingBodySchema) },
      responses: createdResponses(z.object({ hearing: hearingSchema })),
    }),
    async (c) =>
      c.json(
        await createHearing({
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
      method: 'delete',
      path: '/api/cases/{caseId}/hearings/{hearingId}',
      ...meta('hearings', 'Delete a trial record (its author or the unit leader)'),
      request: hearingParams,
      responses: jsonResponses(z.object({ deleted: z.boolean() })),
    }),
    async (c) => {
      const { caseId, hearingId } = c.req.valid('param');
      return c.json(
        await deleteHearing({
          actor: requireAuth(c).actor,
          caseId,
          hearingId,
          context: c.get('context'),
          deps,
        }),
        200,
      );
    },
  );
}
