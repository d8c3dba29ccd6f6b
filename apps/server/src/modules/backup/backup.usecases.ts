import { createReadStream } from 'node:fs';
import { mkdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { Readable } from 'node:stream';
import { createGzip } from 'node:zlib';
import type { AuditRepository } from '../audit/audit.repository.ts';
import type { BlobStore } from '../blobs/blobs.types.ts';
import {
  createBackupCorruptError,
  createBackupIncompleteError,
  createBackupNotFoundError,
} from './backup.errors.ts';
import {
  exists,
  hashFile,
  listDirs,
  writeFileAtomically,
  writeSmallFileAtomically,
} from './backup.files.ts';
import {
  clearBackupInProgress,
  describeIncompleteBackup,
  listIncompleteBackups,
  MANIFEST,
  markBackupInProgress,
  removeInterruptedBackups,
  TARGET_TEMP_DIR,
} from './backup.leftovers.ts';
import type { BackupRepository } from './backup.repository.ts';

export const BACKUP_FORMAT = 'sohoa-backup/1';
export const BLOB_KEY = /^sha256\/[0-9a-f]{2}\/[0-9a-f]{2}\/([0-9a-f]{64})$/;

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
export const blobPathOf = (target: string, key: string) => path.join(target, 'blobs', key);

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
 * Killed mid-way, it leaves a folder without manifest (never taken for a backup) that the next
 * run removes, with `removed` listing what it cleaned.
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
}): Promise<{
  manifest: BackupManifest;
  dirs: string[];
  blobsCopied: number;
  removed: string[];
}> {
  const createdAt = now();
  const id = backupId(createdAt);
  const [first, ...others] = targets.map((t) => path.resolve(t));
  if (!first) {
    throw new Error('no backup target / không có thư mục sao lưu');
  }
  const firstDir = backupDirOf(first, id);
  const removed: string[] = [];
  for (const target of [first, ...others]) {
    removed.push(...(await removeInterruptedBackups({ target, now: createdAt })).removed);
    const dir = backupDirOf(target, id);
    await mkdir(dir, { recursive: true });
    await markBackupInProgress({ dir, now: createdAt });
  }
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
    // The commit point of each copy: fsynced, renamed into place, then the marker goes.
    await writeSmallFileAtomically({
      file: path.join(dir, MANIFEST),
      text: `${JSON.stringify(manifest, null, 2)}\n`,
    });
    await clearBackupInProgress({ dir });
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
  return { manifest, dirs, blobsCopied, removed };
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
  const written = await writeFileAtomically({
    source: stream,
    target: file,
    tempDir: path.join(target, TARGET_TEMP_DIR),
  });
  if (written.sha256 !== expected) {
    throw createBackupCorruptError({
      problems: [{ file: key, problem: 'the stored blob does not match its hash' }],
    });
  }
  return { bytes: written.bytes, copied: true };
}

/**
 * The backup a path names: a backup folder (holding manifest.json) or a target, whose newest
 * complete backup is taken. A backup without a manifest was interrupted and never counts: named
 * directly, it is refused as `backup.incomplete`.
 */
export async function resolveBackup({ dir }: { dir: string }) {
  const absolute = path.resolve(dir);
  if (await exists(path.join(absolute, MANIFEST))) {
    return { backupDir: absolute, target: path.dirname(path.dirname(absolute)) };
  }
  const incomplete = await describeIncompleteBackup({ dir: absolute });
  if (incomplete) {
    throw createBackupIncompleteError({ dir: absolute, ...incomplete });
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
    const incomplete = await listIncompleteBackups({ target, now });
    report.push({
      target,
      /** Interrupted backups not yet cleaned (the next backup removes them), and running ones. */
      incomplete: incomplete.filter((b) => !b.running).length,
      running: incomplete.filter((b) => b.running).length,
      latestId: latest?.manifest.id ?? null,
      completedAt: latest?.manifest.completedAt ?? null,
      ageHours: ageHours === null ? null : Math.round(ageHours * 10) / 10,
      stale: ageHours === null || ageHours > maxAgeHours,
    });
  }
  return { targets: report, ok: report.length >= 2 && report.every((t) => !t.stale) };
}
