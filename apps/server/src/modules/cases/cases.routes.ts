import {
  assignCaseBodySchema,
  caseIdSchema,
  caseListSchema,
  caseSchema,
  createCaseBodySchema,
  listCasesQuerySchema,
  updateCaseBodySchema,
} from '@sohoa/contracts';
import { createRoute, z } from '@hono/zod-openapi';
import { requireAuth } from '../app/middlewares/auth.middleware.ts';
import {
  createdResponses,
  jsonBody,
  jsonResponses,
  meta,
  okSchema,
} from '../app/routes.helpers.ts';
import type { App, ServerDependencies } from '../app/server.types.ts';
import {
  assignCase,
  createCase,
  deleteCase,
  getCase,
  listCases,
  updateCase,
} from './cases.usecases.ts';

const caseResponse = z.object({ case: caseSchema });
const caseParams = { params: z.strictObject({ caseId: caseIdSchema }) };

export function registerCasesRoutes({ app, deps }: { app: App; deps: ServerDependencies }) {
  app.openapi(
    createRoute({
      method: 'get',
      path: '/api/cases',
      ...meta('cases', 'Cases the user may see, filtered and paged'),
      request: { query: listCasesQuerySchema },
      responses: jsonResponses(caseListSchema),
    }),
    async (c) =>
      c.json(
        await listCases({ actor: requireAuth(c).actor, query: c.req.valid('query'), deps }),
        200,
      ),
  );

  app.openapi(
    createRoute({
      method: 'post',
      path: '/api/cases',
      ...meta('cases', 'Register a case file'),
      request: jsonBody(createCaseBodySchema),
      responses: createdResponses(caseResponse),
    }),
    async (c) =>
      c.json(
        await createCase({
          actor: requireAuth(c).actor,
          body: c.req.valid('json'),
          context: c.get('context'),
          deps,
        }),
        201,
      ),
  );

  app.openapi(
    createRoute({
      method: 'get',
      path: '/api/cases/{caseId}',
      ...meta('cases', 'One case (audited read)'),
      request: caseParams,
      responses: jsonResponses(caseResponse),
    }),
    async (c) =>
      c.json(
        await getCase({
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
      path: '/api/cases/{caseId}',
      ...meta('cases', 'Change a case'),
      request: { ...caseParams, ...jsonBody(updateCaseBodySchema) },
      responses: jsonResponses(caseResponse),
    }),
    async (c) =>
      c.json(
        await updateCase({
          actor: requireAuth(c).actor,
          caseId: c.req.valid('param').caseId,
          body: c.req.valid('json'),
          context: c.get('context'),
          deps,
        }),
        200,
      ),
  );

  app.openapi(
    createRoute({
      method: 'put',
      path: '/api/cases/{caseId}/assignees',
      ...meta('cases', 'Set the case team'),
      request: { ...caseParams, ...jsonBody(assignCaseBodySchema) },
      responses: jsonResponses(caseResponse),
    }),
    async (c) =>
      c.json(
        await assignCase({
          actor: requireAuth(c).actor,
          caseId: c.req.valid('param').caseId,
          assigneeIds: c.req.valid('json').assigneeIds,
          context: c.get('context'),
          deps,
        }),
        200,
      ),
  );

  app.openapi(
    createRoute({
      method: 'delete',
      path: '/api/cases/{caseId}',
      ...meta('cases', 'Delete a case (unit leader; kept for the audit trail)'),
      request: caseParams,
      responses: jsonResponses(okSchema),
    }),
    async (c) => {
      await deleteCase({
        actor: requireAuth(c).actor,
        caseId: c.req.valid('param').caseId,
        context: c.get('context'),
        deps,
      });
      return c.json({ ok: true as const }, 200);
    },
  );
}
