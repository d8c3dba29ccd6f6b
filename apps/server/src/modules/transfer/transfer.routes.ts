import { caseDocumentsForPackage } from './transfer.documents.ts';
import { PassThrough, Readable } from 'node:stream';
import {
  caseIdSchema,
  importPackageQuerySchema,
  packageImportReportSchema,
} from '@sohoa/contracts';
import { createRoute, z } from '@hono/zod-openapi';
import { requireAuth } from '../app/middlewares/auth.middleware.ts';
import { createdResponses, meta } from '../app/routes.helpers.ts';
import type { App, ServerDependencies } from '../app/server.types.ts';
import { createError } from '../shared/errors/errors.ts';
import { prepareCasePackage } from './transfer.export.ts';
import { importCasePackageFromStream } from './transfer.receive.ts';

/** A package may hold many scanned files: by default 16 single-file limits. */
const maxPackageBytesOf = (deps: ServerDependencies) =>
  deps.maxPackageBytes ?? deps.maxFileBytes * 16;

export function registerTransferRoutes({ app, deps }: { app: App; deps: ServerDependencies }) {
  // Binary download: a plain route (the OpenAPI helpers describe JSON bodies).
  app.get('/api/cases/:caseId/package.zip', async (c) => {
    const actor = requireAuth(c).actor;
    const { caseId } = z.strictObject({ caseId: caseIdSchema }).parse(c.req.param());
    // `?documents=false` leaves out the case file PDF and the index (a smaller, faster package).
    const withDocuments = c.req.query('documents') !== 'false';
    // Refusals (access, unfinished processing, missing blob) happen here, before any byte is sent.
    const { fileName, write } = await prepareCasePackage({
      actor,
      caseId,
      context: c.get('context'),
      deps,
    });
    const documents = withDocuments
      ? await caseDocumentsForPackage({ actor, caseId, context: c.get('context'), deps })
      : { extraFiles: [], cleanup: () => Promise.resolve() };
    const output = new PassThrough();
    write({ output, extraFiles: documents.extraFiles })
      .catch((error: unknown) => {
        // Headers are gone: the client sees a cut transfer, which an import refuses as corrupt.
        deps.logger.error({ err: error, caseId }, 'package export failed');
        output.destroy(error instanceof Error ? error : new Error(String(error)));
      })
      .finally(() => void documents.cleanup());
    return c.body(Readable.toWeb(output) as ReadableStream, 200, {
      'content-type': 'application/zip',
      'content-disposition': `attachment; filename="${fileName}"`,
      'cache-control': 'no-store',
    });
  });

  app.openapi(
    createRoute({
      method: 'post',
      path: '/api/packages',
      ...meta(
        'transfer',
        'Import a case transfer package (the ZIP as application/octet-stream body, streamed to disk) into a unit',
      ),
      request: { query: importPackageQuerySchema },
      responses: createdResponses(z.object({ report: packageImportReportSchema })),
    }),
    async (c) => {
      const actor = requireAuth(c).actor;
      const { unitId } = c.req.valid('query');
      const body = c.req.raw.body;
      if (!body) {
        throw createError({ code: 'request.invalid' });
      }
      const result = await importCasePackageFromStream({
        actor,
        unitId,
        // DOM and node:stream/web declare two ReadableStream types for the same object.
        // eslint-disable-next-line @typescript-eslint/no-unnecessary-type-assertion
        body: Readable.fromWeb(body as Parameters<typeof Readable.fromWeb>[0]),
        context: c.get('context'),
        deps: { ...deps, maxPackageBytes: maxPackageBytesOf(deps) },
      });
      return c.json(result, 201);
    },
  );
}
