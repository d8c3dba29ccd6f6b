import { Readable } from 'node:stream';
import { caseIdSchema } from '@sohoa/contracts';
import { z } from '@hono/zod-openapi';
import { requireAuth } from '../app/middlewares/auth.middleware.ts';
import type { App, ServerDependencies } from '../app/server.types.ts';
import { exportCourtPackage } from './court-package.usecases.ts';

export function registerCourtPackageRoutes({ app, deps }: { app: App; deps: ServerDependencies }) {
  const packageDeps = {
    ...deps,
    webDistDir: deps.settings.webDistDir,
  };
  // Binary download: a plain route (the OpenAPI helpers describe JSON bodies).
  app.get('/api/cases/:caseId/court-package.zip', async (c) => {
    const { caseId } = z.strictObject({ caseId: caseIdSchema }).parse(c.req.param());
    const { fileName, stream } = await exportCourtPackage({
      actor: requireAuth(c).actor,
      caseId,
      context: c.get('context'),
      deps: packageDeps,
    });
    stream.on('error', (error) =>
      deps.logger.error({ err: error, caseId }, 'court package failed'),
    );
    return c.body(Readable.toWeb(stream) as ReadableStream, 200, {
      'content-type': 'application/zip',
      'content-disposition': `attachment; filename="${fileName}"`,
      'cache-control': 'no-store',
    });
  });
}
