import {
  caseIdSchema,
  caseTimelineSchema,
  procedureSettingsBodySchema,
  procedureSettingsSchema,
  timelineQuerySchema,
} from '@sohoa/contracts';
import { createRoute, z } from '@hono/zod-openapi';
import { requireAuth } from '../app/middlewares/auth.middleware.ts';
import { jsonBody, jsonResponses, meta } from '../app/routes.helpers.ts';
import type { App, ServerDependencies } from '../app/server.types.ts';
import { getCaseTimeline, updateProcedureSettings } from './timeline.usecases.ts';

const caseParams = { params: z.strictObject({ caseId: caseIdSchema }) };

export function registerTimelineRoutes({ app, deps }: { app: App; deps: ServerDependencies }) {
  app.openapi(
    createRoute({
      method: 'get',
      path: '/api/cases/{caseId}/timeline',
      ...meta(
        'timeline',
        'Procedural timeline: dated documents, charges, crime category and deadline clocks with their status',
      ),
      request: { ...caseParams, query: timelineQuerySchema },
      responses: jsonResponses(z.object({ timeline: caseTimelineSchema })),
    }),
    async (c) => {
      const { asOf } = c.req.valid('query');
      return c.json(
        await getCaseTimeline({
          actor: requireAuth(c).actor,
          caseId: c.req.valid('param').caseId,
          context: c.get('context'),
          deps,
          ...(asOf ? { now: new Date(`${asOf}T00:00:00Z`) } : {}),
        }),
        200,
      );
    },
  );

  app.openapi(
    createRoute({
      method: 'put',
      path: '/api/cases/{caseId}/procedure-settings',
      ...meta(
        'timeline',
        'Set the crime category override (BLHS Điều 9) and the "near" threshold in working days',
      ),
      request: { ...caseParams, ...jsonBody(procedureSettingsBodySchema) },
      responses: jsonResponses(z.object({ settings: procedureSettingsSchema })),
    }),
    async (c) =>
      c.json(
        await updateProcedureSettings({
          actor: requireAuth(c).actor,
          caseId: c.req.valid('param').caseId,
          body: c.req.valid('json'),
          context: c.get('context'),
          deps,
        }),
        200,
      ),
  );
}
