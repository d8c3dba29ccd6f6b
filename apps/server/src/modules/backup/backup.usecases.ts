import { createReadStream } from 'node:fs';
import { readFile, writeFile, rename } from 'node:fs/promises';
import path from 'node:path';
import { Readable } from 'node:stream';
import { createGunzip, createGzip } from 'node:zlib';
import { createInterface } from 'node:readline';
import type { AuditRepository } from '../audit/audit.repository.ts';
import type { BlobStore } from '../blobs/blobs.types.ts';
import type { Db } from '../database/database.ts';
import { runMigrations } from '../../migrations/migrations.usecases.ts';
import { migrations as knownMigrations } from '../../migrations/migrations.registry.ts';
import {
  createBackupCorruptError,
  createBackupNewerSchemaError,
  createBackupNotFoundError,
  createRestoreTargetNotEmptyError,
} from './backup.errors.ts';
import { exists, hashFile, listDirs, writeFileAtomically } from './backup.files.ts';
import type { BackupRepository } from './backup.repository.ts';

export const BACKUP_FORMAT = 'sohoa-backup/1';
const MANIFEST = 'manifest.json';
const BLOB_KEY = /^sha256\/[0-9a-f]{2}\/[0-9a-f]{2}\/([0-9a-f]{64})$/;

/** What `manifest.json` says; written last, so a backup without one is incomplete. */
export interface BackupManifest {
  format: typeof BACKUP_FORMAT;
  id: string;
  createdAt: string;
  completedAt: string;
  sohoaVersion: string;
  engine: 'pglite' | 'postgres';
  /** Migrations applied to the dumped database: a restore migrates to exactly these first. */
  migrations: string[];
  /** The audit chain head in the snapshot: an anchor outside the database for `audit verify`. */
  auditHead: { lastSeq: number | null; lastHash: string | null };
  tables: Array<{ name: string; rows: number; file: string; sha256: string; bytes: number }>;
  /** Blobs referenced by the snapshot; stored once per target under `blobs/<key>`. */
  blobs: Array<{ key: string; bytes: number }>;
}

export interface BackupDeps {
  backupRepository: BackupRepository;
  blobStore: BlobStore;
  auditRepository: AuditRepository;
}

/** `<target>/backups/<id>/` holds one backup; `<target>/blobs/` the blobs all of them share. */
const backupDirOf = (target: string, id: string) => path.join(target, 'backups', id);
const blobPathOf = (target: string, key: string) => path.join(target, 'blobs', key);

function backupId(now: Date) {
  return `${now
    .toISOString()
    .replace(/[-:]/g, '')
    .replace(/\.\d+Z$/, 'Z')}-${Math.random().toString(36).slice(2, 8)}`;
}

/**
 * Writes one consistent backup into every target: the database as gzipped JSON lines per table,
 * all read from one REPEATABLE READ snapshot; then the blobs that snapshot references (missing
 * ones only: blobs are content addressed and immutable, each copy's SHA-256 is checked against
 * its key); then `manifest.json` with the hash of every file. Safe while the app runs.
 */
export async function createBackup({
  targets,
  engine,
  sohoaVersion,
  deps,
  now = () => new Date(),
}: {
  targets: readonly string[];
  engine: 'pglite' | 'postgres';
  sohoaVersion: string;
  deps: BackupDeps;
  now?: () => Date;
}): Promise<{ manifest: BackupManifest; dirs: string[]; blobsCopied: number }> {
  const createdAt = now();
  const id = backupId(createdAt);
  const [first, ...others] = targets.map((t) => path.resolve(t));
  if (!first) {
    throw new Error('no backup target / không có thư mục sao lưu');
  }
  const firstDir = backupDirOf(first, id);
  const snapshot = await deps.backupRepository.inSnapshot(async (reader) => {
    const tables: BackupManifest['tables'] = [];
    for (const name of await reader.listTables()) {
      let rows = 0;
      const lines = async function* () {
        for await (const batch of reader.rows({ table: name })) {
          rows += batch.length;
          yield Buffer.from(`${batch.join('\n')}\n`, 'utf8');
        }
      };
      const file = `db/${name}.jsonl.gz`;
      const written = await writeFileAtomically({
        source: Readable.from(lines()),
        target: path.join(firstDir, file),
        through: [createGzip()],
      });
      tables.push({ name, rows, file, ...written });
    }
    return {
      tables,
      blobKeys: await reader.blobKeys(),
      migrations: await reader.migrations(),
      auditHead: await reader.auditHead(),
    };
  });

  let blobsCopied = 0;
  const blobs: BackupManifest['blobs'] = [];
  for (const key of snapshot.blobKeys) {
    const expected = BLOB_KEY.exec(key)?.[1];
    if (!expected) {
      continue;
    }
    let bytes = 0;
    for (const target of [first, ...others]) {
      const result = await copyBlobIfMissing({ key, expected, target, blobStore: deps.blobStore });
      bytes = result.bytes;
      blobsCopied += result.copied ? 1 : 0;
    }
    blobs.push({ key, bytes });
  }

  const manifest: BackupManifest = {
    format: BACKUP_FORMAT,
    id,
    createdAt: createdAt.toISOString(),
    completedAt: now().toISOString(),
    sohoaVersion,
    engine,
    migrations: snapshot.migrations,
    auditHead: snapshot.auditHead,
    tables: snapshot.tables,
    blobs,
  };
  const dirs = [firstDir];
  for (const target of others) {
    const dir = backupDirOf(target, id);
    for (const table of snapshot.tables) {
      const copied = await writeFileAtomically({
        source: createReadStream(path.join(firstDir, table.file)),
        target: path.join(dir, table.file),
      });
      if (copied.sha256 !== table.sha256) {
        throw createBackupCorruptError({
          problems: [{ file: path.join(dir, table.file), problem: 'copy differs' }],
        });
      }
    }
    dirs.push(dir);
  }
  for (const dir of dirs) {
    await writeManifest({ dir, manifest });
  }
  await deps.auditRepository.record({
    event: {
      action: 'backup.created',
      attemptedUsername: 'system:backup',
      targetKind: 'backup',
      targetId: id,
      details: {
        targets: [first, ...others],
        tables: snapshot.tables.length,
        blobs: blobs.length,
        auditHead: snapshot.auditHead,
      },
    },
  });
  return { manifest, dirs, blobsCopied };
}

async function writeManifest({ dir, manifest }: { dir: string; manifest: BackupManifest }) {
  const temp = path.join(dir, `.${MANIFEST}.partial`);
  await writeFile(temp, `${JSON.stringify(manifest, null, 2)}\n`, { mode: 0o644 });
  await rename(temp, path.join(dir, MANIFEST));
}

async function copyBlobIfMissing({
  key,
  expected,
  target,
  blobStore,
}: {
  key: string;
  expected: string;
  target: string;
  blobStore: BlobStore;
}): Promise<{ bytes: number; copied: boolean }> {
  const file = blobPathOf(target, key);
  if (await exists(file)) {
    const stats = await blobStore.stat({ key });
    // Present already: content addressed, so only the size is checked here (verify re-hashes).
    return { bytes: stats?.sizeBytes ?? 0, copied: false };
  }
  const { stream } = await blobStore.get({ key });
  const written = await writeFileAtomically({ source: stream, target: file });
  if (written.sha256 !== expected) {
    throw createBackupCorruptError({
      problems: [{ file: key, problem: 'the stored blob does not match its hash' }],
    });
  }
  return { bytes: written.bytes, copied: true };
}

/**
 * The backup a path names: a backup folder (holding manifest.json) or a target, whose newest
 * complete backup is taken. A backup without a manifest was interrupted and never counts.
 */
export async function resolveBackup({ dir }: { dir: string }) {
  const absolute = path.resolve(dir);
  if (await exists(path.join(absolute, MANIFEST))) {
    return { backupDir: absolute, target: path.dirname(path.dirname(absolute)) };
  }
  const ids = (await listDirs(path.join(absolute, 'backups'))).sort().reverse();
  for (const id of ids) {
    const candidate = backupDirOf(absolute, id);
    if (await exists(path.join(candidate, MANIFEST))) {
      return { backupDir: candidate, target: absolute };
    }
  }
  throw createBackupNotFoundError({ dir: absolute });
}

export async function readManifest({ backupDir }: { backupDir: string }): Promise<BackupManifest> {
  const manifest = JSON.parse(
    await readFile(path.join(backupDir, MANIFEST), 'utf8'),
  ) as BackupManifest;
  if (manifest.format !== BACKUP_FORMAT) {
    throw createBackupCorruptError({
      problems: [
        { file: path.join(backupDir, MANIFEST), problem: `format ${String(manifest.format)}` },
      ],
    });
  }
  return manifest;
}

/** Re-hashes every database file and every blob of a backup against its manifest. */
export async function verifyBackup({ dir }: { dir: string }) {
  const { backupDir, target } = await resolveBackup({ dir });
  const manifest = await readManifest({ backupDir });
  const problems: Array<{ file: string; problem: string }> = [];
  for (const table of manifest.tables) {
    const file = path.join(backupDir, table.file);
    const actual = await hashFile(file).catch(() => null);
    if (!actual) {
      problems.push({ file, problem: 'missing' });
    } else if (actual.sha256 !== table.sha256) {
      problems.push({ file, problem: 'sha256 mismatch' });
    }
  }
  for (const blob of manifest.blobs) {
    const file = blobPathOf(target, blob.key);
    const actual = await hashFile(file).catch(() => null);
    if (!actual) {
      problems.push({ file, problem: 'missing' });
    } else if (actual.sha256 !== BLOB_KEY.exec(blob.key)?.[1]) {
      problems.push({ file, problem: 'sha256 mismatch' });
    }
  }
  return {
    ok: problems.length === 0,
    backupDir,
    manifest,
    checkedFiles: manifest.tables.length + manifest.blobs.length,
    problems,
  };
}

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

/**
 * Restores a verified backup into an EMPTY database and blob store: migrates to the backup's
 * schema, loads every table in one transaction, then applies newer migrations (a backup of an
 * older sohoa upgrades on restore), then puts every blob (the store re-hashes each). Returns the
 * row counts, compared table by table with the manifest.
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
  if (!(await deps.backupRepository.isEmpty())) {
    throw createRestoreTargetNotEmptyError();
  }
  const inBackup = new Set(manifest.migrations);
  await runMigrations({ db, migrations: knownMigrations.filter((m) => inBackup.has(m.name)) });
  const { restored } = await deps.backupRepository.restoreTables({
    tables: manifest.tables.map((t) => ({
      name: t.name,
      batches: () => readTableBatches(path.join(backupDir, t.file)),
    })),
  });
  const { applied } = await runMigrations({ db });

  let blobsRestored = 0;
  for (const blob of manifest.blobs) {
    const { sha256 } = await deps.blobStore.put({
      stream: createReadStream(blobPathOf(target, blob.key)),
    });
    if (sha256 !== BLOB_KEY.exec(blob.key)?.[1]) {
      throw createBackupCorruptError({
        problems: [{ file: blob.key, problem: 'sha256 mismatch' }],
      });
    }
    blobsRestored += 1;
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
  await deps.auditRepository.record({
    event: {
      action: 'backup.restored',
      attemptedUsername: 'system:restore',
      targetKind: 'backup',
      targetId: manifest.id,
      details: { from: backupDir, migrationsApplied: applied, blobs: blobsRestored },
    },
  });
  return { manifest, restored, blobsRestored, migrationsApplied: applied };
}

/**
 * For each target: its newest complete backup and whether it is stale (older than `maxAgeHours`,
 * or none at all). Two independent copies are the rule; one stale target is reported, not hidden.
 */
export async function backupStatus({
  targets,
  maxAgeHours,
  now = new Date(),
}: {
  targets: readonly string[];
  maxAgeHours: number;
  now?: Date;
}) {
  const report = [];
  for (const target of targets.map((t) => path.resolve(t))) {
    const latest = await resolveBackup({ dir: target })
      .then(async ({ backupDir }) => ({ backupDir, manifest: await readManifest({ backupDir }) }))
      .catch(() => null);
    const ageHours = latest
      ? (now.getTime() - Date.parse(latest.manifest.completedAt)) / 3_600_000
      : null;
    report.push({
      target,
      latestId: latest?.manifest.id ?? null,
      completedAt: latest?.manifest.completedAt ?? null,
      ageHours: ageHours === null ? null : Math.round(ageHours * 10) / 10,
      stale: ageHours === null || ageHours > maxAgeHours,
    });
  }
  return { targets: report, ok: report.length >= 2 && report.every((t) => !t.stale) };
}
