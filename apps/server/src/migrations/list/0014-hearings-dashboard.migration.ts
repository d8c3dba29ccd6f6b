import { sql, type Kysely } from 'kysely';
import type { Migration } from '../migrations.types.ts';

/*
 * Trial records (hearings that used the digitized case file) and the targets the steering
 * committee sets per unit and period. Dashboard figures are never stored: they are computed from
 * live data, so only what a person decides (a hearing took place, a target) is kept here.
 */
export const hearingsDashboardMigration: Migration = {
  name: '0014-hearings-dashboard',
  async up(db: Kysely<unknown>) {
    await sql`
      CREATE TABLE hearings (
        id text PRIMARY KEY,
        case_id text NOT NULL REFERENCES cases(id),
        unit_id text NOT NULL REFERENCES units(id),
        held_on date NOT NULL,
        court text NOT NULL,
        presenter_id text REFERENCES users(id),
        items_shown jsonb NOT NULL DEFAULT '[]'::jsonb,
        created_by text REFERENCES users(id),
        created_at timestamptz NOT NULL DEFAULT now(),
        deleted_at timestamptz
      )`.execute(db);
    await sql`CREATE INDEX hearings_case ON hearings (case_id, held_on)`.execute(db);
    await sql`CREATE INDEX hearings_unit_held_on ON hearings (unit_id, held_on)`.execute(db);
    await sql`
      CREATE TABLE dashboard_targets (
        id text PRIMARY KEY,
        unit_id text NOT NULL REFERENCES units(id),
        period_from date NOT NULL,
        period_to date NOT NULL CHECK (period_to >= period_from),
        metric text NOT NULL CHECK (metric IN (
          'hearings_with_digitized_file','indicted_share_digitized','cases_digitized','pages_digitized')),
        comparator text NOT NULL CHECK (comparator IN ('>=','<=')),
        value numeric NOT NULL CHECK (value >= 0),
        applies_to_subtree boolean NOT NULL DEFAULT false,
        note text,
        created_by text REFERENCES users(id),
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now()
      )`.execute(db);
    await sql`CREATE INDEX dashboard_targets_unit ON dashboard_targets (unit_id, period_from)`.execute(
      db,
    );
    // The dashboard groups cases by unit and creation date, and approvals by date.
    await sql`CREATE INDEX IF NOT EXISTS cases_unit_created ON cases (unit_id, created_at)`.execute(
      db,
    );
    await sql`CREATE INDEX IF NOT EXISTS pages_case_status ON pages (case_id, status)`.execute(db);
  },
  async down(db: Kysely<unknown>) {
    await sql`DROP INDEX IF EXISTS pages_case_status`.execute(db);
    await sql`DROP INDEX IF EXISTS cases_unit_created`.execute(db);
    await sql`DROP TABLE dashboard_targets`.execute(db);
    await sql`DROP TABLE hearings`.execute(db);
  },
};
