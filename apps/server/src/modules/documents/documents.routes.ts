import { caseIdSchema } from '@sohoa/contracts';
import { createRoute, z } from '@hono/zod-openapi';
import { requireAuth } from '../app/middlewares/auth.middleware.ts';
import { jsonResponses, meta } from '../app/routes.helpers.ts';
import type { App, ServerDependencies } from '../app/server.types.ts';
import { getCaseStructure } from './documents.usecases.ts';

const bilingual = z.object({ vi: z.string(), en: z.string() });
const structureSchema = z.object({
  documentCount: z.number(),
  sections: z.array(
    z.object({
      code: z.string(),
      name: bilingual,
      documents: z.array(
        z.object({
          id: z.string(),
          volume: z.number(),
          type: z.object({ code: z.string(), name: bilingual, confidence: z.number().nullable() }),
          title: z.string().nullable(),
          number: z.string().nullable(),
          date: z.string().nullable(),
          issuer: z.string().nullable(),
          butLucFrom: z.number().nullable(),
          butLucTo: z.number().nullable(),
          pages: z.array(z.string()),
          persons: z.array(z.object({ name: z.string(), role: z.string() })),
        }),
      ),
    }),
  ),
});

export function registerDocumentsRoutes({ app, deps }: { app: App; deps: ServerDependencies }) {
  app.openapi(
    createRoute({
      method: 'get',
      path: '/api/cases/{caseId}/structure',
      ...meta(
        'documents',
        'Sections → documents of a case, with types, numbers, dates and bút lục ranges',
      ),
      request: { params: z.strictObject({ caseId: caseIdSchema }) },
      responses: jsonResponses(z.object({ structure: structureSchema })),
    }),
    async (c) =>
      c.json(
        await getCaseStructure({
          actor: requireAuth(c).actor,
          caseId: c.req.valid('param').caseId,
          context: c.get('context'),
          deps,
        }),
        200,
      ),
  );
}
