import { serve, type ServerType } from '@hono/node-server';
import { Hono } from 'hono';
import { WebSocketServer } from 'ws';
import type { AppEnv } from './modules/app/server.types.ts';
import { parseConfig } from './modules/config/config.ts';
import { createServer } from './modules/app/server.ts';
import { createLogger } from './modules/shared/logger/logger.ts';
import { createOpsRepository } from './modules/ops/ops.repository.ts';
import { createHttpObserver, registerOpsRoutes } from './modules/ops/ops.routes.ts';
import { buildServices, VERSION } from './start.ts';

export { parseConfig, describeConfig } from './modules/config/config.ts';
export { VERSION } from './start.ts';
export { runAnalyze, type EvaluationOutput } from './scripts/analyze.ts';
export { runMigrateStore } from './modules/store-migration/store-migration.run.ts';
export type {
  StoreMigrationProgress,
  StoreMigrationReport,
} from './modules/store-migration/store-migration.usecases.ts';

type Env = Record<string, string | undefined>;

/**
 * Starts sohoa in the configured process mode: `all` (default: HTTP + job runner, one office PC),
 * `web` (HTTP only) or `worker` (job runner only, plus an optional small HTTP listener for
 * /healthz, /readyz and /metrics). Migrations run at start (idempotent, under kysely's lock, so
 * several processes may start together). `close()` is the graceful shutdown: /readyz turns 503,
 * no new job is claimed, running jobs get SHUTDOWN_GRACE_MS to finish and are otherwise returned
 * to the queue, the HTTP server stops.
 */
export async function runServer({
  env,
}: {
  env: Env;
}): Promise<{ url: string | null; close: () => Promise<void> }> {
  const config = parseConfig({ env });
  const logger = createLogger({ level: config.app.logLevel });
  const {
    deps,
    runner,
    migrate,
    startHotFolder,
    beginShutdown,
    close: closeServices,
  } = await buildServices({ config, logger });
  const { applied } = await migrate();
  if (applied.length > 0) {
    logger.info({ applied }, 'migrations applied');
  }
  await runner?.start();
  startHotFolder();

  if (config.app.processMode === 'worker') {
    let opsServer: ServerType | null = null;
    let opsUrl: string | null = null;
    if (config.ops.workerHttpPort > 0) {
      const ops = new Hono<AppEnv>();
      ops.use(
        '*',
        createHttpObserver({ logger, metrics: deps.ops?.metrics ?? null, trustProxy: false }),
      );
      registerOpsRoutes({
        app: ops,
        ops: {
          ...deps.ops!,
          opsRepository: createOpsRepository({ db: deps.db }),
          blobStore: deps.blobStore,
        },
      });
      opsServer = await listen({
        fetch: ops.fetch,
        port: config.ops.workerHttpPort,
        hostname: config.app.host,
      });
      opsUrl = `http://${shownHost(config.app.host)}:${config.ops.workerHttpPort}`;
    }
    logger.info(
      { workerId: runner?.workerId, ops: opsUrl, version: VERSION },
      'worker mode: processing jobs',
    );
    return {
      url: opsUrl,
      close: async () => {
        beginShutdown();
        await closeServices();
        if (opsServer) {
          await closeHttp(opsServer);
        }
      },
    };
  }

  const { app } = createServer({ deps });
  // Presentation screens (issue 7) connect over WebSocket; the upgrade goes through the app.
  const server = await listen({
    fetch: app.fetch,
    port: config.app.port,
    hostname: config.app.host,
    websocket: { server: new WebSocketServer({ noServer: true }) },
  });
  const url = `http://${shownHost(config.app.host)}:${config.app.port}`;
  logger.info(
    { url, version: VERSION, mode: config.app.processMode },
    'sohoa đang chạy / sohoa is running',
  );

  const close = async () => {
    beginShutdown();
    // Stop accepting requests first, finish (or return) jobs, then drop lingering streams.
    const httpClosed = closeHttp(server);
    await closeServices();
    await httpClosed;
  };
  return { url, close };
}

function shownHost(host: string) {
  return host === '0.0.0.0' ? 'localhost' : host;
}

async function listen(options: Parameters<typeof serve>[0]): Promise<ServerType> {
  return new Promise<ServerType>((resolve, reject) => {
    const s = serve(options, () => resolve(s));
    s.once('error', reject);
  });
}

/** Closes an HTTP server: idle keep-alive sockets at once, open streams (SSE) after 2 s. */
async function closeHttp(server: ServerType) {
  const closed = new Promise<void>((resolve) => server.close(() => resolve()));
  const http = server as unknown as {
    closeIdleConnections?: () => void;
    closeAllConnections?: () => void;
  };
  http.closeIdleConnections?.();
  const timer = setTimeout(() => http.closeAllConnections?.(), 2000);
  await closed;
  clearTimeout(timer);
}

/** Applies pending migrations and exits (the `migrate:up` script). */
export async function runMigrations({ env }: { env: Env }): Promise<{ applied: string[] }> {
  const config = parseConfig({ env });
  const logger = createLogger({ level: config.app.logLevel });
  const { migrate, close } = await buildServices({ config, logger });
  try {
    return await migrate();
  } finally {
    await close();
  }
}

export {
  runAuditVerify,
  runBackup,
  runBackupStatus,
  runBackupVerify,
  runBlobsRotateKey,
  runBlobsVerify,
  runRestore,
} from './scripts/maintenance.ts';
