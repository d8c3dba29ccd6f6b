import { createPageImageCache } from './modules/pages/pages.image-cache.ts';
import { chmod, mkdir } from 'node:fs/promises';
import { createCourtPackageRepository } from './modules/court-package/court-package.repository.ts';
import { createExhibitsRepository } from './modules/exhibits/exhibits.repository.ts';
import { createPresentationsRegistry } from './modules/presentations/presentations.registry.ts';
import {
  createPostgresPresentationsBus,
  type PresentationsBus,
} from './modules/presentations/presentations.bus.ts';
import { createPresentationsRepository } from './modules/presentations/presentations.repository.ts';
import path from 'node:path';
import { createAnnotationsRepository } from './modules/annotations/annotations.repository.ts';
import { createMapsRepository } from './modules/maps/maps.repository.ts';
import { createPageViewAudit } from './modules/audit/audit.page-views.ts';
import { createAuditRepository } from './modules/audit/audit.repository.ts';
import { createAuthRepository } from './modules/auth/auth.repository.ts';
import { blobDrivers } from './modules/blobs/blobs.registry.ts';
import type { BlobStore } from './modules/blobs/blobs.types.ts';
import { createCasesRepository } from './modules/cases/cases.repository.ts';
import type { Config } from './modules/config/config.ts';
import { createDatabase, isJitLeftOn, type Db } from './modules/database/database.ts';
import type { ServerDependencies } from './modules/app/server.types.ts';
import type { Logger } from './modules/shared/logger/logger.ts';
import { createUnitsRepository } from './modules/units/units.repository.ts';
import { createUsersRepository } from './modules/users/users.repository.ts';
import { createVolumesRepository } from './modules/volumes/volumes.repository.ts';
import { runMigrations } from './migrations/migrations.usecases.ts';
import { createIntakeRepository } from './modules/intake/intake.repository.ts';
import { createDocumentsRepository } from './modules/documents/documents.repository.ts';
import { createTimelineRepository } from './modules/timeline/timeline.repository.ts';
import { createDigitizationRepository } from './modules/digitization/digitization.repository.ts';
import { createHearingsRepository } from './modules/hearings/hearings.repository.ts';
import { createDashboardRepository } from './modules/dashboard/dashboard.repository.ts';
import { createSearchRepository } from './modules/search/search.repository.ts';
import { createExportsRepository } from './modules/exports/exports.repository.ts';
import { createTransferRepository } from './modules/transfer/transfer.repository.ts';
import { createJobsRepository } from './modules/jobs/jobs.repository.ts';
import { createJobRunner } from './modules/jobs/jobs.runner.ts';
import { createPagesRepository } from './modules/pages/pages.repository.ts';
import { createPooledPageProcessor } from './modules/pipeline/page-processor.ts';
import type { PageProcessor } from './modules/pipeline/page-processor.types.ts';
import { createPipelineJobDefinitions } from './modules/pipeline/pipeline.handlers.ts';
import { ERROR_MESSAGES } from '@sohoa/contracts';
import { createError } from './modules/shared/errors/errors.ts';
import { createMetrics } from './modules/ops/ops.metrics.ts';
import { createHotFolderRepository } from './modules/hot-folder/hot-folder.repository.ts';
import { startHotFolder, type HotFolder } from './modules/hot-folder/hot-folder.watcher.ts';

export const VERSION = '0.1.0';

/**
 * THE composition root: the only place that picks drivers (PGlite or PostgreSQL, fs or memory
 * blobs) from the validated config. Every process mode builds its services here.
 */
export async function buildServices({
  config,
  logger,
  maintenance = false,
}: {
  config: Config;
  logger: Logger;
  /**
   * A one-off command (backup, restore, audit verify) with the server stopped: it uses the
   * storage only (web mode, no job runner), which the embedded database allows.
   */
  maintenance?: boolean;
}) {
  const { app, database, blobs, auth, pipeline, ops } = config;
  const dataDir = path.resolve(app.dataDir);
  if (app.processMode !== 'all' && !database.databaseUrl && !maintenance) {
    // PGlite lives inside one process: a separate web or worker process could not share it.
    throw createError({
      code: 'config.mode_needs_postgres',
      message: `PROCESS_MODE=${app.processMode}: ${ERROR_MESSAGES['config.mode_needs_postgres'].vi} / ${ERROR_MESSAGES['config.mode_needs_postgres'].en}`,
    });
  }
  // The data dir holds the case files: owner only (0700), created so before anything is written.
  await mkdir(dataDir, { recursive: true, mode: 0o700 });
  await chmod(dataDir, 0o700).catch(() => undefined);
  const { db, close } = database.databaseUrl
    ? await createDatabase({
        driver: 'postgres',
        url: database.databaseUrl,
        poolSize: database.databasePoolSize,
        onIdleClientError: (error) =>
          logger.warn({ err: { message: error.message } }, 'database: idle connection lost'),
      })
    : await createDatabase({ driver: 'pglite', dataDir: path.join(dataDir, 'db') });
  logger.info(
    {
      database: database.databaseUrl ? 'postgres' : `pglite:${path.join(dataDir, 'db')}`,
      blobs: blobs.driver,
    },
    'storage',
  );
  if (database.databaseUrl && (await isJitLeftOn({ db }))) {
    logger.warn(
      { setting: 'jit' },
      'database: JIT is on for our connections (a pooler such as PgBouncer dropped the jit=off option): set jit = off in postgresql.conf (docs/deployment.md, "PostgreSQL settings")',
    );
  }

  if (blobs.driver === 'fs') {
    await mkdir(path.resolve(blobs.dir), { recursive: true, mode: 0o700 });
    await chmod(path.resolve(blobs.dir), 0o700).catch(() => undefined);
  }
  const blobStore: BlobStore = blobDrivers[blobs.driver]({
    config: { ...blobs, dir: path.resolve(blobs.dir) },
  });

  const runsJobs = app.processMode !== 'web';
  const pageProcessor = createPooledPageProcessor({
    settings: {
      ocrEngine: pipeline.ocrEngine,
      // A worker process serves no images: its pool threads are its parallelism.
      ...(app.processMode === 'worker' ? { imageThreads: 1 } : {}),
    },
    threads: runsJobs ? app.workerCount : 1,
  });
  let wake = () => undefined as void;
  let shuttingDown = false;
  const jobsRepository = createJobsRepository({ db });
  const metrics = createMetrics({ jobsRepository, mode: app.processMode });
  const deps = createDependencies({
    db,
    blobStore,
    logger,
    pageProcessor,
    tempDir: path.join(dataDir, 'tmp'),
    maxFileBytes: pipeline.maxFileBytes,
    onJobsEnqueued: () => wake(),
    // Presenter and audience may reach different web processes: they hear each other through
    // PostgreSQL. A worker serves no screens; PGlite is one process.
    presentationsBus:
      database.databaseUrl && app.processMode !== 'worker' && !maintenance
        ? createPostgresPresentationsBus({ url: database.databaseUrl, logger })
        : null,
    pageViewWindowMs: config.audit.pageViewWindowMinutes * 60_000,
    settings: {
      auth,
      trustProxy: app.trustProxy,
      maxJsonBodyBytes: app.maxJsonBodyBytes,
      webDistDir: app.webDistDir,
      version: VERSION,
    },
  });
  deps.ops = {
    metrics,
    settings: {
      metricsAllow: ops.metricsAllow,
      metricsToken: ops.metricsToken,
      trustProxy: app.trustProxy,
    },
    isShuttingDown: () => shuttingDown,
  };
  const runner = runsJobs
    ? createJobRunner({
        jobsRepository: deps.jobsRepository,
        definitions: createPipelineJobDefinitions({
          deps: { ...deps, ocrEngineName: pipeline.ocrEngine },
        }).map((d) => (ops.jobLeaseMs ? { ...d, leaseMs: ops.jobLeaseMs } : d)),
        // Page jobs spend their time in the pool: one more than its threads keeps it busy.
        concurrency: app.workerCount + 1,
        logger,
        exclusive: !database.databaseUrl,
      })
    : null;
  if (runner) {
    wake = () => runner.wake();
    metrics.observeRunner({ runner });
  }
  let hotFolder: HotFolder | null = null;
  // Only a process that runs jobs watches the hot folder: one watcher per share.
  const startHotFolderWatcher = () => {
    if (runsJobs && pipeline.hotFolderDir && !hotFolder) {
      hotFolder = startHotFolder({
        root: path.resolve(pipeline.hotFolderDir),
        pollMs: pipeline.hotFolderPollMs,
        deps: { ...deps, hotFolderRepository: createHotFolderRepository({ db }) },
        logger,
      });
    }
  };
  return {
    deps,
    runner,
    startHotFolder: startHotFolderWatcher,
    migrate: () => runMigrations({ db }),
    /** From now on /readyz answers 503 (the proxy and the orchestrator drain this process). */
    beginShutdown: () => {
      shuttingDown = true;
    },
    close: async ({ graceMs = ops.shutdownGraceMs }: { graceMs?: number } = {}) => {
      shuttingDown = true;
      await deps.pageViewAudit.flush();
      await hotFolder?.stop();
      await runner?.stop({ graceMs });
      await pageProcessor.close();
      await deps.presentations.close();
      await close();
    },
  };
}

/** Wires repositories over a database; shared by the composition root and the test builder. */
export function createDependencies({
  db,
  blobStore,
  logger,
  settings,
  pageProcessor,
  tempDir,
  maxFileBytes,
  onJobsEnqueued = () => undefined,
  presentationsBus = null,
  pageViewWindowMs = 5 * 60_000,
  pageImageCacheBytes = 96 * 1024 * 1024,
}: {
  db: Db;
  blobStore: BlobStore;
  logger: Logger;
  settings: ServerDependencies['settings'];
  pageProcessor: PageProcessor;
  tempDir: string;
  maxFileBytes: number;
  onJobsEnqueued?: () => void;
  /** Reaches the other web processes of a PostgreSQL deployment (null: this process only). */
  presentationsBus?: PresentationsBus | null;
  /** Page views of one case by one user make one audit event per this period. */
  pageViewWindowMs?: number;
  /** Memory for resized page images (≈ 6,000 viewer pages of 16 kB, or 20,000 thumbnails). */
  pageImageCacheBytes?: number;
}): ServerDependencies {
  const auditRepository = createAuditRepository({ db });
  return {
    db,
    logger,
    blobStore,
    settings,
    pageProcessor,
    tempDir,
    maxFileBytes,
    onJobsEnqueued,
    pagesRepository: createPagesRepository({ db }),
    pageImageCache: createPageImageCache({ maxBytes: pageImageCacheBytes }),
    jobsRepository: createJobsRepository({ db }),
    intakeRepository: createIntakeRepository({ db }),
    documentsRepository: createDocumentsRepository({ db }),
    timelineRepository: createTimelineRepository({ db }),
    transferRepository: createTransferRepository({ db }),
    searchRepository: createSearchRepository({ db }),
    unitsRepository: createUnitsRepository({ db }),
    usersRepository: createUsersRepository({ db }),
    authRepository: createAuthRepository({ db }),
    casesRepository: createCasesRepository({ db }),
    volumesRepository: createVolumesRepository({ db }),
    auditRepository,
    pageViewAudit: createPageViewAudit({ auditRepository, windowMs: pageViewWindowMs, logger }),
    exportsRepository: createExportsRepository({ db }),
    digitizationRepository: createDigitizationRepository({ db }),
    annotationsRepository: createAnnotationsRepository({ db }),
    mapsRepository: createMapsRepository({ db }),
    hearingsRepository: createHearingsRepository({ db }),
    dashboardRepository: createDashboardRepository({ db }),
    exhibitsRepository: createExhibitsRepository({ db }),
    courtPackageRepository: createCourtPackageRepository({ db }),
    presentations: createPresentationsRegistry({
      repository: createPresentationsRepository({ db }),
      bus: presentationsBus,
    }),
  };
}
