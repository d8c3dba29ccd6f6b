import { mkdir } from 'node:fs/promises';
import { PGlite } from '@electric-sql/pglite';
import { pg_trgm } from '@electric-sql/pglite/contrib/pg_trgm';
import { unaccent } from '@electric-sql/pglite/contrib/unaccent';
import { Kysely, PostgresDialect, sql } from 'kysely';
import pg from 'pg';
import { createPgliteDialect } from './pglite.dialect.ts';
import type { Database } from './database.types.ts';

export type Db = Kysely<Database>;

/** The contrib extensions the migrations use, loaded into every PGlite. */
export const PGLITE_EXTENSIONS = { unaccent, pg_trgm };

export type DatabaseTarget =
  | {
      driver: 'pglite';
      dataDir: string | null /* null = in memory */;
      /** Starts from this copy of a data folder (`PGlite.dumpDataDir`) instead of an empty one. */
      loadDataDir?: Blob;
    }
  | {
      driver: 'postgres';
      url: string;
      poolSize?: number;
      /** Told when an idle pooled connection dies (server restart, admin termination). */
      onIdleClientError?: (error: Error) => void;
    };

/**
 * Opens the database: PGlite (embedded, the default) or PostgreSQL. Same dialect, same queries,
 * same migrations: only the connection differs (ARCHITECTURE.md, "PostgreSQL dialect everywhere").
 */
export async function createDatabase(
  target: DatabaseTarget,
): Promise<{ db: Db; close: () => Promise<void> }> {
  if (target.driver === 'pglite') {
    if (target.dataDir) {
      await mkdir(target.dataDir, { recursive: true });
    }
    const pglite = await PGlite.create(target.dataDir ?? undefined, {
      extensions: PGLITE_EXTENSIONS,
      ...(target.loadDataDir ? { loadDataDir: target.loadDataDir } : {}),
    });
    const db = new Kysely<Database>({ dialect: createPgliteDialect({ pglite }) });
    return { db, close: () => db.destroy() };
  }
  // int8 (count(*), bigserial) would come back as strings; our counts fit in a JS number.
  pg.types.setTypeParser(20, (value: string) => Number.parseInt(value, 10));
  const pool = new pg.Pool({
    connectionString: target.url,
    max: target.poolSize ?? 10,
    // JIT compiles a query's expressions once its estimated cost passes jit_above_cost: ~20 ms
    // spent on every search over a large `pages` table (and on every EXPLAIN used for the
    // totals), for statements that then run in a few milliseconds. Off for our connections; a
    // URL with its own `options` parameter replaces this.
    options: '-c jit=off',
  });
  // An idle client whose connection is cut emits 'error' on the pool; unhandled, that event
  // would crash the process. The pool has already discarded the client and opens a new one on
  // the next query, so reporting it is all there is to do.
  pool.on('error', (error) => {
    if (target.onIdleClientError) {
      target.onIdleClientError(error);
    } else {
      process.stderr.write(`database: idle connection lost: ${error.message}\n`);
    }
  });
  const db = new Kysely<Database>({ dialect: new PostgresDialect({ pool }) });
  return { db, close: () => db.destroy() };
}

/**
 * Whether the connections of a PostgreSQL database run with JIT despite our `-c jit=off`: a pooler
 * in transaction mode (PgBouncer) drops that startup option, and every search then pays ~20 ms of
 * compilation. Worth a warning at start; the cure is `jit = off` on the server (deployment guide).
 */
export async function isJitLeftOn({ db }: { db: Db }): Promise<boolean> {
  const { rows } = await sql<{
    on: boolean;
  }>`SELECT current_setting('jit') = 'on' AND pg_jit_available() AS on`.execute(db);
  return rows[0]?.on === true;
}
