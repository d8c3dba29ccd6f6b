import { mkdir } from 'node:fs/promises';
import path from 'node:path';
import { createAuditRepository } from './modules/audit/audit.repository.ts';
import { createAuthRepository } from './modules/auth/auth.repository.ts';
import { blobDrivers } from './modules/blobs/blobs.registry.ts';
import type { BlobStore } from './modules/blobs/blobs.types.ts';
import { createCasesRepository } from './modules/cases/cases.repository.ts';
import type { Config } from './modules/config/config.ts';
import { createDatabase, type Db } from './modules/database/database.ts';
import type { ServerDependencies } from './modules/app/server.types.ts';
import type { Logger } from './modules/shared/logger/logger.ts';
import { createUnitsRepository } from './modules/units/units.repository.ts';
import { createUsersRepository } from './modules/users/users.repository.ts';
import { createVolumesRepository } from './modules/volumes/volumes.repository.ts';
import { runMigrations } from './migrations/migrations.usecases.ts';

export const VERSION = '0.1.0';

/**
 * THE composition root: the only place that picks drivers (PGlite or PostgreSQL, fs or memory
 * blobs) from the validated config. Every process mode builds its services here.
 */
export async function buildServices({ config, logger }: { config: Config; logger: Logger }) {
  const { app, database, blobs, auth } = config;
  const dataDir = path.resolve(app.dataDir);
  const { db, close } = database.databaseUrl
    ? await createDatabase({
        driver: 'postgres',
        url: database.databaseUrl,
        poolSize: database.databasePoolSize,
      })
    : await createDatabase({ driver: 'pglite', dataDir: path.join(dataDir, 'db') });
  logger.info(
    {
      database: database.databaseUrl ? 'postgres' : `pglite:${path.join(dataDir, 'db')}`,
      blobs: blobs.driver,
    },
    'storage',
  );

  if (blobs.driver === 'fs') {
    await mkdir(path.resolve(blobs.dir), { recursive: true });
  }
  const blobStore: BlobStore = blobDrivers[blobs.driver]({
    config: { dir: path.resolve(blobs.dir) },
  });

  const deps = createDependencies({
    db,
    blobStore,
    logger,
    settings: {
      auth,
      trustProxy: app.trustProxy,
      maxJsonBodyBytes: app.maxJsonBodyBytes,
      webDistDir: app.webDistDir,
      version: VERSION,
    },
  });
  return { deps, migrate: () => runMigrations({ db }), close };
}

/** Wires repositories over a database; shared by the composition root and the test builder. */
export function createDependencies({
  db,
  blobStore,
  logger,
  settings,
}: {
  db: Db;
  blobStore: BlobStore;
  logger: Logger;
  settings: ServerDependencies['settings'];
}): ServerDependencies {
  return {
    db,
    logger,
    blobStore,
    settings,
    unitsRepository: createUnitsRepository({ db }),
    usersRepository: createUsersRepository({ db }),
    authRepository: createAuthRepository({ db }),
    casesRepository: createCasesRepository({ db }),
    volumesRepository: createVolumesRepository({ db }),
    auditRepository: createAuditRepository({ db }),
  };
}
