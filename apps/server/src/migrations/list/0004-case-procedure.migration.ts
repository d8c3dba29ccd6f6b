import { sql, type Kysely } from 'kysely';
import type { Migration } from '../migrations.types.ts';

/*
 * Procedure settings of a case, set by a user: the crime category (BLHS Điều 9) when the documents
 * do not settle it, and how many working days before a due date a clock counts as near.
 */
export const caseProcedureMigration: Migration = {
  name: '0004-case-procedure',
  async up(db: Kysely<unknown>) {
    await sql`
      CREATE TABLE case_procedure_settings (
        case_id text PRIMARY KEY REFERENCES cases(id),
        crime_category text,
        near_working_days integer CHECK (near_working_days BETWEEN 0 AND 60),
        updated_by text REFERENCES users(id),
        updated_at timestamptz NOT NULL DEFAULT now()
      )`.execute(db);
  },
  async down(db: Kysely<unknown>) {
    await sql`DROP TABLE case_procedure_settings`.execute(db);
  },
};
