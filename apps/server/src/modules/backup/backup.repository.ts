import { sql, type Kysely, type Transaction } from 'kysely';
import type { Db } from '../database/database.ts';
import type { Database } from '../database/database.types.ts';

/** Kysely's own bookkeeping: the restore's migrations write it, the backup lists names instead. */
const SKIPPED_TABLES = new Set(['schema_migrations', 'schema_migrations_lock']);

type Queryable = Kysely<Database> | Transaction<Database>;

export type BackupRepository = ReturnType<typeof createBackupRepository>;

/**
 * The only SQL of backups: the schema read generically from the catalogue (so a table added by a
 * later migration is backed up without touching this module), a snapshot dump through a cursor,
 * and a restore through json_populate_recordset (the server converts every type back itself).
 */
export function createBackupRepository({ db }: { db: Db }) {
  const listTables = listTablesIn;

  /** Columns a restore may write: not generated, in table order. */
  const insertableColumns = async (q: Queryable, table: string) => {
    const { rows } = await sql<{ column_name: string }>`
      SELECT column_name FROM information_schema.columns
      WHERE table_schema = 'public' AND table_name = ${table}
        AND is_generated = 'NEVER' AND coalesce(identity_generation, '') <> 'ALWAYS'
      ORDER BY ordinal_position`.execute(q);
    return rows.map((r) => r.column_name);
  };

  /** Whether the database holds no data yet: no unit, user, case or audit event (a restore target). */
  const isEmpty = async () => {
    const tables = await listTables(db);
    for (const table of ['units', 'users', 'cases', 'audit_events']) {
      if (tables.includes(table)) {
        const { rows } = await sql<{
          n: number | string;
        }>`SELECT count(*) AS n FROM ${sql.table(table)}`.execute(db);
        if (Number(rows[0]!.n) > 0) {
          return false;
        }
      }
    }
    return true;
  };

  return {
    /**
     * Runs `work` inside one REPEATABLE READ, READ ONLY transaction: every table is read from the
     * same snapshot, whatever the application writes meanwhile (PostgreSQL). On PGlite the single
     * connection is held for the whole dump, so writers wait (they never see a half state either).
     */
    async inSnapshot<T>(work: (snapshot: SnapshotReader) => Promise<T>): Promise<T> {
      return db
        .transaction()
        .setIsolationLevel('repeatable read')
        .execute(async (trx) => {
          await sql`SET TRANSACTION READ ONLY`.execute(trx);
          return work(createSnapshotReader(trx));
        });
    },

    isEmpty,

    /**
     * What a restore finds in its target database: `empty` (go ahead), `loaded` (the tables of
     * this very backup, from a restore killed before it finished: the audit trail ends exactly at
     * the backup's chain head), `restored` (this backup's restore already completed: its
     * `backup.restored` event is the last one) or `foreign` (other data: refused).
     */
    async restoreState({
      backupId,
      auditHead,
    }: {
      backupId: string;
      auditHead: { lastSeq: number | null; lastHash: string | null };
    }): Promise<'empty' | 'loaded' | 'restored' | 'foreign'> {
      if (await isEmpty()) {
        return 'empty';
      }
      if (!(await listTables(db)).includes('audit_events')) {
        return 'foreign';
      }
      const { rows } = await sql<{
        seq: number | string;
        hash: string | null;
        action: string;
        target_id: string | null;
      }>`SELECT seq, hash, action, target_id FROM audit_events ORDER BY seq DESC LIMIT 1`.execute(
        db,
      );
      const last = rows[0];
      if (last?.action === 'backup.restored' && last.target_id === backupId) {
        return 'restored';
      }
      const atHead =
        last !== undefined &&
        auditHead.lastSeq !== null &&
        Number(last.seq) === auditHead.lastSeq &&
        last.hash === auditHead.lastHash;
      return atHead ? 'loaded' : 'foreign';
    },

    /**
     * Loads dumped rows into the (migrated, empty) schema in one transaction. Foreign keys and
     * triggers are off meanwhile (`session_replication_role = replica`: the rows are a consistent
     * snapshot already, and the audit trail's append-only trigger must not fire). Rows the
     * migrations seeded are replaced by the backup's. Sequences continue after the restored ids.
     * Needs a superuser or the database owner with that right on PostgreSQL (docs/backup.md).
     */
    async restoreTables({
      tables,
    }: {
      tables: Array<{ name: string; batches: () => AsyncIterable<unknown[]> }>;
    }) {
      return db.transaction().execute(async (trx) => {
        await sql`SET LOCAL session_replication_role = replica`.execute(trx);
        const present = new Set(await listTables(trx));
        const restored: Record<string, number> = {};
        for (const table of tables) {
          if (!present.has(table.name)) {
            throw new Error(`table ${table.name} of the backup does not exist in this schema`);
          }
          const columns = await insertableColumns(trx, table.name);
          const list = sql.join(columns.map((c) => sql.ref(c)));
          await sql`DELETE FROM ${sql.table(table.name)}`.execute(trx);
          let count = 0;
          for await (const batch of table.batches()) {
            if (batch.length === 0) {
              continue;
            }
            await sql`
              INSERT INTO ${sql.table(table.name)} (${list})
              SELECT ${list} FROM json_populate_recordset(NULL::${sql.table(table.name)}, ${JSON.stringify(batch)}::json)
            `.execute(trx);
            count += batch.length;
          }
          restored[table.name] = count;
        }
        const { rows: serials } = await sql<{ table_name: string; column_name: string }>`
          SELECT table_name, column_name FROM information_schema.columns
          WHERE table_schema = 'public' AND column_default LIKE 'nextval(%'`.execute(trx);
        for (const { table_name: table, column_name: column } of serials) {
          await sql`
            SELECT setval(pg_get_serial_sequence(${table}, ${column}),
                          coalesce((SELECT max(${sql.ref(column)}) FROM ${sql.table(table)}), 0) + 1,
                          false)`.execute(trx);
        }
        return { restored };
      });
    },

    async appliedMigrations() {
      const { rows } = await sql<{ name: string }>`
        SELECT name FROM schema_migrations ORDER BY name`
        .execute(db)
        .catch(() => ({ rows: [] as Array<{ name: string }> }));
      return rows.map((r) => r.name);
    },

    /** Row counts that a restore is compared on. */
    async countRows({ tables }: { tables: readonly string[] }) {
      const counts: Record<string, number> = {};
      for (const table of tables) {
        const { rows } = await sql<{
          n: number | string;
        }>`SELECT count(*) AS n FROM ${sql.table(table)}`.execute(db);
        counts[table] = Number(rows[0]!.n);
      }
      return counts;
    },
  };
}

export type SnapshotReader = ReturnType<typeof createSnapshotReader>;

function createSnapshotReader(trx: Transaction<Database>) {
  return {
    listTables: () => listTablesIn(trx),

    /** Rows of `table` as JSON text (row_to_json), `batchSize` at a time through a cursor. */
    async *rows({ table, batchSize = 1000 }: { table: string; batchSize?: number }) {
      const cursor = `backup_${table.replace(/[^a-z0-9_]/gi, '_')}`;
      await sql`DECLARE ${sql.raw(cursor)} NO SCROLL CURSOR FOR
        SELECT row_to_json(t)::text AS j FROM ${sql.table(table)} t`.execute(trx);
      try {
        for (;;) {
          const { rows } = await sql<{
            j: string;
          }>`FETCH ${sql.raw(String(batchSize))} FROM ${sql.raw(cursor)}`.execute(trx);
          if (rows.length === 0) {
            break;
          }
          yield rows.map((r) => r.j);
        }
      } finally {
        await sql`CLOSE ${sql.raw(cursor)}`.execute(trx);
      }
    },

    /** Every distinct blob key referenced by a `…blob_key` column. */
    async blobKeys(): Promise<string[]> {
      const { rows: columns } = await sql<{ table_name: string; column_name: string }>`
        SELECT table_name, column_name FROM information_schema.columns
        WHERE table_schema = 'public' AND column_name LIKE '%blob_key'
        ORDER BY table_name, column_name`.execute(trx);
      const keys = new Set<string>();
      for (const { table_name: table, column_name: column } of columns) {
        const { rows } = await sql<{ k: string }>`
          SELECT DISTINCT ${sql.ref(column)} AS k FROM ${sql.table(table)}
          WHERE ${sql.ref(column)} IS NOT NULL`.execute(trx);
        for (const row of rows) {
          keys.add(row.k);
        }
      }
      return [...keys].sort();
    },

    async migrations(): Promise<string[]> {
      const { rows } = await sql<{
        name: string;
      }>`SELECT name FROM schema_migrations ORDER BY name`.execute(trx);
      return rows.map((r) => r.name);
    },

    async auditHead() {
      const { rows } = await sql<{ last_seq: number | string | null; last_hash: string | null }>`
        SELECT last_seq, last_hash FROM audit_chain_head WHERE id = 1`.execute(trx);
      const head = rows[0];
      return {
        lastSeq: head?.last_seq === null || head === undefined ? null : Number(head.last_seq),
        lastHash: head?.last_hash ?? null,
      };
    },
  };
}

async function listTablesIn(q: Queryable) {
  const { rows } = await sql<{ table_name: string }>`
    SELECT table_name FROM information_schema.tables
    WHERE table_schema = 'public' AND table_type = 'BASE TABLE'
    ORDER BY table_name`.execute(q);
  return rows.map((r) => r.table_name).filter((t) => !SKIPPED_TABLES.has(t));
}
