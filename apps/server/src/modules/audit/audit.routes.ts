import {
  AUDIT_EXPORT_FORMATS,
  auditListSchema,
  auditQuerySchema,
  auditVerificationSchema,
  type AuditQuery,
} from '@sohoa/contracts';
import { createRoute, z } from '@hono/zod-openapi';
import { requireAuth } from '../app/middlewares/auth.middleware.ts';
import { languageOf } from '../app/middlewares/language.ts';
import { jsonResponses, meta } from '../app/routes.helpers.ts';
import type { App, ServerDependencies } from '../app/server.types.ts';
import { contentDisposition } from '../case-index/case-index.usecases.ts';
import { AUDIT_EXPORT_CONTENT_TYPES } from './audit.exports.ts';
import { exportAuditEvents, listAuditEvents, verifyAuditChainAsAdmin } from './audit.usecases.ts';

/** The validated query as the use cases' filter (dates parsed, absent keys left out). */
function filterOf(query: AuditQuery) {
  return {
    ...(query.caseId ? { caseId: query.caseId } : {}),
    ...(query.userId ? { actorUserId: query.userId } : {}),
    ...(query.unitId ? { unitId: query.unitId } : {}),
    ...(query.action ? { action: query.action } : {}),
    ...(query.from ? { from: new Date(query.from) } : {}),
    ...(query.to ? { to: new Date(query.to) } : {}),
  };
}

export function registerAuditRoutes({ app, deps }: { app: App; deps: ServerDependencies }) {
  app.openapi(
    createRoute({
      method: 'get',
      path: '/api/audit',
      ...meta(
        'audit',
        'Audit events, newest first, filtered by case, user, unit subtree, action and period (LEADER, ADMIN, IT_SUPPORT: their subtree; viewing is audited)',
      ),
      request: { query: auditQuerySchema },
      responses: jsonResponses(auditListSchema),
    }),
    async (c) => {
      const query = c.req.valid('query');
      const result = await listAuditEvents({
        actor: requireAuth(c).actor,
        filter: {
          ...filterOf(query),
          ...(query.beforeSeq ? { beforeSeq: query.beforeSeq } : {}),
        },
        limit: query.limit ?? 200,
        context: c.get('context'),
        deps,
      });
      return c.json(result, 200);
    },
  );

  app.openapi(
    createRoute({
      method: 'get',
      path: '/api/audit/verify',
      ...meta(
        'audit',
        'Re-checks the whole hash chain; names the first broken link (ADMIN, IT_SUPPORT)',
      ),
      responses: jsonResponses(auditVerificationSchema),
    }),
    async (c) => c.json(await verifyAuditChainAsAdmin({ actor: requireAuth(c).actor, deps }), 200),
  );

  for (const format of AUDIT_EXPORT_FORMATS) {
    const { 200: _json, ...errors } = jsonResponses(z.object({}));
    app.openapi(
      createRoute({
        method: 'get',
        path: `/api/audit.${format}`,
        ...meta('audit', `Download the filtered audit events as ${format.toUpperCase()} (audited)`),
        request: { query: auditQuerySchema.omit({ beforeSeq: true, limit: true }) },
        responses: {
          200: {
            description: `The events as ${format.toUpperCase()}`,
            content: {
              [AUDIT_EXPORT_CONTENT_TYPES[format]]: {
                schema: z.string().openapi({ type: 'string', format: 'binary' }),
              },
            },
          },
          ...errors,
        },
      }),
      async (c) => {
        const file = await exportAuditEvents({
          actor: requireAuth(c).actor,
          filter: filterOf(c.req.valid('query')),
          format,
          language: languageOf(c),
          context: c.get('context'),
          deps,
        });
        return c.body(Buffer.from(file.bytes), 200, {
          'content-type': file.contentType,
          'content-disposition': contentDisposition({ fileName: file.fileName }),
          'cache-control': 'private, no-store',
          'x-sohoa-truncated': String(file.truncated),
        });
      },
    );
  }
}
