import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { sql } from 'kysely';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runMigrations } from '../../migrations/migrations.usecases.ts';
import { createDependencies } from '../../start.ts';
import { createTestJobRunner, seedUnitWithClerk, TEST_SETTINGS } from '../app/server.test-utils.ts';
import { createServer } from '../app/server.ts';
import type { ServerDependencies } from '../app/server.types.ts';
import { hashPassword } from '../auth/auth.passwords.ts';
import { createFsBlobStore } from '../blobs/drivers/fs/fs.blob-driver.ts';
import { createS3BlobStore } from '../blobs/drivers/s3/s3.blob-driver.ts';
import { startLocalS3 } from '../blobs/drivers/s3/s3.test-utils.ts';
import { createDatabase, type Db } from '../database/database.ts';
import { createEmptyPostgresDatabase, getDbVariants } from '../database/database.test-utils.ts';
import {
  createScriptedPageProcessor,
  ingestScriptedCase,
} from '../pipeline/scripted-page-processor.test-utils.ts';
import { createSilentLogger } from '../shared/logger/logger.ts';
import { createAuditRepository } from '../audit/audit.repository.ts';
import { verifyAuditChain } from '../audit/audit.usecases.ts';
import { listFsBlobKeys } from './store-migration.usecases.ts';
import { runMigrateStore } from './store-migration.run.ts';

/*
 * An embedded installation (PGlite + fs blobs under DATA_DIR) with an ingested case is moved into
 * a fresh PostgreSQL database and a loopback S3 server, then a server over the target reads the
 * case, the original page images and an export. The PostgreSQL part needs a server (skipped when
 * absent, unless SOHOA_TEST_POSTGRES=required).
 */
const PASSWORD = 'matkhau-chuyen-kho-2025';
const BUCKET = 'sohoa-province';
const hasPostgres = (await getDbVariants()).includes('postgres');

/** The services of an embedded installation under `dataDir` (fs blobs, scripted OCR). */
function embeddedDependencies({ db, dataDir }: { db: Db; dataDir: string }) {
  return createDependencies({
    db,
    blobStore: createFsBlobStore({ root: path.join(dataDir, 'blobs') }),
    logger: createSilentLogger(),
    settings: TEST_SETTINGS,
    pageProcessor: createScriptedPageProcessor(),
    tempDir: path.join(dataDir, 'tmp'),
    maxFileBytes: 64 * 1024 * 1024,
  });
}

describe.skipIf(!hasPostgres)('sohoa migrate-store: PGlite + fs → PostgreSQL + S3', () => {
  let dataDir: string;
  let s3: Awaited<ReturnType<typeof startLocalS3>>;
  let targetUrl: string;
  let dropTarget: (() => Promise<void>) | undefined;
  let caseId: string;
  let sourcePages: Array<{
    id: string;
    original_blob_key: string | null;
    upright_blob_key: string | null;
  }>;
  let sourceBlobs: Map<string, Buffer>;
  let env: Record<string, string>;
  let closeSource: (() => Promise<void>) | undefined;
  let sourceDeps: ServerDependencies;

  const blobsUrl = () => `s3://${BUCKET}/unit-hn?endpoint=${encodeURIComponent(s3.endpoint)}`;

  beforeAll(async () => {
    dataDir = await mkdtemp(path.join(os.tmpdir(), 'sohoa-migrate-store-'));
    const { db, close } = await createDatabase({
      driver: 'pglite',
      dataDir: path.join(dataDir, 'db'),
    });
    closeSource = close;
    await runMigrations({ db });
    sourceDeps = embeddedDependencies({ db, dataDir });
    const runner = createTestJobRunner({ deps: sourceDeps });
    await runner.start();
    const { actor } = await seedUnitWithClerk({ deps: sourceDeps });
    await db
      .updateTable('users')
      .set({ password_hash: (await hashPassword({ password: PASSWORD, cost: 10 })).hash })
      .where('id', '=', actor.userId)
      .execute();
    ({ caseId } = await ingestScriptedCase({
      deps: sourceDeps,
      actor,
      title: 'Vụ trộm cắp tài sản — chuyển kho',
      volumes: [
        [
          { text: 'QUYẾT ĐỊNH KHỞI TỐ VỤ ÁN HÌNH SỰ', butLuc: 1 },
          { text: 'BIÊN BẢN GHI LỜI KHAI', butLuc: 2 },
          { text: '', butLuc: null, blank: true },
        ],
        [{ text: 'KẾT LUẬN ĐIỀU TRA', butLuc: 3 }],
      ],
    }));
    await runner.stop();
    sourcePages = await db
      .selectFrom('pages')
      .select(['id', 'original_blob_key', 'upright_blob_key'])
      .where('case_id', '=', caseId)
      .orderBy('seq')
      .execute();
    sourceBlobs = new Map();
    for (const key of await listFsBlobKeys({ root: path.join(dataDir, 'blobs') })) {
      sourceBlobs.set(key, Buffer.from((await sourceDeps.blobStore.getBytes({ key })).bytes));
    }

    s3 = await startLocalS3();
    await s3.createBucket({ bucket: BUCKET });
    const target = await createEmptyPostgresDatabase({ prefix: 'sohoa_migrate_test' });
    targetUrl = target.url;
    dropTarget = target.drop;
    env = {
      DATA_DIR: dataDir,
      S3_ACCESS_KEY_ID: s3.settings.accessKeyId!,
      S3_SECRET_ACCESS_KEY: s3.settings.secretAccessKey!,
    };
  }, 180_000);

  afterAll(async () => {
    await closeSource?.();
    await s3?.close();
    await dropTarget?.();
    if (dataDir) {
      await rm(dataDir, { recursive: true, force: true });
    }
  });

  it('refuses while the embedded database is open', async () => {
    await expect(runMigrateStore({ env, to: targetUrl, blobs: blobsUrl() })).rejects.toMatchObject({
      code: 'store_migration.source_locked',
    });
    await closeSource?.();
    closeSource = undefined;
  });

  it('copies every table and blob, ids preserved, and verifies them', async () => {
    const report = await runMigrateStore({ env, to: targetUrl, blobs: blobsUrl(), batchSize: 2 });
    expect(report.ok).toBe(true);
    const byTable = new Map(report.tables.map((t) => [t.table, t]));
    expect(byTable.get('pages')).toMatchObject({
      sourceRows: 4,
      inserted: 4,
      alreadyPresent: 0,
      mismatched: 0,
      verified: true,
    });
    for (const table of report.tables) {
      expect(table, table.table).toMatchObject({ verified: true, mismatched: 0 });
      expect(table.targetHash).toBe(table.sourceHash);
    }
    // Parents before children: units before users before cases before pages.
    const order = report.tables.map((t) => t.table);
    expect(order.indexOf('units')).toBeLessThan(order.indexOf('users'));
    expect(order.indexOf('cases')).toBeLessThan(order.indexOf('pages'));
    expect(report.blobs).toMatchObject({
      total: sourceBlobs.size,
      copied: sourceBlobs.size,
      alreadyPresent: 0,
      verified: sourceBlobs.size,
      problems: [],
    });
    expect(report.target).not.toContain(PASSWORD);
  });

  it('refuses a non-empty target, and with --allow-nonempty skips everything already there', async () => {
    await expect(runMigrateStore({ env, to: targetUrl, blobs: blobsUrl() })).rejects.toMatchObject({
      code: 'store_migration.target_not_empty',
    });
    const again = await runMigrateStore({
      env,
      to: targetUrl,
      blobs: blobsUrl(),
      allowNonEmpty: true,
    });
    expect(again.ok).toBe(true);
    expect(again.tables.every((t) => t.inserted === 0 && t.mismatched === 0)).toBe(true);
    expect(again.blobs).toMatchObject({ copied: 0, alreadyPresent: sourceBlobs.size });
  });

  it('reports, instead of hiding, a target row that differs from the source', async () => {
    const client = new pg.Client({ connectionString: targetUrl });
    await client.connect();
    await client.query(`UPDATE cases SET title = 'sửa tay' WHERE id = $1`, [caseId]);
    const report = await runMigrateStore({
      env,
      to: targetUrl,
      blobs: blobsUrl(),
      allowNonEmpty: true,
    });
    expect(report.ok).toBe(false);
    expect(report.tables.find((t) => t.table === 'cases')).toMatchObject({
      verified: false,
      mismatched: 1,
    });
    await client.query(
      `UPDATE cases SET title = 'Vụ trộm cắp tài sản — chuyển kho' WHERE id = $1`,
      [caseId],
    );
    await client.end();
  });

  it('serves the case, its original page images and an export from PostgreSQL + S3', async () => {
    const target = await createDatabase({ driver: 'postgres', url: targetUrl, poolSize: 4 });
    const deps = createDependencies({
      db: target.db,
      blobStore: createS3BlobStore({ client: s3.client, bucket: BUCKET, prefix: 'unit-hn' }),
      logger: createSilentLogger(),
      settings: TEST_SETTINGS,
      pageProcessor: createScriptedPageProcessor(),
      tempDir: path.join(dataDir, 'tmp-target'),
      maxFileBytes: 64 * 1024 * 1024,
    });
    const { app } = createServer({ deps });
    try {
      const login = await app.request('/api/auth/login', {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ username: 'clerk', password: PASSWORD, bearer: true }),
      });
      expect(login.status).toBe(200);
      const { token } = (await login.json()) as { token: string };
      const get = (url: string) =>
        app.request(url, { headers: { authorization: `Bearer ${token}` } });

      const detail = await get(`/api/cases/${caseId}`);
      expect(detail.status).toBe(200);
      expect(JSON.stringify(await detail.json())).toContain('Vụ trộm cắp tài sản — chuyển kho');

      const pages = (await (await get(`/api/cases/${caseId}/pages`)).json()) as {
        pages: Array<{ id: string }>;
      };
      expect(pages.pages.map((p) => p.id).sort()).toEqual(sourcePages.map((p) => p.id).sort());

      // The scripted originals are not pictures (their JSON text): the upright JPEGs are served
      // as stored by the viewer route; the originals are compared straight from the S3 store.
      const upright = sourcePages.filter((p) => p.upright_blob_key);
      expect(upright.length).toBeGreaterThanOrEqual(3);
      for (const page of upright) {
        const image = await get(`/api/cases/${caseId}/pages/${page.id}/image?size=full`);
        expect(image.status).toBe(200);
        const bytes = Buffer.from(await image.arrayBuffer());
        expect(bytes.equals(sourceBlobs.get(page.upright_blob_key!)!)).toBe(true);
      }
      for (const page of sourcePages) {
        const { bytes } = await deps.blobStore.getBytes({ key: page.original_blob_key! });
        expect(Buffer.from(bytes).equals(sourceBlobs.get(page.original_blob_key!)!)).toBe(true);
      }

      // The original scans, as stored, streamed from S3 whole and by byte range.
      for (const page of sourcePages) {
        const expected = sourceBlobs.get(page.original_blob_key!)!;
        const url = `/api/cases/${caseId}/pages/${page.id}/image?variant=original&size=full`;
        const whole = await get(url);
        expect(whole.status).toBe(200);
        expect(Buffer.from(await whole.arrayBuffer()).equals(expected)).toBe(true);
        const part = await app.request(url, {
          headers: { authorization: `Bearer ${token}`, range: 'bytes=3-12' },
        });
        expect(part.status).toBe(206);
        expect(part.headers.get('content-range')).toBe(`bytes 3-12/${expected.length}`);
        expect(Buffer.from(await part.arrayBuffer()).equals(expected.subarray(3, 13))).toBe(true);
      }

      const pdf = await get(`/api/cases/${caseId}/export.pdf`);
      expect(pdf.status).toBe(200);
      expect(
        Buffer.from(await pdf.arrayBuffer())
          .subarray(0, 5)
          .toString(),
      ).toBe('%PDF-');
      // Its manifest was written to the S3 store and is read back from there.
      const manifest = await get(
        `/api/cases/${caseId}/export-manifests/${pdf.headers.get('x-sohoa-manifest')}`,
      );
      expect(manifest.status).toBe(200);
    } finally {
      await deps.pageProcessor.close();
      await target.close();
    }
  });

  it('lets a unit that started alone join under --parent: its root placed there, its audit events appended to the shared chain; a wrong level, a broken chain and a taken user name refused', async () => {
    const joiningDir = await mkdtemp(path.join(os.tmpdir(), 'sohoa-migrate-join-'));
    const openJoining = () =>
      createDatabase({ driver: 'pglite', dataDir: path.join(joiningDir, 'db') });
    try {
      const joining = await openJoining();
      let unitId: string;
      try {
        await runMigrations({ db: joining.db });
        const deps = embeddedDependencies({ db: joining.db, dataDir: joiningDir });
        ({
          unit: { id: unitId },
        } = await deps.unitsRepository.create({
          // Provincial at first: it cannot sit under the provincial HN (changed below).
          unit: { code: 'KV3', name: 'Khu vực 3', level: 'PROVINCIAL', parentId: null },
        }));
        // The first installation already has a 'clerk' (user names ignore case).
        const { user } = await deps.usersRepository.create({
          user: {
            unitId,
            username: 'Clerk',
            fullName: 'Chuyên viên KV3',
            roles: ['CLERK'],
            passwordHash: 'x',
          },
        });
        for (const action of ['auth.login', 'auth.logout'] as const) {
          await deps.auditRepository.record({
            event: {
              action,
              actor: { userId: user.id, username: 'Clerk', unitId, roles: ['CLERK'] },
              unitId,
            },
          });
        }
      } finally {
        await joining.close();
      }
      const joiningEnv = { ...env, DATA_DIR: joiningDir };
      const run = (parentUnit?: string) =>
        runMigrateStore({
          env: joiningEnv,
          to: targetUrl,
          blobs: blobsUrl(),
          allowNonEmpty: true,
          ...(parentUnit ? { parentUnit } : {}),
        });

      await expect(run()).rejects.toMatchObject({
        code: 'store_migration.parent_unit',
        message: expect.stringContaining('--parent'),
      });
      await expect(run('KHONG-CO')).rejects.toMatchObject({ code: 'store_migration.parent_unit' });
      await expect(run('HN')).rejects.toMatchObject({
        code: 'store_migration.parent_unit',
        message: expect.stringContaining('the parent must be of a higher level'),
      });
      const editJoining = async (edit: (db: Db) => Promise<unknown>) => {
        const opened = await openJoining();
        try {
          await edit(opened.db);
        } finally {
          await opened.close();
        }
      };
      // A tampered source chain is refused before anything moves (its hashes would be replaced).
      const setFirstAction = (action: string) => async (db: Db) => {
        await sql`ALTER TABLE audit_events DISABLE TRIGGER audit_events_append_only_rows`.execute(
          db,
        );
        await sql`UPDATE audit_events SET action = ${action}
          WHERE seq = (SELECT min(seq) FROM audit_events)`.execute(db);
        await sql`ALTER TABLE audit_events ENABLE TRIGGER audit_events_append_only_rows`.execute(
          db,
        );
      };
      await editJoining(async (db) => {
        await db.updateTable('units').set({ level: 'REGIONAL' }).execute();
        await setFirstAction('case.read')(db);
      });
      await expect(run('HN')).rejects.toMatchObject({
        code: 'store_migration.source_audit_broken',
        message: expect.stringContaining('audit verify'),
      });
      const client = new pg.Client({ connectionString: targetUrl });
      await client.connect();
      const { rows: moved } = await client.query(`SELECT 1 FROM units WHERE code = 'KV3'`);
      await client.end();
      expect(moved).toEqual([]);
      await editJoining(setFirstAction('auth.login'));
      const conflict = (await run('hn').catch((error: unknown) => error)) as Error & {
        code: string;
      };
      expect(conflict.code).toBe('store_migration.row_conflict');
      expect(conflict.message).toContain('Bảng users');
      expect(conflict.message).toContain('(clerk)');
      expect(conflict.message).toContain('user name taken by another unit');

      // Renamed in the source, the same command goes on where it stopped.
      await editJoining((db) => db.updateTable('users').set({ username: 'clerk.kv3' }).execute());
      const target = await createDatabase({ driver: 'postgres', url: targetUrl, poolSize: 2 });
      try {
        const chainBefore = await verifyAuditChain({
          auditRepository: createAuditRepository({ db: target.db }),
        });
        // The shared chain already holds the first installation's events: the joining unit's
        // cannot keep their seq and are appended.
        expect(chainBefore).toMatchObject({ ok: true });
        expect(chainBefore.checked).toBeGreaterThan(0);
        const report = await run('HN');
        expect(report.ok).toBe(true);
        const byTable = new Map(report.tables.map((t) => [t.table, t]));
        expect(byTable.get('units')).toMatchObject({ alreadyPresent: 1, verified: true });
        expect(byTable.get('users')).toMatchObject({ inserted: 1, verified: true });
        expect(byTable.get('audit_events')).toMatchObject({
          sourceRows: 2,
          inserted: 2,
          verified: true,
        });
        const placed = await target.db
          .selectFrom('units as u')
          .innerJoin('units as p', 'p.id', 'u.parent_id')
          .select(['u.code', 'p.code as parent'])
          .where('u.id', '=', unitId!)
          .executeTakeFirst();
        expect(placed).toEqual({ code: 'KV3', parent: 'HN' });
        const chainAfter = await verifyAuditChain({
          auditRepository: createAuditRepository({ db: target.db }),
        });
        expect(chainAfter).toMatchObject({ ok: true, checked: chainBefore.checked + 2 });

        const again = await run('HN');
        expect(again.ok).toBe(true);
        expect(again.tables.every((t) => t.inserted === 0 && t.mismatched === 0)).toBe(true);
        expect(
          (await verifyAuditChain({ auditRepository: createAuditRepository({ db: target.db }) }))
            .checked,
        ).toBe(chainBefore.checked + 2);
      } finally {
        await target.close();
      }
    } finally {
      await rm(joiningDir, { recursive: true, force: true });
    }
  }, 120_000);
});

describe('sohoa migrate-store refusals (no PostgreSQL needed)', () => {
  it('refuses an installation that is not embedded, a missing one and a bad --blobs', async () => {
    const dir = await mkdtemp(path.join(os.tmpdir(), 'sohoa-migrate-refuse-'));
    try {
      const to = 'postgres://nobody@127.0.0.1:1/none';
      await expect(
        runMigrateStore({
          env: { DATA_DIR: dir, DATABASE_URL: 'postgres://x@y/z' },
          to,
          blobs: 's3://bucket',
        }),
      ).rejects.toMatchObject({ code: 'store_migration.source_not_embedded' });
      await expect(
        runMigrateStore({ env: { DATA_DIR: dir }, to, blobs: 's3://bucket' }),
      ).rejects.toMatchObject({ code: 'store_migration.source_missing' });
      await expect(
        runMigrateStore({ env: { DATA_DIR: dir }, to, blobs: 's3://key:secret@bucket' }),
      ).rejects.toMatchObject({ code: 'store_migration.invalid_target' });
      await expect(
        runMigrateStore({ env: { DATA_DIR: dir }, to: 'mysql://x', blobs: 's3://bucket' }),
      ).rejects.toMatchObject({ code: 'store_migration.invalid_target' });
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});
