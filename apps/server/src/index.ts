import { serve } from '@hono/node-server';
import { parseConfig } from './modules/config/config.ts';
import { createServer } from './modules/app/server.ts';
import { createLogger } from './modules/shared/logger/logger.ts';
import { buildServices, VERSION } from './start.ts';

export { parseConfig, describeConfig } from './modules/config/config.ts';
export { VERSION } from './start.ts';
export { runAnalyze, type EvaluationOutput } from './scripts/analyze.ts';

type Env = Record<string, string | undefined>;

/**
 * Starts sohoa in the configured process mode. `all` (default) and `web` serve HTTP; `worker`
 * runs pipeline jobs (the job runner arrives with the ingestion issue). Migrations run at start.
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
    close: closeServices,
  } = await buildServices({ config, logger });
  const { applied } = await migrate();
  if (applied.length > 0) {
    logger.info({ applied }, 'migrations applied');
  }
  await runner?.start();
  startHotFolder();

  if (config.app.processMode === 'worker') {
    logger.info({ workerId: runner?.workerId }, 'worker mode: processing jobs');
    return { url: null, close: closeServices };
  }

  const { app } = createServer({ deps });
  const server = await new Promise<ReturnType<typeof serve>>((resolve, reject) => {
    const s = serve({ fetch: app.fetch, port: config.app.port, hostname: config.app.host }, () =>
      resolve(s),
    );
    s.once('error', reject);
  });
  const shown = config.app.host === '0.0.0.0' ? 'localhost' : config.app.host;
  const url = `http://${shown}:${config.app.port}`;
  logger.info(
    { url, version: VERSION, mode: config.app.processMode },
    'sohoa đang chạy / sohoa is running',
  );

  const close = async () => {
    await new Promise<void>((resolve) => server.close(() => resolve()));
    await closeServices();
  };
  return { url, close };
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
  runRestore,
} from './scripts/maintenance.ts';
