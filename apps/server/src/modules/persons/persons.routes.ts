import { caseIdSchema, casePersonSchema } from '@sohoa/contracts';
import { createRoute, z } from '@hono/zod-openapi';
import { requireAuth } from '../app/middlewares/auth.middleware.ts';
import { jsonResponses, meta } from '../app/routes.helpers.ts';
import type { App, ServerDependencies } from '../app/server.types.ts';
import { getCasePersons } from './persons.usecases.ts';

export function registerPersonsRoutes({ app, deps }: { app: App; deps: ServerDependencies }) {
  app.openapi(
    createRoute({
      method: 'get',
      path: '/api/cases/{caseId}/persons',
      ...meta(
        'persons',
        'Person index: everyone named in the documents, their roles, appearances (bút lục) and statements by date',
      ),
      request: { params: z.strictObject({ caseId: caseIdSchema }) },
      responses: jsonResponses(z.object({ persons: z.array(casePersonSchema) })),
    }),
    async (c) =>
      c.json(
        await getCasePersons({
          actor: requireAuth(c).actor,
          caseId: c.req.valid('param').caseId,
          context: c.get('context'),
          deps,
        }),
        200,
      ),
  );
}
