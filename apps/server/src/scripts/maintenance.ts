import { verifyAuditChain, type AuditVerification } from '../modules/audit/audit.usecases.ts';
import { createBackupRepository } from '../modules/backup/backup.repository.ts';
import {
  backupStatus,
  createBackup,
  readManifest,
  resolveBackup,
  verifyBackup,
} from '../modules/backup/backup.usecases.ts';
import { restoreBackup } from '../modules/backup/backup.restore.usecases.ts';
import {
  commitRestoreStaging,
  createRestoreStaging,
  inspectDataDirDatabase,
  removeRestoreLeftovers,
} from '../modules/backup/backup.data-dir.ts';
import { createRestoreTargetNotEmptyError } from '../modules/backup/backup.errors.ts';
import { createAuditRepository } from '../modules/audit/audit.repository.ts';
import { blobDrivers } from '../modules/blobs/blobs.registry.ts';
import { createDatabase, type Db } from '../modules/database/database.ts';
import { chmod, mkdir, rm } from 'node:fs/promises';
import type { BlobStore } from '../modules/blobs/blobs.types.ts';
import path from 'node:path';
import { loadBlobKeyring, readKeyFile } from '../modules/blobs/drivers/encrypted/encrypted.keys.ts';
import { rotateBlobEncryptionKey } from '../modules/blobs/drivers/encrypted/encrypted.rotate.ts';
import { createBlobReferencesRepository } from '../modules/blobs/blobs.verify.repository.ts';
import { verifyBlobs } from '../modules/blobs/blobs.verify.usecases.ts';
import { parseConfig } from '../modules/config/config.ts';
import { createError } from '../modules/shared/errors/errors.ts';
import { createLogger } from '../modules/shared/logger/logger.ts';
import { buildServices, VERSION } from '../start.ts';

/*
 * Maintenance commands that read the database and blob store directly, with the operator's own
 * configuration (convention 20: admin commands reuse the use cases in-process, like `migrate`).
 * With PostgreSQL they run beside a live server; an embedded PGlite database is opened by one
 * process at a time, so there they run while the server is stopped (docs/backup.md).
 */

type Env = Record<string, string | undefined>;

async function withServices<T>(
  env: Env,
  work: (
    services: Awaited<ReturnType<typeof buildServices>>,
    config: ReturnType<typeof parseConfig>,
  ) => Promise<T>,
): Promise<T> {
  // No job runner, no hot folder, one processing thread: only storage is needed.
  const config = parseConfig({ env: { ...env, PROCESS_MODE: 'web' } });
  const logger = createLogger({ level: env.LOG_LEVEL ?? 'warn' });
  const services = await buildServices({ config, logger, maintenance: true });
  try {
    return await work(services, config);
  } finally {
    await services.close();
  }
}

/** `sohoa audit verify`: walks the whole hash chain of the configured database. */
export async function runAuditVerify({ env }: { env: Env }): Promise<AuditVerification> {
  return withServices(env, async ({ deps }) =>
    verifyAuditChain({ auditRepository: deps.auditRepository }),
  );
}

/** `sohoa backup [dir]`: a backup into `dir`, or into every BACKUP_TARGETS folder. */
export async function runBackup({ env, targets }: { env: Env; targets?: string[] }) {
  return withServices(env, async ({ deps }, config) => {
    const chosen = targets && targets.length > 0 ? targets : config.backup.targets;
    if (chosen.length === 0) {
      throw createError({
        code: 'backup.no_target',
        message:
          'Chưa có thư mục sao lưu: truyền <thư mục> hoặc đặt BACKUP_TARGETS / No backup folder: pass <dir> or set BACKUP_TARGETS',
      });
    }
    return createBackup({
      targets: chosen,
      engine: config.database.databaseUrl ? 'postgres' : 'pglite',
      sohoaVersion: VERSION,
      deps: { ...deps, backupRepository: createBackupRepository({ db: deps.db }) },
    });
  });
}

/**
 * `sohoa restore <dir>`: into the configured (empty) database and blob store. PostgreSQL: in
 * place (one transaction for the rows; a killed run is finished by the next one). Embedded
 * PGlite: into a staging folder renamed to `db/` at the end (restoreIntoDataDir).
 */
export async function runRestore({ env, dir }: { env: Env; dir: string }) {
  const config = parseConfig({ env: { ...env, PROCESS_MODE: 'web' } });
  if (config.database.databaseUrl) {
    return withServices(env, async ({ deps }) =>
      restoreWith({ dir, db: deps.db, blobStore: deps.blobStore }),
    );
  }
  return restoreIntoDataDir({ config, dir });
}

function restoreWith({ dir, db, blobStore }: { dir: string; db: Db; blobStore: BlobStore }) {
  return restoreBackup({
    dir,
    db,
    deps: {
      backupRepository: createBackupRepository({ db }),
      auditRepository: createAuditRepository({ db }),
      blobStore,
    },
  });
}

async function openBlobStore({ config }: { config: ReturnType<typeof parseConfig> }) {
  const dir = path.resolve(config.blobs.dir);
  if (config.blobs.driver === 'fs') {
    await mkdir(dir, { recursive: true, mode: 0o700 });
    await chmod(dir, 0o700).catch(() => undefined);
  }
  return blobDrivers[config.blobs.driver]({ config: { ...config.blobs, dir } });
}

/**
 * Restore into an embedded installation, safe against kill -9 at any point: leftovers of a killed
 * restore are removed first; an existing database is inspected (this backup's finished restore is
 * reported as done, a half-finished in-place one is finished, any other data is refused); else the
 * database is built in a staging folder and swapped in by rename, the last step. Blobs go
 * straight into the store: content addressed, a re-run skips those already there.
 */
async function restoreIntoDataDir({
  config,
  dir,
}: {
  config: ReturnType<typeof parseConfig>;
  dir: string;
}) {
  const dataDir = path.resolve(config.app.dataDir);
  await mkdir(dataDir, { recursive: true, mode: 0o700 });
  await chmod(dataDir, 0o700).catch(() => undefined);
  await removeRestoreLeftovers({ dataDir });
  const manifest = await readManifest(await resolveBackup({ dir }));
  const blobStore = await openBlobStore({ config });
  const current = await inspectDataDirDatabase({ dataDir });
  if (current === 'other') {
    throw createRestoreTargetNotEmptyError();
  }
  if (current === 'database') {
    const existing = await createDatabase({ driver: 'pglite', dataDir: path.join(dataDir, 'db') });
    try {
      const state = await createBackupRepository({ db: existing.db }).restoreState({
        backupId: manifest.id,
        auditHead: manifest.auditHead,
      });
      if (state !== 'empty') {
        // `restored` is reported as done, `loaded` finished, `foreign` refused.
        return await restoreWith({ dir, db: existing.db, blobStore });
      }
    } finally {
      await existing.close();
    }
  }
  const staging = await createRestoreStaging({ dataDir, backupId: manifest.id });
  try {
    const staged = await createDatabase({ driver: 'pglite', dataDir: staging.dbDir });
    let result: Awaited<ReturnType<typeof restoreWith>>;
    try {
      result = await restoreWith({ dir, db: staged.db, blobStore });
    } finally {
      await staged.close();
    }
    await commitRestoreStaging({ dataDir, stagingDir: staging.dir });
    return result;
  } catch (error) {
    await rm(staging.dir, { recursive: true, force: true });
    throw error;
  }
}

/** `sohoa backup verify <dir>`: files only, no database needed. */
export async function runBackupVerify({ dir }: { dir: string }) {
  return verifyBackup({ dir });
}

/** `sohoa backup status`: the newest backup of each BACKUP_TARGETS folder, stale ones flagged. */
export async function runBackupStatus({ env }: { env: Env }) {
  const config = parseConfig({ env });
  return backupStatus({ targets: config.backup.targets, maxAgeHours: config.backup.maxAgeHours });
}

/**
 * `sohoa blobs rotate-key --new-key-file <file>`: re-encrypts every blob of the `fs` store under
 * the new key (blobs still in clear are encrypted too). The current key (and any previous ones)
 * come from the configuration. Resumable: run it again after an interruption.
 */
export async function runBlobsRotateKey({
  env,
  newKeyFile,
  onProgress,
}: {
  env: Env;
  newKeyFile: string;
  onProgress?: (p: { key: string; action: 'rotated' | 'skipped' }) => void;
}) {
  const config = parseConfig({ env });
  if (config.blobs.driver !== 'fs') {
    throw createError({
      code: 'config.invalid',
      message:
        'Chỉ kho tệp trên đĩa (BLOB_STORE=fs) được mã hóa / Only the disk store (BLOB_STORE=fs) is encrypted',
    });
  }
  const newKey = readKeyFile({ file: newKeyFile });
  // Before encryption was enabled there is no current key: every blob is plaintext.
  const keyring = loadBlobKeyring({ config: config.blobs }) ?? { current: newKey };
  return rotateBlobEncryptionKey({
    root: path.resolve(config.blobs.dir),
    keyring,
    newKey,
    ...(onProgress ? { onProgress } : {}),
  });
}

/** `sohoa blobs verify`: every stored file the database refers to, re-hashed; problems name their case and page. */
export async function runBlobsVerify({ env }: { env: Env }) {
  return withServices(env, async ({ deps }) =>
    verifyBlobs({
      blobStore: deps.blobStore,
      blobReferencesRepository: createBlobReferencesRepository({ db: deps.db }),
    }),
  );
}
