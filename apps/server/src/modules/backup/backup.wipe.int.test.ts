import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  dumpDatabase,
  hashBlobTree,
  runSohoa,
  seedInstallationOnDisk,
} from './backup.faults.test-utils.ts';
import { exists } from './backup.files.ts';
import { readManifest, resolveBackup } from './backup.usecases.ts';

/*
 * Issue 8, "Done when": backup → wipe → restore gives identical data. The operator's sequence
 * with the real CLI on an embedded installation: `sohoa backup`, `rm -rf DATA_DIR`, `sohoa
 * restore` into the same DATA_DIR; every row of every table and every blob is as before.
 */
describe('backup → wipe → restore (real CLI, embedded PGlite on disk)', () => {
  let root: string;

  beforeAll(async () => {
    root = await mkdtemp(path.join(os.tmpdir(), 'sohoa-wipe-'));
  });
  afterAll(async () => {
    await rm(root, { recursive: true, force: true });
  });

  it('restores into the wiped data dir the same rows and the same blobs', async () => {
    const dataDir = path.join(root, 'data');
    const target = path.join(root, 'target');
    const env = { DATA_DIR: dataDir, BACKUP_TARGETS: target };
    await seedInstallationOnDisk({ dataDir, blobs: 20, auditEvents: 50 });

    const backup = await runSohoa(['backup'], env);
    expect(backup.code, backup.stderr).toBe(0);
    const manifest = await readManifest(await resolveBackup({ dir: target }));
    const upTo = manifest.auditHead.lastSeq!;
    const rowsBefore = await dumpDatabase({ dbDir: path.join(dataDir, 'db'), auditUpToSeq: upTo });
    const blobsBefore = await hashBlobTree(path.join(dataDir, 'blobs'));
    expect(Object.keys(blobsBefore)).toHaveLength(20);
    expect(rowsBefore.pages).toHaveLength(100);

    await rm(dataDir, { recursive: true, force: true });
    expect(await exists(dataDir)).toBe(false);

    const restore = await runSohoa(['restore', target], env);
    expect(restore.code, restore.stderr).toBe(0);
    expect(await dumpDatabase({ dbDir: path.join(dataDir, 'db'), auditUpToSeq: upTo })).toEqual(
      rowsBefore,
    );
    expect(await hashBlobTree(path.join(dataDir, 'blobs'))).toEqual(blobsBefore);
    const audit = await runSohoa(['audit', 'verify'], env);
    expect(audit.code, audit.stderr).toBe(0);
    // Four CLI runs and a seeded installation: slow on a loaded 2-core machine.
  }, 1_500_000);
});
