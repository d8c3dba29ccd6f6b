import { readFile, readdir, rm, stat } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { exists, isProcessAlive, listDirs, writeSmallFileAtomically } from './backup.files.ts';

/*
 * A backup killed mid-way (kill -9, power loss) leaves `backups/<id>/` without manifest.json and
 * maybe temp files in `<target>/.tmp/`. It never counts as a backup (the manifest is written
 * last); the next backup into the same target removes it, unless its writer still runs.
 */

export const MANIFEST = 'manifest.json';
/** Written first into every backup folder, removed once its manifest is in place. */
export const IN_PROGRESS = '.in-progress.json';
/** Temp files of blob copies: on the target's disk, named `.<pid>-<uuid>-<name>.partial`. */
export const TARGET_TEMP_DIR = '.tmp';
/** Another machine writing into a shared target: we cannot probe its pid, so trust it this long. */
const FOREIGN_HOST_GRACE_MS = 12 * 3_600_000;
/** A folder without a marker may be a backup that has just been created. */
const UNMARKED_GRACE_MS = 60_000;

interface InProgressMarker {
  pid: number;
  host: string;
  startedAt: string;
}

export async function markBackupInProgress({ dir, now }: { dir: string; now: Date }) {
  const marker: InProgressMarker = {
    pid: process.pid,
    host: os.hostname(),
    startedAt: now.toISOString(),
  };
  await writeSmallFileAtomically({
    file: path.join(dir, IN_PROGRESS),
    text: JSON.stringify(marker),
  });
}

export async function clearBackupInProgress({ dir }: { dir: string }) {
  await rm(path.join(dir, IN_PROGRESS), { force: true });
}

/** Whether the writer of an incomplete backup folder may still be running. */
async function isStillBeingWritten({ dir, now }: { dir: string; now: Date }) {
  const marker = await readFile(path.join(dir, IN_PROGRESS), 'utf8')
    .then((text) => JSON.parse(text) as InProgressMarker)
    .catch(() => null);
  if (!marker) {
    const stats = await stat(dir).catch(() => null);
    return stats !== null && now.getTime() - stats.mtimeMs < UNMARKED_GRACE_MS;
  }
  if (marker.host === os.hostname()) {
    return isProcessAlive(marker.pid);
  }
  return now.getTime() - Date.parse(marker.startedAt) < FOREIGN_HOST_GRACE_MS;
}

/** Whether `dir` is a backup folder (a `backups/<id>/` child) that has no manifest. */
export async function describeIncompleteBackup({
  dir,
  now = new Date(),
}: {
  dir: string;
  now?: Date;
}) {
  if (await exists(path.join(dir, MANIFEST))) {
    return null;
  }
  const looksLikeBackup =
    (await exists(path.join(dir, IN_PROGRESS))) ||
    (path.basename(path.dirname(dir)) === 'backups' && (await exists(path.join(dir, 'db'))));
  return looksLikeBackup ? { running: await isStillBeingWritten({ dir, now }) } : null;
}

/** The backups of a target that have no manifest: interrupted ones and ones still running. */
export async function listIncompleteBackups({
  target,
  now = new Date(),
}: {
  target: string;
  now?: Date;
}) {
  const result: Array<{ id: string; dir: string; running: boolean }> = [];
  for (const id of await listDirs(path.join(target, 'backups'))) {
    const dir = path.join(target, 'backups', id);
    if (!(await exists(path.join(dir, MANIFEST)))) {
      result.push({ id, dir, running: await isStillBeingWritten({ dir, now }) });
    }
  }
  return result;
}

/**
 * Removes what killed backups left in a target: their folders and their temp files. A backup
 * still running (its pid alive) is left alone, so two overlapping runs do not break each other.
 */
export async function removeInterruptedBackups({
  target,
  now = new Date(),
}: {
  target: string;
  now?: Date;
}) {
  const removed: string[] = [];
  for (const backup of await listIncompleteBackups({ target, now })) {
    if (!backup.running) {
      await rm(backup.dir, { recursive: true, force: true });
      removed.push(backup.id);
    }
  }
  const tempDir = path.join(target, TARGET_TEMP_DIR);
  for (const name of await readdir(tempDir).catch(() => [] as string[])) {
    const pid = Number(/^\.(\d+)-/.exec(name)?.[1]);
    if (name.endsWith('.partial') && !isProcessAlive(pid)) {
      await rm(path.join(tempDir, name), { force: true });
    }
  }
  return { removed };
}
