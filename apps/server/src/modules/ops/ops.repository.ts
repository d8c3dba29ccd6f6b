import { sql } from 'kysely';
import type { Db } from '../database/database.ts';

export type OpsRepository = ReturnType<typeof createOpsRepository>;

/** The SQL of the health and readiness checks. */
export function createOpsRepository({ db }: { db: Db }) {
  return {
    async ping() {
      await sql`SELECT 1`.execute(db);
    },

    /** Names of the migrations recorded as applied (kysely's `schema_migrations` table). */
    async appliedMigrations(): Promise<{ names: string[] }> {
      const result = await sql<{ name: string }>`SELECT name FROM schema_migrations`.execute(db);
      return { names: result.rows.map((r) => r.name) };
    },
  };
}
