import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createDatabase, isJitLeftOn, type Db } from './database.ts';
import { migrations } from '../../migrations/migrations.registry.ts';
import { createTestDatabase, getDbVariants, TEST_POSTGRES_URL } from './database.test-utils.ts';

const variants = await getDbVariants();

describe.each(variants)('database on %s', (variant) => {
  let db: Db;
  let close: () => Promise<void>;
  beforeAll(async () => {
    ({ db, close } = await createTestDatabase({ variant }));
  });
  afterAll(async () => close());

  it('applies the migrations once and records them', async () => {
    const rows = await sql<{
      name: string;
    }>`SELECT name FROM schema_migrations ORDER BY name`.execute(db);
    expect(rows.rows.map((r) => r.name)).toEqual(migrations.map((m) => m.name));
    expect(rows.rows[0]?.name).toBe('0001-initial-schema');
  });

  it('folds Vietnamese diacritics and đ in f_fold', async () => {
    const { rows } = await sql<{
      folded: string;
    }>`SELECT f_fold(${'Đồng Tháp THẨM PHÁN Nguyễn'}) AS folded`.execute(db);
    expect(rows[0]?.folded).toBe('dong thap tham phan nguyen');
  });

  // PGlite is built without LLVM: the setting only matters on PostgreSQL.
  it.skipIf(variant !== 'postgres')(
    'runs without JIT compilation (it cost ~20 ms a search on large tables)',
    async () => {
      const { rows } = await sql<{ jit: string }>`SELECT current_setting('jit') AS jit`.execute(db);
      expect(rows[0]?.jit).toBe('off');
      expect(await isJitLeftOn({ db })).toBe(false);
    },
  );

  it.skipIf(variant !== 'postgres')(
    'tells when a connection runs with JIT after all (a pooler dropped the option)',
    async () => {
      const withJit = new URL(TEST_POSTGRES_URL);
      withJit.searchParams.set('options', '-c jit=on');
      const other = await createDatabase({ driver: 'postgres', url: withJit.toString() });
      try {
        const { rows } = await sql<{
          available: boolean;
        }>`SELECT pg_jit_available() AS available`.execute(other.db);
        // A server built without LLVM has no JIT to leave on.
        expect(await isJitLeftOn({ db: other.db })).toBe(rows[0]?.available === true);
      } finally {
        await other.close();
      }
    },
  );

  it('isolates concurrent transactions from other queries', async () => {
    await db
      .insertInto('units')
      .values({
        id: 'unit_tx0000000001',
        code: 'TX',
        name: 'Tx',
        level: 'PROVINCIAL',
        parent_id: null,
      })
      .execute();
    let release!: () => void;
    const gate = new Promise<void>((r) => (release = r));
    const tx = db.transaction().execute(async (trx) => {
      await trx
        .updateTable('units')
        .set({ name: 'inside' })
        .where('id', '=', 'unit_tx0000000001')
        .execute();
      await gate;
      throw new Error('rollback');
    });
    // Issued while the transaction is open: must not run inside it, so it survives the rollback.
    const outside = db
      .updateTable('units')
      .set({ code: 'TX2' })
      .where('id', '=', 'unit_tx0000000001')
      .execute();
    setTimeout(release, 50);
    await expect(tx).rejects.toThrow('rollback');
    await outside;
    const row = await db
      .selectFrom('units')
      .selectAll()
      .where('id', '=', 'unit_tx0000000001')
      .executeTakeFirstOrThrow();
    expect(row).toMatchObject({ name: 'Tx', code: 'TX2' });
  });
});

describe.skipIf(!variants.includes('postgres'))('database on postgres: lost connections', () => {
  it('survives an idle pooled connection being terminated, and reconnects', async () => {
    const { createDatabase } = await import('./database.ts');
    const { TEST_POSTGRES_URL } = await import('./database.test-utils.ts');
    const lost: Error[] = [];
    const { db, close } = await createDatabase({
      driver: 'postgres',
      url: TEST_POSTGRES_URL,
      poolSize: 1,
      onIdleClientError: (error) => lost.push(error),
    });
    try {
      const { rows } = await sql<{ pid: number }>`SELECT pg_backend_pid() AS pid`.execute(db);
      const pid = rows[0]!.pid;
      const admin = await createDatabase({ driver: 'postgres', url: TEST_POSTGRES_URL });
      await sql`SELECT pg_terminate_backend(${pid})`.execute(admin.db);
      await admin.close();
      // Without a handler the pool's 'error' event would have crashed this process.
      for (let i = 0; i < 50 && lost.length === 0; i++) {
        await new Promise((r) => setTimeout(r, 20));
      }
      expect(lost).toHaveLength(1);
      const again = await sql<{ pid: number }>`SELECT pg_backend_pid() AS pid`.execute(db);
      expect(again.rows[0]!.pid).not.toBe(pid);
    } finally {
      await close();
    }
  });
});
