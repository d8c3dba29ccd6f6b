import { randomUUID } from 'node:crypto';
import { mkdir, readFile, readdir, rename, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { exists, isProcessAlive, syncDir, writeSmallFileAtomically } from './backup.files.ts';

/*
 * A restore into an embedded (PGlite) installation builds the database in a staging folder inside
 * the data dir and renames it to `db/` at the very end, so a restore killed mid-way leaves the
 * data dir as it was plus a staging folder the next restore recognises and removes. A rename
 * within one folder is atomic; the data dir is 0700, so the staging folder is private too.
 */

const STAGING_PREFIX = '.restore-staging-';
/** An empty `db/` moved out of the way during the final swap (removed right after). */
const ASIDE_PREFIX = '.restore-aside-';
const STAGING_MARKER = 'sohoa-restore.json';

interface StagingMarker {
  pid: number;
  host: string;
  backupId: string;
  startedAt: string;
}

/** Removes staging folders of restores that were killed (their pid is gone) and swap leftovers. */
export async function removeRestoreLeftovers({ dataDir }: { dataDir: string }) {
  const removed: string[] = [];
  for (const name of await readdir(dataDir).catch(() => [] as string[])) {
    const full = path.join(dataDir, name);
    if (name.startsWith(STAGING_PREFIX)) {
      const marker = await readFile(path.join(full, STAGING_MARKER), 'utf8')
        .then((text) => JSON.parse(text) as StagingMarker)
        .catch(() => null);
      if (marker && marker.host === os.hostname() && isProcessAlive(marker.pid)) {
        continue;
      }
    } else if (!name.startsWith(ASIDE_PREFIX)) {
      continue;
    }
    await rm(full, { recursive: true, force: true });
    removed.push(name);
  }
  return { removed };
}

/**
 * What `<dataDir>/db` holds: nothing (absent or an empty folder), a PostgreSQL data folder, or
 * other files (never overwritten).
 */
export async function inspectDataDirDatabase({ dataDir }: { dataDir: string }) {
  const dbDir = path.join(dataDir, 'db');
  const entries = await readdir(dbDir).catch(() => null);
  if (entries === null || entries.length === 0) {
    return 'absent' as const;
  }
  return (await exists(path.join(dbDir, 'PG_VERSION')))
    ? ('database' as const)
    : ('other' as const);
}

export async function createRestoreStaging({
  dataDir,
  backupId,
  now = new Date(),
}: {
  dataDir: string;
  backupId: string;
  now?: Date;
}) {
  const dir = path.join(dataDir, `${STAGING_PREFIX}${randomUUID().slice(0, 8)}`);
  await mkdir(dir, { recursive: false, mode: 0o700 });
  const marker: StagingMarker = {
    pid: process.pid,
    host: os.hostname(),
    backupId,
    startedAt: now.toISOString(),
  };
  await writeSmallFileAtomically({
    file: path.join(dir, STAGING_MARKER),
    text: JSON.stringify(marker),
  });
  return { dir, dbDir: path.join(dir, 'db') };
}

/**
 * The commit point: the staged database becomes `<dataDir>/db`. An existing (empty, checked by
 * the caller) `db/` is first renamed aside; a kill between the two renames leaves no `db/` and
 * leftovers the next restore removes, and the restore simply runs again.
 */
export async function commitRestoreStaging({
  dataDir,
  stagingDir,
}: {
  dataDir: string;
  stagingDir: string;
}) {
  const dbDir = path.join(dataDir, 'db');
  let aside: string | null = null;
  if (await exists(dbDir)) {
    aside = path.join(dataDir, `${ASIDE_PREFIX}${randomUUID().slice(0, 8)}`);
    await rename(dbDir, aside);
  }
  await rename(path.join(stagingDir, 'db'), dbDir);
  await syncDir(dataDir);
  if (aside) {
    await rm(aside, { recursive: true, force: true });
  }
  await rm(stagingDir, { recursive: true, force: true });
}
