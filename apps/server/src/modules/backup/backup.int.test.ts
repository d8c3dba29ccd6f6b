import { chmod, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Actor } from '../access/access.types.ts';
import { createServer } from '../app/server.ts';
import {
  createTestDependencies,
  createTestJobRunner,
  createTestServer,
} from '../app/server.test-utils.ts';
import type { ServerDependencies } from '../app/server.types.ts';
import { verifyAuditChain } from '../audit/audit.usecases.ts';
import { hashPassword } from '../auth/auth.passwords.ts';
import { createTestDatabase, getDbVariants } from '../database/database.test-utils.ts';
import {
  createScriptedPageProcessor,
  ingestScriptedCase,
} from '../pipeline/scripted-page-processor.test-utils.ts';
import { createBackupRepository } from './backup.repository.ts';
import {
  backupStatus,
  createBackup,
  readManifest,
  resolveBackup,
  verifyBackup,
} from './backup.usecases.ts';
import { restoreBackup } from './backup.restore.usecases.ts';

/*
 * Backup → restore on a real database: the backup is taken while writers keep writing, restored
 * into an empty database and blob store, and a server started on the restored data serves the
 * case and its page images. Tampering with any backup file makes verify fail and name the file.
 */
const variants = await getDbVariants();
const PASSWORD = 'matkhau2025backup';

describe.each(variants)('backup and restore on %s', (variant) => {
  let source: Awaited<ReturnType<typeof createTestServer>>;
  let deps: ServerDependencies;
  let actor: Actor;
  let caseId: string;
  let targets: string[];
  const backupDeps = () => ({
    backupRepository: createBackupRepository({ db: deps.db }),
    blobStore: deps.blobStore,
    auditRepository: deps.auditRepository,
  });

  beforeAll(async () => {
    source = await createTestServer({
      variant,
      pageProcessor: createScriptedPageProcessor({ structure: 'none' }),
    });
    deps = source.deps;
    const runner = createTestJobRunner({ deps });
    await runner.start();
    const { unit } = await deps.unitsRepository.create({
      unit: { code: 'HP', name: 'Hải Phòng', level: 'PROVINCIAL', parentId: null },
    });
    const { hash } = await hashPassword({ password: PASSWORD, cost: 4 });
    const { user } = await deps.usersRepository.create({
      user: {
        unitId: unit.id,
        username: 'thuky',
        fullName: 'Thư ký',
        roles: ['CLERK'],
        passwordHash: hash,
      },
    });
    actor = { userId: user.id, username: 'thuky', unitId: unit.id, roles: ['CLERK'] };
    ({ caseId } = await ingestScriptedCase({
      deps,
      actor,
      title: 'Vụ án trộm cắp tài sản',
      volumes: [
        [
          { text: 'Trang một', butLuc: 1 },
          { text: 'Trang hai', butLuc: 2 },
        ],
      ],
    }));
    await runner.stop();
    const root = await mkdtemp(path.join(os.tmpdir(), 'sohoa-backup-'));
    targets = [path.join(root, 'a'), path.join(root, 'b')];
  }, 180_000);
  afterAll(async () => {
    await source?.close();
    await rm(path.dirname(targets[0]!), { recursive: true, force: true });
  });

  it('takes a consistent backup while writers write, restores it into an empty database, and a server reads the case and a page image', async () => {
    let writing = true;
    let written = 0;
    const writer = (async () => {
      while (writing) {
        await deps.auditRepository.record({
          event: { action: 'case.read', actor, caseId, unitId: actor.unitId, details: { written } },
        });
        written += 1;
        // Requests arrive as I/O events; an in-memory PGlite never yields on its own, and a
        // loop of pure promise work would starve the backup's file writes.
        await new Promise((resolve) => setImmediate(resolve));
      }
    })();
    const { manifest, dirs } = await createBackup({
      targets,
      engine: variant,
      sohoaVersion: 'test',
      deps: backupDeps(),
    });
    writing = false;
    await writer;
    expect(written).toBeGreaterThan(0);
    expect(dirs).toHaveLength(2);
    expect(manifest.blobs.length).toBeGreaterThanOrEqual(2);
    expect(manifest.tables.find((t) => t.name === 'cases')?.rows).toBe(1);

    const empty = await createTestDatabase({ variant, migrate: false });
    const restoredDeps = createTestDependencies({ db: empty.db });
    try {
      const result = await restoreBackup({
        dir: targets[1]!,
        db: empty.db,
        deps: { ...restoredDeps, backupRepository: createBackupRepository({ db: empty.db }) },
      });
      expect(result.restored).toEqual(
        Object.fromEntries(manifest.tables.map((t) => [t.name, t.rows])),
      );
      // The audit rows and the chain head came from one snapshot: the chain verifies.
      const chain = await verifyAuditChain({ auditRepository: restoredDeps.auditRepository });
      expect(chain.ok).toBe(true);
      expect(chain.head.lastSeq).toBeGreaterThan(manifest.auditHead.lastSeq ?? 0);

      const { app } = createServer({ deps: restoredDeps });
      const login = await app.request('/api/auth/login', {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ username: 'thuky', password: PASSWORD, bearer: true }),
      });
      expect(login.status).toBe(200);
      const { token } = (await login.json()) as { token: string };
      const get = (p: string) => app.request(p, { headers: { authorization: `Bearer ${token}` } });
      const found = await get(`/api/cases/${caseId}`);
      expect(found.status).toBe(200);
      expect(((await found.json()) as { case: { title: string } }).case.title).toBe(
        'Vụ án trộm cắp tài sản',
      );
      const pages = (await (await get(`/api/cases/${caseId}/pages`)).json()) as {
        pages: Array<{ id: string }>;
      };
      expect(pages.pages).toHaveLength(2);
      const image = await get(`/api/cases/${caseId}/pages/${pages.pages[1]!.id}/image?size=full`);
      expect(image.status).toBe(200);
      const original = await deps.blobStore.getBytes({
        key: (
          await deps.db
            .selectFrom('pages')
            .select('upright_blob_key')
            .where('id', '=', pages.pages[1]!.id)
            .executeTakeFirstOrThrow()
        ).upright_blob_key!,
      });
      expect(Buffer.from(await image.arrayBuffer()).equals(Buffer.from(original.bytes))).toBe(true);

      // A second restore into the now non-empty database is refused.
      await expect(
        restoreBackup({
          dir: targets[0]!,
          db: empty.db,
          deps: { ...restoredDeps, backupRepository: createBackupRepository({ db: empty.db }) },
        }),
      ).rejects.toMatchObject({ code: 'backup.restore_target_not_empty' });
    } finally {
      await restoredDeps.pageViewAudit.flush();
      await empty.close();
    }
  }, 240_000);

  it('verify re-checks every hash and names a tampered database file or blob', async () => {
    const { backupDir } = await resolveBackup({ dir: targets[0]! });
    expect((await verifyBackup({ dir: targets[0]! })).ok).toBe(true);
    const manifest = await readManifest({ backupDir });

    const dbFile = path.join(backupDir, manifest.tables.find((t) => t.name === 'cases')!.file);
    const bytes = await readFile(dbFile);
    bytes[bytes.length - 5] = bytes[bytes.length - 5]! ^ 0xff;
    await writeFile(dbFile, bytes);
    const blobFile = path.join(targets[0]!, 'blobs', manifest.blobs[0]!.key);
    await chmod(blobFile, 0o644);
    await writeFile(blobFile, 'not the page');

    const result = await verifyBackup({ dir: targets[0]! });
    expect(result.ok).toBe(false);
    expect(result.problems).toEqual([
      { file: dbFile, problem: 'sha256 mismatch' },
      { file: blobFile, problem: 'sha256 mismatch' },
    ]);
    const empty = await createTestDatabase({ variant, migrate: false });
    try {
      await expect(
        restoreBackup({
          dir: targets[0]!,
          db: empty.db,
          deps: {
            ...createTestDependencies({ db: empty.db }),
            backupRepository: createBackupRepository({ db: empty.db }),
          },
        }),
      ).rejects.toMatchObject({ code: 'backup.corrupt', message: expect.stringContaining(dbFile) });
    } finally {
      await empty.close();
    }
    // The other target is an independent copy: still intact.
    expect((await verifyBackup({ dir: targets[1]! })).ok).toBe(true);
  }, 240_000);

  it('reports a target whose newest backup is older than the limit as stale', async () => {
    const now = new Date();
    const fresh = await backupStatus({ targets, maxAgeHours: 26, now });
    expect(fresh.targets.map((t) => t.stale)).toEqual([false, false]);
    expect(fresh.ok).toBe(true);
    const later = new Date(now.getTime() + 30 * 3_600_000);
    const status = await backupStatus({
      targets: [...targets, `${targets[0]}-never`],
      maxAgeHours: 26,
      now: later,
    });
    expect(status.targets.map((t) => t.stale)).toEqual([true, true, true]);
    expect(status.targets[2]!.latestId).toBeNull();
    expect(status.ok).toBe(false);
  }, 60_000);
});
