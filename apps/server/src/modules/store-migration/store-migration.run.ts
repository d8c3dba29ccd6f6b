import { access, mkdir } from 'node:fs/promises';
import path from 'node:path';
import { Kysely, PostgresDialect } from 'kysely';
import pg from 'pg';
import { migrations as registeredMigrations } from '../../migrations/migrations.registry.ts';
import { runMigrations } from '../../migrations/migrations.usecases.ts';
import { createFsBlobStore } from '../blobs/drivers/fs/fs.blob-driver.ts';
import { createS3BlobStore, createS3Client } from '../blobs/drivers/s3/s3.blob-driver.ts';
import type { BlobStore } from '../blobs/blobs.types.ts';
import { parseConfig } from '../config/config.ts';
import { createDatabase } from '../database/database.ts';
import {
  createInvalidTargetError,
  createSourceLockedError,
  createSourceMissingError,
  createSourceNotEmbeddedError,
  createSourceOutdatedError,
} from './store-migration.errors.ts';
import { parseBlobTarget, redactDatabaseUrl } from './store-migration.models.ts';
import { createStoreMigrationRepository } from './store-migration.repository.ts';
import {
  migrateStore,
  type StoreMigrationProgress,
  type StoreMigrationReport,
} from './store-migration.usecases.ts';

type Env = Record<string, string | undefined>;

/**
 * `sohoa migrate-store`: moves the embedded installation configured by DATA_DIR (PGlite under
 * DATA_DIR/db, `fs` blobs under BLOB_DIR) into PostgreSQL (`to`) and a blob store (`blobs`). Runs
 * on the unit's machine with sohoa stopped. The target is migrated to this version's schema
 * first; the source must already be at it (start and stop sohoa once after an upgrade).
 */
export async function runMigrateStore({
  env,
  to,
  blobs,
  allowNonEmpty = false,
  parentUnit = null,
  batchSize,
  onProgress,
}: {
  env: Env;
  to: string;
  blobs: string;
  allowNonEmpty?: boolean;
  /** Code or id of the target's unit the source's root unit is placed under. */
  parentUnit?: string | null;
  batchSize?: number;
  onProgress?: (progress: StoreMigrationProgress) => void;
}): Promise<StoreMigrationReport & { source: string; target: string; blobTarget: string }> {
  const config = parseConfig({ env });
  if (config.database.databaseUrl || config.blobs.driver !== 'fs') {
    throw createSourceNotEmbeddedError({
      vi: 'Cài đặt này không dùng cơ sở dữ liệu nhúng và kho tệp trên đĩa (bỏ DATABASE_URL, BLOB_STORE=fs)',
      en: 'This installation is not the embedded database with disk blobs (unset DATABASE_URL, BLOB_STORE=fs)',
    });
  }
  if (!/^postgres(ql)?:\/\/.+/.test(to)) {
    throw createInvalidTargetError({
      vi: '--to phải là postgres://người_dùng@máy:5432/csdl',
      en: '--to must be postgres://user@host:5432/database',
    });
  }
  const blobTarget = parseBlobTarget({ value: blobs });
  const dbDir = path.resolve(config.app.dataDir, 'db');
  const blobDir = path.resolve(config.blobs.dir);
  if (!(await exists(path.join(dbDir, 'PG_VERSION')))) {
    throw createSourceMissingError({
      vi: `Không có cơ sở dữ liệu nhúng ở ${dbDir} (kiểm tra DATA_DIR)`,
      en: `No embedded database at ${dbDir} (check DATA_DIR)`,
    });
  }
  // PGlite keeps postmaster.pid while a process has the database open (its pid is a placeholder,
  // so liveness cannot be checked): refuse rather than copy a database being written to.
  if (await exists(path.join(dbDir, 'postmaster.pid'))) {
    throw createSourceLockedError({
      vi: `Cơ sở dữ liệu nhúng đang mở (${path.join(dbDir, 'postmaster.pid')}): hãy dừng sohoa. Nếu sohoa đã dừng bất thường, khởi động rồi dừng lại một lần`,
      en: `The embedded database is open (${path.join(dbDir, 'postmaster.pid')}): stop sohoa. If it crashed, start and stop it once cleanly`,
    });
  }

  const source = await createDatabase({ driver: 'pglite', dataDir: dbDir });
  const targetPool = new pg.Pool({
    connectionString: to,
    max: 4,
    // Same text form of rows on both sides, whatever the server's defaults (row hashes compare).
    options: '-c TimeZone=UTC -c DateStyle=ISO,YMD -c extra_float_digits=1',
  });
  const targetDb = new Kysely<unknown>({ dialect: new PostgresDialect({ pool: targetPool }) });
  try {
    const applied = await createStoreMigrationRepository({
      db: source.db as unknown as Kysely<unknown>,
    }).listAppliedMigrations();
    const expected = registeredMigrations.map((m) => m.name).sort();
    if (applied === null || applied.join(',') !== expected.join(',')) {
      throw createSourceOutdatedError({
        vi: 'Cơ sở dữ liệu nhúng chưa ở phiên bản của chương trình này: chạy `sohoa migrate` (DATA_DIR như cũ) rồi thử lại',
        en: 'The embedded database is not at this version’s schema: run `sohoa migrate` (same DATA_DIR) and retry',
        details: { applied, expected },
      });
    }
    await runMigrations({ db: targetDb });
    const targetBlobStore = await openBlobTarget({ blobTarget, env });
    const report = await migrateStore({
      sourceDb: source.db as unknown as Kysely<unknown>,
      sourceBlobDir: blobDir,
      targetDb,
      targetBlobStore,
      // Joining a shared database under a parent unit means the target already holds rows.
      allowNonEmpty: allowNonEmpty || parentUnit !== null,
      parentUnit,
      ...(batchSize ? { batchSize } : {}),
      ...(onProgress ? { onProgress } : {}),
    });
    return {
      ...report,
      source: `pglite:${dbDir} + fs:${blobDir}`,
      target: redactDatabaseUrl(to),
      blobTarget:
        blobTarget.driver === 's3'
          ? `s3://${blobTarget.bucket}/${blobTarget.prefix}${blobTarget.endpoint ? ` (${blobTarget.endpoint})` : ''}`
          : `fs:${path.resolve(blobTarget.dir)}`,
    };
  } finally {
    await targetDb.destroy();
    await source.close();
  }
}

async function openBlobTarget({
  blobTarget,
  env,
}: {
  blobTarget: ReturnType<typeof parseBlobTarget>;
  env: Env;
}): Promise<BlobStore> {
  if (blobTarget.driver === 'fs') {
    const root = path.resolve(blobTarget.dir);
    await mkdir(root, { recursive: true });
    return createFsBlobStore({ root });
  }
  return createS3BlobStore({
    client: createS3Client({
      endpoint: blobTarget.endpoint,
      region: blobTarget.region,
      forcePathStyle: blobTarget.forcePathStyle,
      accessKeyId: env.S3_ACCESS_KEY_ID,
      secretAccessKey: env.S3_SECRET_ACCESS_KEY,
    }),
    bucket: blobTarget.bucket,
    prefix: blobTarget.prefix,
  });
}

async function exists(file: string) {
  return access(file).then(
    () => true,
    () => false,
  );
}
