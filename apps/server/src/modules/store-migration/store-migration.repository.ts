import { sql, type Kysely } from 'kysely';

/* The only SQL of `migrate-store`. It works on the catalogue, not on the typed schema: every table
 * the migrations created is copied, including tables added after this module was written. */

// Kysely's own bookkeeping: the target's migrations create and fill these.
const MIGRATION_TABLES = ['schema_migrations', 'schema_migrations_lock'];

export type TableShape = {
  name: string;
  /** Columns that can be inserted (generated columns are recomputed by the target). */
  columns: string[];
  primaryKey: string[];
  /** Tables this one references (foreign keys to other tables). */
  references: string[];
  /** A foreign key to the table itself (`units.parent_id` → `units.id`), if any. */
  selfReference: { column: string; referenced: string } | null;
};

/** A batch of rows: their JSON (as PostgreSQL writes it), an md5 of their text form, their key. */
export type RowBatch = Array<{ json: string; rowHash: string; key: string[] }>;

// Any Kysely instance: the source is PGlite, the target PostgreSQL, both without a typed schema.
type AnyDb = Kysely<unknown>;

const ident = (name: string) => sql.id(name);
const KEY_SEPARATOR = '\u001f';
const columnList = (columns: string[]) => sql.join(columns.map(ident));

export function createStoreMigrationRepository({ db }: { db: AnyDb }) {
  return {
    /**
     * Makes the text form of rows (hashed for verification) identical on both databases: time
     * stamps in UTC and ISO dates whatever the server's defaults.
     */
    normalizeSession: async () => {
      await sql`SET TIME ZONE 'UTC'`.execute(db);
      await sql`SET DateStyle = 'ISO, YMD'`.execute(db);
      await sql`SET extra_float_digits = 1`.execute(db);
    },

    /** Names of the migrations applied, or `null` when the migration table does not exist. */
    listAppliedMigrations: async (): Promise<string[] | null> => {
      const { rows } = await sql<{ present: boolean }>`
        SELECT to_regclass('public.schema_migrations') IS NOT NULL AS present`.execute(db);
      if (!rows[0]?.present) {
        return null;
      }
      const applied = await sql<{ name: string }>`
        SELECT name FROM schema_migrations ORDER BY name`.execute(db);
      return applied.rows.map((r) => r.name);
    },

    listTables: async (): Promise<TableShape[]> => {
      const tables = await sql<{ name: string }>`
        SELECT c.relname AS name FROM pg_class c
        WHERE c.relkind = 'r' AND c.relnamespace = 'public'::regnamespace
        ORDER BY c.relname`.execute(db);
      const columns = await sql<{ table_name: string; column_name: string }>`
        SELECT c.relname AS table_name, a.attname AS column_name
        FROM pg_attribute a JOIN pg_class c ON c.oid = a.attrelid
        WHERE c.relkind = 'r' AND c.relnamespace = 'public'::regnamespace
          AND a.attnum > 0 AND NOT a.attisdropped AND a.attgenerated = ''
        ORDER BY c.relname, a.attnum`.execute(db);
      const keys = await sql<{ table_name: string; column_name: string }>`
        SELECT c.relname AS table_name, a.attname AS column_name
        FROM pg_index i
        JOIN pg_class c ON c.oid = i.indrelid
        JOIN pg_attribute a ON a.attrelid = i.indrelid AND a.attnum = ANY (i.indkey::int2[])
        WHERE i.indisprimary AND c.relnamespace = 'public'::regnamespace
        ORDER BY c.relname, array_position(i.indkey::int2[], a.attnum)`.execute(db);
      const foreignKeys = await sql<{
        table_name: string;
        referenced_table: string;
        column_name: string | null;
        referenced_column: string | null;
        column_count: number;
      }>`
        SELECT c.relname AS table_name, r.relname AS referenced_table,
               a.attname AS column_name, ra.attname AS referenced_column,
               array_length(k.conkey, 1) AS column_count
        FROM pg_constraint k
        JOIN pg_class c ON c.oid = k.conrelid
        JOIN pg_class r ON r.oid = k.confrelid
        LEFT JOIN pg_attribute a ON a.attrelid = k.conrelid AND a.attnum = k.conkey[1]
        LEFT JOIN pg_attribute ra ON ra.attrelid = k.confrelid AND ra.attnum = k.confkey[1]
        WHERE k.contype = 'f' AND k.connamespace = 'public'::regnamespace`.execute(db);
      return tables.rows
        .map((t) => t.name)
        .filter((name) => !MIGRATION_TABLES.includes(name))
        .map((name) => {
          const own = foreignKeys.rows.filter((fk) => fk.table_name === name);
          const self = own.find((fk) => fk.referenced_table === name);
          return {
            name,
            columns: columns.rows.filter((c) => c.table_name === name).map((c) => c.column_name),
            primaryKey: keys.rows.filter((k) => k.table_name === name).map((k) => k.column_name),
            references: [
              ...new Set(own.map((fk) => fk.referenced_table).filter((t) => t !== name)),
            ],
            selfReference:
              self && Number(self.column_count) === 1 && self.column_name && self.referenced_column
                ? { column: self.column_name, referenced: self.referenced_column }
                : self
                  ? { column: '', referenced: '' }
                  : null,
          };
        });
    },

    /**
     * The migrations create the audit chain head of an empty chain (no last event); on a target
     * that has no audit events yet, the source's head replaces it.
     */
    clearEmptyAuditChainHead: async () => {
      await sql`DELETE FROM audit_chain_head WHERE last_seq IS NULL
        AND NOT EXISTS (SELECT 1 FROM audit_events)`.execute(db);
    },

    hasRows: async ({ table }: { table: string }) => {
      const { rows } = await sql<{ present: boolean }>`
        SELECT EXISTS (SELECT 1 FROM ${ident(table)}) AS present`.execute(db);
      return rows[0]?.present === true;
    },

    /** Some columns of every row as JSON text, by primary key (one text per key). */
    readColumns: async ({
      table,
      columns,
      primaryKey,
    }: {
      table: string;
      columns: string[];
      primaryKey: string[];
    }): Promise<Map<string, string>> => {
      const { rows } = await sql<{ k: string; j: string }>`
        SELECT concat_ws(${KEY_SEPARATOR}, ${sql.join(primaryKey.map((c) => sql`(t.${ident(c)})::text`))}) AS k,
          json_build_array(${sql.join(columns.map((c) => sql`t.${ident(c)}`))})::text AS j
        FROM ${ident(table)} AS t`.execute(db);
      return new Map(rows.map((r) => [r.k, r.j]));
    },

    countRows: async ({ table }: { table: string }) => {
      const { rows } = await sql<{ n: number }>`
        SELECT count(*)::int AS n FROM ${ident(table)}`.execute(db);
      return rows[0]?.n ?? 0;
    },

    /**
     * Up to `limit` rows after `after` (a primary key, as text) in primary-key order: keyset
     * pagination, so a table of millions of pages is read in constant time per batch.
     */
    readBatch: async ({
      table,
      primaryKey,
      after,
      limit,
    }: {
      table: string;
      primaryKey: string[];
      after: string[] | null;
      limit: number;
    }): Promise<RowBatch> => {
      const t = ident(table);
      const keyColumns = primaryKey.map((c, i) => sql`(t.${ident(c)})::text AS ${ident(`k${i}`)}`);
      const keyTuple = sql.join(primaryKey.map((c) => sql`t.${ident(c)}`));
      const where = after
        ? sql`WHERE (${keyTuple}) > (${sql.join(after.map((v) => sql`${v}`))})`
        : sql``;
      const { rows } = await sql<Record<string, string>>`
        SELECT row_to_json(t)::text AS j, md5(t::text) AS h, ${sql.join(keyColumns)}
        FROM ${t} AS t ${where}
        ORDER BY ${keyTuple}
        LIMIT ${limit}`.execute(db);
      return rows.map((row) => ({
        json: row.j!,
        rowHash: row.h!,
        key: primaryKey.map((_, i) => row[`k${i}`]!),
      }));
    },

    /** Every row of a (small) table, for tables that reference themselves. */
    readAll: async ({
      table,
      primaryKey,
    }: {
      table: string;
      primaryKey: string[];
    }): Promise<Array<RowBatch[number] & { row: Record<string, unknown> }>> => {
      const keyColumns = primaryKey.map((c, i) => sql`(t.${ident(c)})::text AS ${ident(`k${i}`)}`);
      const { rows } = await sql<Record<string, string>>`
        SELECT row_to_json(t)::text AS j, md5(t::text) AS h, ${sql.join(keyColumns)}
        FROM ${ident(table)} AS t
        ORDER BY ${sql.join(primaryKey.map((c) => sql`t.${ident(c)}`))}`.execute(db);
      return rows.map((row) => ({
        json: row.j!,
        rowHash: row.h!,
        key: primaryKey.map((_, i) => row[`k${i}`]!),
        row: JSON.parse(row.j!) as Record<string, unknown>,
      }));
    },

    /**
     * Inserts rows given as PostgreSQL JSON (so jsonb, arrays, time stamps and reals round-trip
     * exactly). With `skipExisting`, a row whose key is already there is left alone (it is then
     * compared by the verification). Returns how many rows were inserted.
     */
    insertRows: async ({
      table,
      columns,
      primaryKey,
      rowsJson,
      skipExisting,
    }: {
      table: string;
      columns: string[];
      /** Only a row with the same key counts as already there: any other unique value that is
       * already taken (a unit code, a user name) fails the insert, naming it. */
      primaryKey: string[];
      rowsJson: string;
      skipExisting: boolean;
    }) => {
      const t = ident(table);
      const { rows } = await sql<{ n: number }>`
        WITH inserted AS (
          INSERT INTO ${t} (${columnList(columns)})
          SELECT ${columnList(columns)} FROM json_populate_recordset(NULL::${t}, ${rowsJson}::json)
          ${skipExisting ? sql`ON CONFLICT (${columnList(primaryKey)}) DO NOTHING` : sql``}
          RETURNING 1
        )
        SELECT count(*)::int AS n FROM inserted`.execute(db);
      return rows[0]?.n ?? 0;
    },

    /** md5 of the text form of the rows whose primary keys are in `rowsJson`, by key. */
    hashRowsByKey: async ({
      table,
      primaryKey,
      rowsJson,
    }: {
      table: string;
      primaryKey: string[];
      rowsJson: string;
    }): Promise<Map<string, string>> => {
      const t = ident(table);
      const keyColumns = primaryKey.map((c, i) => sql`(t.${ident(c)})::text AS ${ident(`k${i}`)}`);
      const tuple = (alias: string) =>
        sql.join(primaryKey.map((c) => sql`${sql.raw(alias)}.${ident(c)}`));
      const { rows } = await sql<Record<string, string>>`
        SELECT md5(t::text) AS h, ${sql.join(keyColumns)}
        FROM ${t} AS t
        WHERE (${tuple('t')}) IN (
          SELECT ${tuple('s')} FROM json_populate_recordset(NULL::${t}, ${rowsJson}::json) AS s
        )`.execute(db);
      return new Map(rows.map((row) => [joinKey(primaryKey.map((_, i) => row[`k${i}`]!)), row.h!]));
    },

    /**
     * md5 of the text form of one row as it would be with some columns replaced (the hash the
     * target's copy must have when the copy changes them: a root unit placed under a parent).
     */
    hashRowWith: async ({
      table,
      primaryKey,
      key,
      replace,
    }: {
      table: string;
      primaryKey: string[];
      key: string[];
      replace: Record<string, unknown>;
    }): Promise<string> => {
      const match = sql.join(
        primaryKey.map((c, i) => sql`(t.${ident(c)})::text = ${key[i]!}`),
        sql` AND `,
      );
      const { rows } = await sql<{ h: string }>`
        SELECT md5(jsonb_populate_record(t, ${JSON.stringify(replace)}::jsonb)::text) AS h
        FROM ${ident(table)} AS t WHERE ${match}`.execute(db);
      return rows[0]!.h;
    },

    /** The units without a parent (one per installation: `units_single_root`). */
    listRootUnits: async (): Promise<Array<{ id: string; code: string; level: string }>> => {
      const { rows } = await sql<{ id: string; code: string; level: string }>`
        SELECT id, code, level FROM units WHERE parent_id IS NULL ORDER BY id`.execute(db);
      return rows;
    },

    /** A unit by id or (case-insensitive) code. */
    findUnit: async ({ idOrCode }: { idOrCode: string }) => {
      const { rows } = await sql<{ id: string; code: string; level: string }>`
        SELECT id, code, level FROM units
        WHERE id = ${idOrCode} OR lower(code) = lower(${idOrCode})
        ORDER BY (id = ${idOrCode}) DESC LIMIT 1`.execute(db);
      return rows[0] ?? null;
    },

    listSequences: async () => {
      const { rows } = await sql<{ name: string }>`
        SELECT c.relname AS name FROM pg_class c
        WHERE c.relkind = 'S' AND c.relnamespace = 'public'::regnamespace
        ORDER BY c.relname`.execute(db);
      return rows.map((r) => r.name);
    },

    readSequence: async ({ name }: { name: string }) => {
      const { rows } = await sql<{ last_value: string; is_called: boolean }>`
        SELECT last_value::text AS last_value, is_called FROM ${ident(name)}`.execute(db);
      const row = rows[0]!;
      return { lastValue: BigInt(row.last_value), isCalled: row.is_called };
    },

    setSequence: async ({
      name,
      lastValue,
      isCalled,
    }: {
      name: string;
      lastValue: bigint;
      isCalled: boolean;
    }) => {
      await sql`SELECT setval(${`public.${name}`}::regclass, ${lastValue.toString()}::bigint, ${isCalled})`.execute(
        db,
      );
    },
  };
}

export type StoreMigrationRepository = ReturnType<typeof createStoreMigrationRepository>;

/** One string per primary key (columns as text, joined by a character no key contains). */
export function joinKey(key: string[]) {
  return key.join('\u0001');
}
