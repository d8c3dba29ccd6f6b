import { caseIdSchema, structureEditSchema } from '@sohoa/contracts';
import { createRoute, z } from '@hono/zod-openapi';
import { requireAuth } from '../app/middlewares/auth.middleware.ts';
import { createdResponses, jsonBody, jsonResponses, meta } from '../app/routes.helpers.ts';
import type { App, ServerDependencies } from '../app/server.types.ts';
import {
  editStructure,
  getCaseStructure,
  listStructureEdits,
  revertStructureEdit,
} from './documents.usecases.ts';

const bilingual = z.object({ vi: z.string(), en: z.string() });
const personSchema = z.object({ name: z.string(), role: z.string() });
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
          position: z.number(),
          type: z.object({ code: z.string(), name: bilingual, confidence: z.number().nullable() }),
          title: z.string().nullable(),
          number: z.string().nullable(),
          date: z.string().nullable(),
          issuer: z.string().nullable(),
          signer: z.string().nullable(),
          signerTitle: z.string().nullable(),
          declarant: z.object({ name: z.string(), role: z.string().nullable() }).nullable(),
          timeRange: z
            .object({ start: z.string(), end: z.string().nullable() })
            .nullable()
            .openapi({ description: 'local date-times of a record, "yyyy-mm-ddThh:mm"' }),
          notes: z.string().nullable(),
          butLucFrom: z.number().nullable(),
          butLucTo: z.number().nullable(),
          pages: z.array(z.string()).openapi({ description: 'file#index refs' }),
          pageIds: z.array(z.string()),
          persons: z.array(personSchema),
          origin: z.enum(['AUTO', 'HUMAN']),
          edited: z.array(z.string()).openapi({ description: 'fields a reviewer set' }),
          review: z
            .array(z.string())
            .openapi({ description: 'why to look: type_unknown, type_uncertain, date_unreadable' }),
          reasons: z.array(z.string()),
        }),
      ),
    }),
  ),
});

const caseParams = { params: z.strictObject({ caseId: caseIdSchema }) };
const editParams = {
  params: z.strictObject({
    caseId: caseIdSchema,
    editId: z.string().regex(/^edt_[0-9a-z]{10,40}$/),
  }),
};
const editSchema = z.object({
  id: z.string(),
  op: z.string(),
  targetDocumentId: z.string().nullable(),
  payload: z.record(z.string(), z.unknown()),
  createdAt: z.string(),
  createdBy: z
    .object({ id: z.string(), username: z.string().nullable(), fullName: z.string().nullable() })
    .nullable(),
  revertedAt: z.string().nullable(),
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
      request: caseParams,
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

  app.openapi(
    createRoute({
      method: 'post',
      path: '/api/cases/{caseId}/structure/edits',
      ...meta(
        'documents',
        'Correct the structure (split, merge, move a boundary, change type, edit metadata, reorder); kept across re-processing',
      ),
      request: { ...caseParams, ...jsonBody(structureEditSchema) },
      responses: createdResponses(z.object({ editId: z.string(), structure: structureSchema })),
    }),
    async (c) =>
      c.json(
        await editStructure({
          actor: requireAuth(c).actor,
          caseId: c.req.valid('param').caseId,
          edit: c.req.valid('json'),
          context: c.get('context'),
          deps,
        }),
        201,
      ),
  );

  app.openapi(
    createRoute({
      method: 'get',
      path: '/api/cases/{caseId}/structure/edits',
      ...meta('documents', 'The log of structure corrections, oldest first'),
      request: caseParams,
      responses: jsonResponses(z.object({ edits: z.array(editSchema) })),
    }),
    async (c) =>
      c.json(
        await listStructureEdits({
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
      method: 'delete',
      path: '/api/cases/{caseId}/structure/edits/{editId}',
      ...meta('documents', 'Undo one structure correction (kept in the log as reverted)'),
      request: editParams,
      responses: jsonResponses(z.object({ structure: structureSchema })),
    }),
    async (c) => {
      const { caseId, editId } = c.req.valid('param');
      return c.json(
        await revertStructureEdit({
          actor: requireAuth(c).actor,
          caseId,
          editId,
          context: c.get('context'),
          deps,
        }),
        200,
      );
    },
  );
}
