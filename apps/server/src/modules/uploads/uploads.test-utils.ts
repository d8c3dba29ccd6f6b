import type { AddressInfo } from 'node:net';
import { serve } from '@hono/node-server';
import { Hono } from 'hono';
import { createSessionMiddleware } from '../app/middlewares/auth.middleware.ts';
import { createErrorHandler } from '../app/middlewares/errors.middleware.ts';
import { createRequestContextMiddleware } from '../app/middlewares/request-context.middleware.ts';
import { createTestDependencies } from '../app/server.test-utils.ts';
import { createServer } from '../app/server.ts';
import type { AppEnv } from '../app/server.types.ts';
import { createTestDatabase, type DbVariant } from '../database/database.test-utils.ts';
import { createFakePageProcessor } from '../hot-folder/hot-folder.test-utils.ts';
import { registerUploadRoutes, UPLOADS_PATH } from './uploads.routes.ts';

/**
 * The real server (fake page processor) with the tus routes in front of it, mounted the way
 * server.ts is meant to: request context and session middlewares, the app's error handler, no JSON
 * body limit. Everything else goes to the app built by `createServer`.
 */
export async function createUploadsTestServer({
  variant = 'pglite',
}: { variant?: DbVariant } = {}) {
  const { db, close } = await createTestDatabase({ variant });
  const deps = createTestDependencies({ db, pageProcessor: createFakePageProcessor() });
  const { app: main } = createServer({ deps });
  const app = new Hono<AppEnv>();
  app.onError(createErrorHandler({ logger: deps.logger }));
  app.use(
    `${UPLOADS_PATH}/*`,
    createRequestContextMiddleware({ trustProxy: false }),
    createSessionMiddleware({ deps }),
  );
  registerUploadRoutes({ app, deps });
  app.all('*', (c) => main.fetch(c.req.raw, c.env));
  return { app, deps, close };
}

/** Serves `app` on 127.0.0.1 at a free port (for clients that need a socket, like tus-js-client). */
export async function listen(
  app: Hono<AppEnv>,
): Promise<{ url: string; close: () => Promise<void> }> {
  const server = await new Promise<ReturnType<typeof serve>>((resolve) => {
    const s = serve({ fetch: app.fetch, port: 0, hostname: '127.0.0.1' }, () => resolve(s));
  });
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
