import { sql, type Kysely } from 'kysely';
import type { Migration } from '../migrations.types.ts';

/*
 * Case mind maps (issue 7 §1): several per case, shared with the case team. The tree is one JSONB
 * document saved whole; `version` grows by one on each save so that two editors cannot overwrite
 * each other silently (optimistic concurrency, the PUT carries the version it read).
 */
export const caseMapsMigration: Migration = {
  name: '0012-case-maps',
  async up(db: Kysely<unknown>) {
    await sql`
      CREATE TABLE case_maps (
        id text PRIMARY KEY,
        case_id text NOT NULL REFERENCES cases(id),
        title text NOT NULL,
        document jsonb NOT NULL,
        version integer NOT NULL DEFAULT 1,
        created_by text NOT NULL REFERENCES users(id),
        updated_by text REFERENCES users(id),
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now(),
        deleted_at timestamptz
      )`.execute(db);
    await sql`
      CREATE INDEX case_maps_case_idx ON case_maps (case_id, updated_at DESC)
        WHERE deleted_at IS NULL`.execute(db);
  },
  async down(db: Kysely<unknown>) {
    await sql`DROP TABLE case_maps`.execute(db);
  },
};
