import { sql, type Kysely } from 'kysely';
import type { Migration } from '../migrations.types.ts';

/*
 * Live presentation sessions, stored so that every web process behind a proxy knows them: the
 * presenter's commands may reach one process and an audience screen's socket another. A session
 * lives for a hearing day; its state is the few hundred bytes the audience screen shows. Processes
 * tell each other about changes with NOTIFY on `sohoa_presentations` (presentations.bus.ts).
 */
export const presentationsMigration: Migration = {
  name: '0020-presentations',
  async up(db: Kysely<unknown>) {
    await sql`
      CREATE TABLE presentations (
        id text PRIMARY KEY,
        code text NOT NULL UNIQUE,
        case_id text NOT NULL REFERENCES cases(id) ON DELETE CASCADE,
        unit_id text NOT NULL REFERENCES units(id),
        presenter_id text NOT NULL REFERENCES users(id),
        expires_at timestamptz NOT NULL,
        state jsonb NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now()
      )`.execute(db);
    await sql`CREATE INDEX presentations_expires_at ON presentations (expires_at)`.execute(db);
  },
  async down(db: Kysely<unknown>) {
    await sql`DROP TABLE presentations`.execute(db);
  },
};
