import {
  createTargetBodySchema,
  dashboardQuerySchema,
  dashboardSchema,
  targetIdSchema,
  updateTargetBodySchema,
} from '@sohoa/contracts';
import { createRoute, z } from '@hono/zod-openapi';
import { requireAuth } from '../app/middlewares/auth.middleware.ts';
import {
  createdResponses,
  errorResponseSchema,
  jsonBody,
  jsonResponses,
  meta,
} from '../app/routes.helpers.ts';
import type { App, ServerDependencies } from '../app/server.types.ts';
import { contentDisposition } from '../case-index/case-index.usecases.ts';
import { REPORT_CONTENT_TYPES, type ReportFormat } from './dashboard.report.ts';
import {
  createTarget,
  deleteTarget,
  exportDashboardReport,
  getDashboard,
  updateTarget,
} from './dashboard.usecases.ts';

const targetParams = { params: z.strictObject({ targetId: targetIdSchema }) };
const idResponse = z.object({ target: z.object({ id: z.string() }) });

export function registerDashboardRoutes({ app, deps }: { app: App; deps: ServerDependencies }) {
  app.openapi(
    createRoute({
      method: 'get',
      path: '/api/dashboard',
      ...meta(
        'dashboard',
        'Steering dashboard of a unit subtree for a period (default: this year); STEERING, LEADER',
      ),
      request: { query: dashboardQuerySchema },
      responses: jsonResponses(z.object({ dashboard: dashboardSchema })),
    }),
    async (c) =>
      c.json(
        await getDashboard({ actor: requireAuth(c).actor, query: c.req.valid('query'), deps }),
        200,
      ),
  );

  for (const format of ['xlsx', 'pdf'] as const satisfies readonly ReportFormat[]) {
    app.openapi(
      createRoute({
        method: 'get',
        path: `/api/dashboard/report.${format}`,
        ...meta('dashboard', `The dashboard as a ${format.toUpperCase()} report (Vietnamese)`),
        request: { query: dashboardQuerySchema },
        responses: {
          200: {
            description: `The report as ${format.toUpperCase()}`,
            content: {
              [REPORT_CONTENT_TYPES[format]]: {
                schema: z.string().openapi({ type: 'string', format: 'binary' }),
              },
            },
          },
          403: {
            description: 'Forbidden',
            content: { 'application/json': { schema: errorResponseSchema } },
          },
        },
      }),
      async (c) => {
        const file = await exportDashboardReport({
          actor: requireAuth(c).actor,
          query: c.req.valid('query'),
          format,
          context: c.get('context'),
          deps,
        });
        return c.body(Buffer.from(file.bytes), 200, {
          'content-type': file.contentType,
          'content-disposition': contentDisposition({ fileName: file.fileName }),
          'cache-control': 'private, no-store',
        });
      },
    );
  }

  app.openapi(
    createRoute({
      method: 'post',
      path: '/api/dashboard/targets',
      ...meta('dashboard', 'Set a target for a unit and period (STEERING, leader of a unit above)'),
      request: jsonBody(createTargetBodySchema),
      responses: createdResponses(idResponse),
    }),
    async (c) =>
      c.json(
        await createTarget({
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
      method: 'patch',
      path: '/api/dashboard/targets/{targetId}',
      ...meta('dashboard', 'Change a target (period, goal, scope, note)'),
      request: { ...targetParams, ...jsonBody(updateTargetBodySchema) },
      responses: jsonResponses(idResponse),
    }),
    async (c) =>
      c.json(
        await updateTarget({
          actor: requireAuth(c).actor,
          targetId: c.req.valid('param').targetId,
          changes: c.req.valid('json'),
          context: c.get('context'),
          deps,
        }),
        200,
      ),
  );

  app.openapi(
    createRoute({
      method: 'delete',
      path: '/api/dashboard/targets/{targetId}',
      ...meta('dashboard', 'Delete a target'),
      request: targetParams,
      responses: jsonResponses(z.object({ deleted: z.boolean() })),
    }),
    async (c) =>
      c.json(
        await deleteTarget({
          actor: requireAuth(c).actor,
          targetId: c.req.valid('param').targetId,
          context: c.get('context'),
          deps,
        }),
        200,
      ),
  );
}
