import { mkdtemp, readdir, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createEmptyPostgresDatabase, getDbVariants } from '../database/database.test-utils.ts';
import {
  countFiles,
  dumpDatabase,
  hashBlobTree,
  listFiles,
  runSohoa,
  runSohoaKilledWhen,
  seedInstallationOnDisk,
} from './backup.faults.test-utils.ts';
import { migrations } from '../../migrations/migrations.registry.ts';
import { exists } from './backup.files.ts';
import { readManifest, resolveBackup } from './backup.usecases.ts';

/*
 * Issue 8, "Load and faults": kill -9 during backup and during restore, then the next run
 * succeeds and nothing is lost. The real `sohoa` CLI runs as a child process on an embedded
 * installation on disk and is SIGKILLed mid-way (the backup once its first blob copy lands; the
 * restore once its first blob lands, then again while it builds the database); the next run
 * succeeds and the restored installation equals the source row for row and blob for blob.
 */
const BLOBS = 120;
const onPostgres = (await getDbVariants()).includes('postgres');

describe('kill -9 during backup and restore (real CLI, embedded PGlite on disk)', () => {
  let root: string;
  let source: string;
  let target: string;
  const envOf = (dataDir: string) => ({ DATA_DIR: dataDir, BACKUP_TARGETS: target });

  beforeAll(async () => {
    root = await mkdtemp(path.join(os.tmpdir(), 'sohoa-faults-'));
    source = path.join(root, 'source');
    target = path.join(root, 'target');
    await seedInstallationOnDisk({ dataDir: source, blobs: BLOBS });
  }, 240_000);
  afterAll(async () => {
    await rm(root, { recursive: true, force: true });
  });

  it('a backup killed mid-way never looks complete, verify names it incomplete, and the next backup succeeds and cleans it', async () => {
    const { run, killed } = await runSohoaKilledWhen({
      args: ['backup'],
      env: envOf(source),
      when: () => exists(path.join(target, 'blobs')),
    });
    expect(killed, `the backup ended before the kill: ${run.stderr}`).toBe(true);
    const [partialId, ...more] = await readdir(path.join(target, 'backups'));
    expect(more).toEqual([]);
    const partial = path.join(target, 'backups', partialId!);
    expect(await exists(path.join(partial, 'manifest.json'))).toBe(false);
    expect(await countFiles(path.join(target, 'blobs'))).toBeLessThan(BLOBS);

    const verify = await runSohoa(['backup', 'verify', partial], {});
    expect(verify.code).toBe(1);
    expect(verify.stderr).toContain('backup.incomplete');
    expect(verify.stderr).toContain('KHÔNG hoàn chỉnh');
    expect(verify.stderr).toContain('INCOMPLETE: it was interrupted before manifest.json');
    // The target holds no complete backup: resolving it skips the partial one.
    const verifyTarget = await runSohoa(['backup', 'verify', target], {});
    expect(verifyTarget.code).toBe(1);
    expect(verifyTarget.stderr).toContain('backup.not_found');
    const status = await runSohoa(['--json', 'backup', 'status'], envOf(source));
    expect(JSON.parse(status.stdout)).toMatchObject({
      ok: false,
      targets: [{ target, latestId: null, stale: true, incomplete: 1, running: 0 }],
    });

    const again = await runSohoa(['--json', 'backup'], envOf(source));
    expect(again.code, again.stderr).toBe(0);
    expect(JSON.parse(again.stdout)).toMatchObject({ blobs: BLOBS, removed: [partialId] });
    expect(await exists(partial)).toBe(false);
    expect(await listFiles(path.join(target, '.tmp'))).toEqual([]);
    const verified = await runSohoa(['backup', 'verify', target], {});
    expect(verified.code, verified.stderr).toBe(0);
    // The stale-copy report still works: one fresh target of the two required.
    const fresh = await runSohoa(['--json', 'backup', 'status'], envOf(source));
    expect(JSON.parse(fresh.stdout)).toMatchObject({
      ok: false,
      targets: [{ target, stale: false, incomplete: 0 }],
    });
  }, 600_000);

  it('a restore killed mid-way (twice) is finished by the next run, with identical data; a finished restore is not redone and another installation is refused', async () => {
    const restored = path.join(root, 'restored');
    const blobDir = path.join(restored, 'blobs');
    const first = await runSohoaKilledWhen({
      args: ['restore', target],
      env: envOf(restored),
      when: async () => (await countFiles(path.join(blobDir, 'sha256'))) > 0,
    });
    expect(first.killed, `the restore ended before the kill: ${first.run.stderr}`).toBe(true);
    expect(await exists(path.join(restored, 'db'))).toBe(false);

    // Second kill: every blob is in, the staged database is being migrated and loaded.
    const second = await runSohoaKilledWhen({
      args: ['restore', target],
      env: envOf(restored),
      when: async () => (await countFiles(path.join(blobDir, 'sha256'))) >= BLOBS,
    });
    expect(second.killed, `the restore ended before the kill: ${second.run.stderr}`).toBe(true);
    expect(await exists(path.join(restored, 'db', 'PG_VERSION'))).toBe(false);
    expect((await readdir(restored)).some((n) => n.startsWith('.restore-staging-'))).toBe(true);

    const done = await runSohoa(['--json', 'restore', target], envOf(restored));
    expect(done.code, done.stderr).toBe(0);
    expect(JSON.parse(done.stdout)).toMatchObject({ alreadyRestored: false, blobs: BLOBS });
    // Our staging leftovers are gone; only the installation remains.
    expect((await readdir(restored)).filter((n) => n.startsWith('.restore'))).toEqual([]);

    const manifest = await readManifest(await resolveBackup({ dir: target }));
    const upTo = manifest.auditHead.lastSeq!;
    expect(await dumpDatabase({ dbDir: path.join(restored, 'db'), auditUpToSeq: upTo })).toEqual(
      await dumpDatabase({ dbDir: path.join(source, 'db'), auditUpToSeq: upTo }),
    );
    const blobs = await hashBlobTree(blobDir);
    expect(Object.keys(blobs)).toHaveLength(BLOBS);
    expect(blobs).toEqual(await hashBlobTree(path.join(source, 'blobs')));
    for (const [key, sha256] of Object.entries(blobs)) {
      expect(key.endsWith(sha256)).toBe(true);
    }

    // Killed after its final rename: the next run finds the restore done and changes nothing.
    const repeat = await runSohoa(['--json', 'restore', target], envOf(restored));
    expect(repeat.code, repeat.stderr).toBe(0);
    expect(JSON.parse(repeat.stdout)).toMatchObject({ alreadyRestored: true });
    // The source holds other data (its own audit events after the backup): refused.
    const foreign = await runSohoa(['restore', target], envOf(source));
    expect(foreign.code).toBe(1);
    expect(foreign.stderr).toContain('backup.restore_target_not_empty');
  }, 600_000);

  // The same on PostgreSQL, where the restore migrates the schema, then loads every table in one
  // transaction: killed while the blobs go in, then again once the schema is there, the next run
  // finishes, and the rows equal the source's.
  it.skipIf(!onPostgres)(
    'a restore into PostgreSQL killed mid-way (twice) is finished by the next run, with identical data',
    async () => {
      const { url, drop } = await createEmptyPostgresDatabase({ prefix: 'sohoa_faults' });
      const probe = new pg.Client({ connectionString: url });
      await probe.connect();
      try {
        const restored = path.join(root, 'restored-pg');
        const blobDir = path.join(restored, 'blobs');
        const env = { ...envOf(restored), DATABASE_URL: url };
        const first = await runSohoaKilledWhen({
          args: ['restore', target],
          env,
          when: async () => (await countFiles(path.join(blobDir, 'sha256'))) > 0,
        });
        expect(first.killed, `the restore ended before the kill: ${first.run.stderr}`).toBe(true);

        // Half the migrations applied: the schema is being built (the rows load right after).
        const migrating = async () => {
          const { rows } = await probe.query<{ t: boolean }>(
            `SELECT to_regclass('public.schema_migrations') IS NOT NULL AS t`,
          );
          if (!rows[0]?.t) {
            return false;
          }
          const { rows: applied } = await probe.query<{ n: string }>(
            'SELECT count(*) AS n FROM schema_migrations',
          );
          return Number(applied[0]?.n) >= migrations.length / 2;
        };
        const second = await runSohoaKilledWhen({
          args: ['restore', target],
          env,
          when: migrating,
        });
        expect(second.killed, `the restore ended before the kill: ${second.run.stderr}`).toBe(true);
        const { rows: tables } = await probe.query<{ t: string | null }>(
          `SELECT to_regclass('public.audit_events')::text AS t`,
        );
        const auditRows = tables[0]?.t
          ? Number(
              (await probe.query<{ n: string }>('SELECT count(*) AS n FROM audit_events')).rows[0]
                ?.n,
            )
          : 0;
        expect(auditRows, 'no row is in before the load commits').toBe(0);

        const done = await runSohoa(['--json', 'restore', target], env);
        expect(done.code, done.stderr).toBe(0);
        expect(JSON.parse(done.stdout)).toMatchObject({ alreadyRestored: false, blobs: BLOBS });
        const manifest = await readManifest(await resolveBackup({ dir: target }));
        const upTo = manifest.auditHead.lastSeq!;
        expect(await dumpDatabase({ url, auditUpToSeq: upTo })).toEqual(
          await dumpDatabase({ dbDir: path.join(source, 'db'), auditUpToSeq: upTo }),
        );
        expect(await hashBlobTree(blobDir)).toEqual(await hashBlobTree(path.join(source, 'blobs')));
        const repeat = await runSohoa(['--json', 'restore', target], env);
        expect(JSON.parse(repeat.stdout)).toMatchObject({ alreadyRestored: true });
      } finally {
        await probe.end();
        await drop();
      }
    },
    600_000,
  );
});
