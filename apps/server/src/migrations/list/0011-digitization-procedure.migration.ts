import { sql, type Kysely } from 'kysely';
import type { Migration } from '../migrations.types.ts';

/*
 * The enforced digitization procedure: every change of a case's digitization state is a row here
 * (who, from, to, why, the checklist as it stood), and reviewers' explanations of bút lục
 * anomalies that are not errors, which the approval checklist accepts in place of a fix.
 */
export const digitizationProcedureMigration: Migration = {
  name: '0011-digitization-procedure',
  async up(db: Kysely<unknown>) {
    await sql`
      CREATE TABLE digitization_transitions (
        id text PRIMARY KEY,
        case_id text NOT NULL REFERENCES cases(id),
        from_status text NOT NULL,
        to_status text NOT NULL,
        actor_id text REFERENCES users(id),
        reason text,
        automatic boolean NOT NULL DEFAULT false,
        checklist jsonb,
        created_at timestamptz NOT NULL DEFAULT now()
      )`.execute(db);
    await sql`CREATE INDEX digitization_transitions_case ON digitization_transitions (case_id, created_at)`.execute(
      db,
    );
    await sql`
      CREATE TABLE anomaly_explanations (
        id text PRIMARY KEY,
        case_id text NOT NULL REFERENCES cases(id),
        anomaly_key text NOT NULL,
        note text NOT NULL,
        author_id text REFERENCES users(id),
        created_at timestamptz NOT NULL DEFAULT now(),
        UNIQUE (case_id, anomaly_key)
      )`.execute(db);
  },
  async down(db: Kysely<unknown>) {
    await sql`DROP TABLE anomaly_explanations`.execute(db);
    await sql`DROP TABLE digitization_transitions`.execute(db);
  },
};
