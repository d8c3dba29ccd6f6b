import type { AddressInfo } from 'node:net';
import { serve } from '@hono/node-server';
import { WebSocketServer } from 'ws';
import { createMemoryBlobStore } from '../blobs/drivers/memory/memory.blob-driver.ts';
import { createTestDatabase, type DbVariant } from '../database/database.test-utils.ts';
import { createSilentLogger } from '../shared/logger/logger.ts';
import { createDependencies } from '../../start.ts';
import os from 'node:os';
import path from 'node:path';
import type { Db } from '../database/database.ts';
import { createJobRunner } from '../jobs/jobs.runner.ts';
import { createInlinePageProcessor } from '../pipeline/page-processor.ts';
import type { PageProcessor } from '../pipeline/page-processor.types.ts';
import { createPipelineJobDefinitions } from '../pipeline/pipeline.handlers.ts';
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

/** Dependencies over `db` with the memory blob store and an in-thread page processor. */
export function createTestDependencies({
  db,
  settings = {},
  pageProcessor = createInlinePageProcessor({ settings: { ocrEngine: 'auto' } }),
  onJobsEnqueued,
}: {
  db: Db;
  settings?: Partial<ServerDependencies['settings']>;
  pageProcessor?: PageProcessor;
  onJobsEnqueued?: () => void;
}): ServerDependencies {
  return createDependencies({
    db,
    blobStore: createMemoryBlobStore(),
    logger: createSilentLogger(),
    settings: { ...TEST_SETTINGS, ...settings },
    pageProcessor,
    tempDir: path.join(os.tmpdir(), `sohoa-test-${process.pid}`),
    maxFileBytes: 512 * 1024 * 1024,
    ...(onJobsEnqueued ? { onJobsEnqueued } : {}),
  });
}

/** A job runner over the pipeline definitions, for tests that process pages. */
export function createTestJobRunner({
  deps,
  concurrency = 2,
}: {
  deps: ServerDependencies;
  concurrency?: number;
}) {
  return createJobRunner({
    jobsRepository: deps.jobsRepository,
    definitions: createPipelineJobDefinitions({ deps: { ...deps, ocrEngineName: 'auto' } }),
    concurrency,
    logger: deps.logger,
    pollMs: 100,
    exclusive: true,
  });
}

/**
 * A server over a fresh migrated database (PGlite in memory by default) and the memory blob store.
 * Use `app.request()` for socket-free tests (CONVENTIONS.md §14).
 */
export async function createTestServer({
  variant = 'pglite',
  settings = {},
  pageProcessor,
}: {
  variant?: DbVariant;
  settings?: Partial<ServerDependencies['settings']>;
  pageProcessor?: PageProcessor;
} = {}) {
  const { db, close } = await createTestDatabase({ variant });
  const deps = createTestDependencies({
    db,
    settings,
    ...(pageProcessor ? { pageProcessor } : {}),
  });
  const { app } = createServer({ deps });
  return {
    app,
    deps,
    close: async () => {
      await deps.pageViewAudit.flush();
      await deps.pageProcessor.close();
      await close();
    },
  };
}

/** The same, listening on 127.0.0.1 at a free port (for the CLI and browser tests). */
export async function startTestHttpServer({
  webDistDir = null,
  variant = 'pglite',
  withJobRunner = false,
  pageProcessor,
  seed,
}: {
  webDistDir?: string | null;
  variant?: DbVariant;
  withJobRunner?: boolean;
  pageProcessor?: PageProcessor;
  /** Fills the fresh database before the server listens (e.g. `seedProvince`). */
  seed?: (deps: ServerDependencies) => Promise<void>;
} = {}): Promise<{
  url: string;
  deps: ServerDependencies;
  close: () => Promise<void>;
}> {
  const {
    app,
    deps,
    close: closeServer,
  } = await createTestServer({
    variant,
    settings: { webDistDir },
    ...(pageProcessor ? { pageProcessor } : {}),
  });
  await seed?.(deps);
  const runner = withJobRunner ? createTestJobRunner({ deps }) : null;
  await runner?.start();
  const closeDb = async () => {
    await runner?.stop();
    await closeServer();
  };
  const server = await new Promise<ReturnType<typeof serve>>((resolve) => {
    const s = serve(
      {
        fetch: app.fetch,
        port: 0,
        hostname: '127.0.0.1',
        websocket: { server: new WebSocketServer({ noServer: true }) },
      },
      () => resolve(s),
    );
  });
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    deps,
    close: async () => {
      await new Promise<void>((resolve) => server.close(() => resolve()));
      await closeDb();
    },
  };
}

/** A provincial unit with one clerk (the actor of ingestion tests). */
export async function seedUnitWithClerk({ deps }: { deps: ServerDependencies }) {
  const { unit } = await deps.unitsRepository.create({
    unit: { code: 'HN', name: 'Hà Nội', level: 'PROVINCIAL', parentId: null },
  });
  const { user } = await deps.usersRepository.create({
    user: {
      unitId: unit.id,
      username: 'clerk',
      fullName: 'Clerk',
      roles: ['CLERK'],
      passwordHash: 'x',
    },
  });
  return {
    unitId: unit.id,
    actor: { userId: user.id, username: 'clerk', unitId: unit.id, roles: ['CLERK' as const] },
  };
}

export {
  createScriptedPageProcessor,
  type ScriptedPage,
} from '../pipeline/scripted-page-processor.test-utils.ts';

export { seedProvince, SEED_PASSWORD } from '../dashboard/dashboard.test-utils.ts';
