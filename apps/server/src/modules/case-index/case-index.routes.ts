import {
  caseIdSchema,
  caseIndexQuerySchema,
  caseIndexSchema,
  CASE_INDEX_FORMATS,
  type CaseIndexFormat,
} from '@sohoa/contracts';
import { createRoute, z } from '@hono/zod-openapi';
import { requireAuth } from '../app/middlewares/auth.middleware.ts';
import { languageOf } from '../app/middlewares/language.ts';
import { jsonResponses, meta } from '../app/routes.helpers.ts';
import type { App, ServerDependencies } from '../app/server.types.ts';
import {
  CASE_INDEX_CONTENT_TYPES,
  contentDisposition,
  exportCaseIndex,
  getCaseIndex,
} from './case-index.usecases.ts';

const request = {
  params: z.strictObject({ caseId: caseIdSchema }),
  query: caseIndexQuerySchema,
};

/** A file download: the bytes on success, the usual JSON error body otherwise. */
function downloadResponses(format: CaseIndexFormat) {
  const { 200: _json, ...errors } = jsonResponses(z.object({}));
  return {
    200: {
      description: `The index as a ${format.toUpperCase()} file (Content-Disposition: attachment)`,
      content: {
        [CASE_INDEX_CONTENT_TYPES[format]]: {
          schema: z.string().openapi({ type: 'string', format: 'binary' }),
        },
      },
    },
    ...errors,
  };
}

export function registerCaseIndexRoutes({ app, deps }: { app: App; deps: ServerDependencies }) {
  app.openapi(
    createRoute({
      method: 'get',
      path: '/api/cases/{caseId}/index',
      ...meta(
        'case-index',
        'The case index (thống kê tài liệu): per volume and section, rows with STT, title, number, date, issuer, bút lục and notes',
      ),
      request,
      responses: jsonResponses(z.object({ index: caseIndexSchema })),
    }),
    async (c) => {
      const { index } = await getCaseIndex({
        actor: requireAuth(c).actor,
        caseId: c.req.valid('param').caseId,
        language: c.req.valid('query').lang ?? languageOf(c),
        context: c.get('context'),
        deps,
      });
      return c.json({ index }, 200);
    },
  );

  for (const format of CASE_INDEX_FORMATS) {
    app.openapi(
      createRoute({
        method: 'get',
        path: `/api/cases/{caseId}/index.${format}`,
        ...meta('case-index', `Download the case index as ${format.toUpperCase()} (audited)`),
        request,
        responses: downloadResponses(format),
      }),
      async (c) => {
        const file = await exportCaseIndex({
          actor: requireAuth(c).actor,
          caseId: c.req.valid('param').caseId,
          format,
          language: c.req.valid('query').lang ?? languageOf(c),
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
}
