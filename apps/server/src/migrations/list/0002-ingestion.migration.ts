import { sql, type Kysely } from 'kysely';
import type { Migration } from '../migrations.types.ts';

/*
 * Ingestion: each accepted source reserves its page positions in the volume at intake
 * (first_seq … first_seq + page_count − 1), so splitting is deterministic and idempotent; where a
 * page's bút lục comes from; per-file intake failures are kept for the report.
 */
export const ingestionMigration: Migration = {
  name: '0002-ingestion',
  async up(db: Kysely<unknown>) {
    await sql`ALTER TABLE source_files ADD COLUMN first_seq integer`.execute(db);
    await sql`ALTER TABLE source_files ADD COLUMN kind text`.execute(db);
    await sql`ALTER TABLE source_files ADD COLUMN split_done_at timestamptz`.execute(db);
    await sql`ALTER TABLE source_files ADD COLUMN parent_name text`.execute(db);
    await sql`ALTER TABLE pages ADD COLUMN but_luc_source text CHECK (but_luc_source IN ('READ','INFERRED','MANUAL'))`.execute(
      db,
    );
    await sql`ALTER TABLE pages ADD COLUMN upright_width_px integer`.execute(db);
    await sql`ALTER TABLE pages ADD COLUMN upright_height_px integer`.execute(db);
    await sql`ALTER TABLE pages ADD COLUMN processed_at timestamptz`.execute(db);
    await sql`ALTER TABLE pages ADD COLUMN manual jsonb NOT NULL DEFAULT '{}'::jsonb`.execute(db);
    await sql`CREATE INDEX pages_status_idx ON pages (case_id, status)`.execute(db);
    await sql`
      CREATE TABLE intake_failures (
        id text PRIMARY KEY,
        case_id text NOT NULL REFERENCES cases(id),
        volume_id text REFERENCES volumes(id),
        file_name text NOT NULL,
        size_bytes bigint,
        error_code text NOT NULL,
        error_message text NOT NULL,
        created_by text REFERENCES users(id),
        created_at timestamptz NOT NULL DEFAULT now()
      )`.execute(db);
    await sql`CREATE INDEX intake_failures_case_idx ON intake_failures (case_id, created_at)`.execute(
      db,
    );
  },
};
