import {
  cancelQueueResultSchema,
  caseIdSchema,
  caseQueueSchema,
  setQueuePriorityBodySchema,
} from '@sohoa/contracts';
import { createRoute, z } from '@hono/zod-openapi';
import { requireAuth } from '../app/middlewares/auth.middleware.ts';
import { jsonBody, jsonResponses, meta } from '../app/routes.helpers.ts';
import type { App, ServerDependencies } from '../app/server.types.ts';
import { cancelCaseQueue, getCaseQueue, setCaseQueuePriority } from './jobs.usecases.ts';

const caseParams = { params: z.strictObject({ caseId: caseIdSchema }) };
const queueResponse = z.object({ queue: caseQueueSchema });

/** A case's place in the processing queue: read it, prioritise it, cancel its pending work. */
export function registerJobsRoutes({ app, deps }: { app: App; deps: ServerDependencies }) {
  app.openapi(
    createRoute({
      method: 'get',
      path: '/api/cases/{caseId}/queue',
      ...meta('jobs', "The case's queue priority and its jobs by state"),
      request: caseParams,
      responses: jsonResponses(queueResponse),
    }),
    async (c) =>
      c.json(
        await getCaseQueue({
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
      method: 'put',
      path: '/api/cases/{caseId}/queue/priority',
      ...meta('jobs', 'Set the queue priority of a case (higher first; applies to queued jobs)'),
      request: { ...caseParams, ...jsonBody(setQueuePriorityBodySchema) },
      responses: jsonResponses(queueResponse),
    }),
    async (c) =>
      c.json(
        await setCaseQueuePriority({
          actor: requireAuth(c).actor,
          caseId: c.req.valid('param').caseId,
          priority: c.req.valid('json').priority,
          context: c.get('context'),
          deps,
        }),
        200,
      ),
  );

  app.openapi(
    createRoute({
      method: 'post',
      path: '/api/cases/{caseId}/queue/cancel',
      ...meta(
        'jobs',
        "Cancel the case's pending jobs (running ones stop at their next checkpoint)",
      ),
      request: caseParams,
      responses: jsonResponses(cancelQueueResultSchema),
    }),
    async (c) =>
      c.json(
        await cancelCaseQueue({
          actor: requireAuth(c).actor,
          caseId: c.req.valid('param').caseId,
          context: c.get('context'),
          deps,
        }),
        200,
      ),
  );
}
