import type { AddressInfo } from 'node:net';
import { serve } from '@hono/node-server';
import { createMemoryBlobStore } from '../blobs/drivers/memory/memory.blob-driver.ts';
import { createTestDatabase, type DbVariant } from '../database/database.test-utils.ts';
import { createSilentLogger } from '../shared/logger/logger.ts';
import { createDependencies } from '../../start.ts';
import { createServer } from './server.ts';
import type { ServerDependencies } from './server.types.ts';

/** Settings for tests: cheap password hashing (cost 10), otherwise the production defaults. */
export const TEST_SETTINGS: ServerDependencies['settings'] = {
  auth: {
    sessionIdleHours: 8,
    sessionMaxHours: 168,
    loginMaxFailures: 5,
    loginMaxFailuresPerIp: 30,
    loginWindowMinutes: 15,
    passwordHashCost: 10,
    cookieSecure: 'auto',
  },
  trustProxy: false,
  maxJsonBodyBytes: 1024 * 1024,
  webDistDir: null,
  version: 'test',
};

/**
 * A server over a fresh migrated database (PGlite in memory by default) and the memory blob store.
 * Use `app.request()` for socket-free tests (CONVENTIONS.md §14).
 */
export async function createTestServer({
  variant = 'pglite',
  settings = {},
}: {
  variant?: DbVariant;
  settings?: Partial<ServerDependencies['settings']>;
} = {}) {
  const { db, close } = await createTestDatabase({ variant });
  const deps = createDependencies({
    db,
    blobStore: createMemoryBlobStore(),
    logger: createSilentLogger(),
    settings: { ...TEST_SETTINGS, ...settings },
  });
  const { app } = createServer({ deps });
  return { app, deps, close };
}

/** The same, listening on 127.0.0.1 at a free port (for the CLI and browser tests). */
export async function startTestHttpServer({
  webDistDir = null,
  variant = 'pglite',
}: { webDistDir?: string | null; variant?: DbVariant } = {}): Promise<{
  url: string;
  close: () => Promise<void>;
}> {
  const { app, close: closeDb } = await createTestServer({ variant, settings: { webDistDir } });
  const server = await new Promise<ReturnType<typeof serve>>((resolve) => {
    const s = serve({ fetch: app.fetch, port: 0, hostname: '127.0.0.1' }, () => resolve(s));
  });
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    close: async () => {
      await new Promise<void>((resolve) => server.close(() => resolve()));
      await closeDb();
    },
  };
}
