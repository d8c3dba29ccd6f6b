import { createReadStream } from 'node:fs';
import path from 'node:path';
import { createInterface } from 'node:readline';
import { createGunzip } from 'node:zlib';
import type { Db } from '../database/database.ts';
import { runMigrations } from '../../migrations/migrations.usecases.ts';
import { migrations as knownMigrations } from '../../migrations/migrations.registry.ts';
import {
  createBackupCorruptError,
  createBackupNewerSchemaError,
  createRestoreTargetNotEmptyError,
} from './backup.errors.ts';
import {
  BLOB_KEY,
  blobPathOf,
  verifyBackup,
  type BackupDeps,
  type BackupManifest,
} from './backup.usecases.ts';

/** The rows of one dumped table, `batchSize` at a time (JSON objects as row_to_json wrote them). */
async function* readTableBatches(file: string, batchSize = 500): AsyncIterable<unknown[]> {
  const lines = createInterface({
    input: createReadStream(file).pipe(createGunzip()),
    crlfDelay: Infinity,
  });
  let batch: unknown[] = [];
  for await (const line of lines) {
    if (line.length === 0) {
      continue;
    }
    batch.push(JSON.parse(line));
    if (batch.length >= batchSize) {
      yield batch;
      batch = [];
    }
  }
  if (batch.length > 0) {
    yield batch;
  }
}

/** Puts every blob of the backup the store lacks (content addressed: a present one is the same). */
async function restoreBlobs({
  manifest,
  target,
  blobStore,
}: {
  manifest: BackupManifest;
  target: string;
  blobStore: BackupDeps['blobStore'];
}) {
  let put = 0;
  for (const blob of manifest.blobs) {
    if ((await blobStore.exists({ key: blob.key })).exists) {
      continue;
    }
    const { sha256 } = await blobStore.put({
      stream: createReadStream(blobPathOf(target, blob.key)),
    });
    if (sha256 !== BLOB_KEY.exec(blob.key)?.[1]) {
      throw createBackupCorruptError({
        problems: [{ file: blob.key, problem: 'sha256 mismatch' }],
      });
    }
    put += 1;
  }
  return { put };
}

/**
 * Restores a verified backup into an EMPTY database and blob store: puts every blob (the store
 * re-hashes each), migrates to the backup's schema, loads every table in one transaction, then
 * applies newer migrations (a backup of an older sohoa upgrades on restore) and records
 * `backup.restored`. Returns the row counts, compared table by table with the manifest.
 *
 * Re-runnable after a kill -9: blobs already put are skipped; a database holding exactly this
 * backup's tables (its audit trail ends at the backup's chain head) is finished, not refused; a
 * database where this restore already completed is reported as such (`alreadyRestored`). Any
 * other data is refused (`backup.restore_target_not_empty`).
 */
export async function restoreBackup({
  dir,
  db,
  deps,
}: {
  dir: string;
  db: Db;
  deps: Pick<BackupDeps, 'backupRepository' | 'blobStore' | 'auditRepository'>;
}) {
  const verification = await verifyBackup({ dir });
  if (!verification.ok) {
    throw createBackupCorruptError({ problems: verification.problems });
  }
  const { manifest, backupDir } = verification;
  const target = path.dirname(path.dirname(backupDir));
  const known = new Set(knownMigrations.map((m) => m.name));
  const unknown = manifest.migrations.filter((m) => !known.has(m));
  if (unknown.length > 0) {
    throw createBackupNewerSchemaError({ unknown });
  }
  const state = await deps.backupRepository.restoreState({
    backupId: manifest.id,
    auditHead: manifest.auditHead,
  });
  const tableNames = manifest.tables.map((t) => t.name);
  if (state === 'foreign') {
    throw createRestoreTargetNotEmptyError();
  }
  if (state === 'restored') {
    const restored = await deps.backupRepository.countRows({ tables: tableNames });
    return {
      manifest,
      restored,
      blobsRestored: manifest.blobs.length,
      blobsPut: 0,
      migrationsApplied: [],
      alreadyRestored: true,
      resumed: false,
    };
  }
  // Blobs before rows: once the rows are committed, every blob they name is in the store.
  const { put: blobsPut } = await restoreBlobs({ manifest, target, blobStore: deps.blobStore });
  let restored: Record<string, number>;
  if (state === 'empty') {
    const inBackup = new Set(manifest.migrations);
    await runMigrations({ db, migrations: knownMigrations.filter((m) => inBackup.has(m.name)) });
    ({ restored } = await deps.backupRepository.restoreTables({
      tables: manifest.tables.map((t) => ({
        name: t.name,
        batches: () => readTableBatches(path.join(backupDir, t.file)),
      })),
    }));
  } else {
    restored = await deps.backupRepository.countRows({ tables: tableNames });
  }
  const mismatches = manifest.tables.filter((t) => restored[t.name] !== t.rows);
  if (mismatches.length > 0) {
    throw createBackupCorruptError({
      problems: mismatches.map((t) => ({
        file: t.file,
        problem: `${t.rows} rows in the manifest, ${restored[t.name] ?? 0} restored`,
      })),
    });
  }
  const { applied } = await runMigrations({ db });
  await deps.auditRepository.record({
    event: {
      action: 'backup.restored',
      attemptedUsername: 'system:restore',
      targetKind: 'backup',
      targetId: manifest.id,
      details: {
        from: backupDir,
        migrationsApplied: applied,
        blobs: manifest.blobs.length,
        resumed: state === 'loaded',
      },
    },
  });
  return {
    manifest,
    restored,
    blobsRestored: manifest.blobs.length,
    blobsPut,
    migrationsApplied: applied,
    alreadyRestored: false,
    resumed: state === 'loaded',
  };
}
