import { sql } from 'kysely';
import type { Db } from '../database/database.ts';
import { approvedOnHeldOnSql } from '../hearings/hearings.repository.ts';
import { generateId } from '../shared/ids/ids.ts';

export type DashboardRepository = ReturnType<typeof createDashboardRepository>;

/** Stages from which a criminal case has been sent to court or is past it (cáo trạng issued). */
export const INDICTED_STAGES = [
  'PROSECUTION',
  'FIRST_INSTANCE',
  'APPEAL',
  'CASSATION',
  'ENFORCEMENT',
] as const;

export interface CaseFigureRow {
  /** Exactly one of unit_id / received_month / digitized_month is set (GROUPING SETS). */
  unit_id: string | null;
  received_month: string | null;
  digitized_month: string | null;
  cases_received: number;
  cases_digitized: number;
  pages_digitized: number;
  sheets_digitized: number;
  indicted_cases: number;
  indicted_digitized: number;
  pages_awaiting_review: number;
  ocr_failures: number;
}

export interface HearingFigureRow {
  unit_id: string;
  month: string;
  hearings: number;
  with_digitized_file: number;
}

export interface TargetRow {
  id: string;
  unit_id: string;
  period_from: string;
  period_to: string;
  metric: string;
  comparator: string;
  value: number;
  applies_to_subtree: boolean;
  note: string | null;
}

const startOf = (day: string) => sql`(${day}::date)::timestamp AT TIME ZONE 'UTC'`;
const endOf = (day: string) => sql`(${day}::date + 1)::timestamp AT TIME ZONE 'UTC'`;

export function createDashboardRepository({ db }: { db: Db }) {
  return {
    /**
     * Case and page figures of `unitIds` for a period, in ONE pass: per unit, per month received
     * and per month digitized (GROUPING SETS). A case counts as:
     * - received in the period when created in it;
     * - digitized in the period when its digitization state in force at the end of the period is
     *   APPROVED and that approval happened in the period (the transition history decides; a case
     *   without any transition keeps its current state since its creation);
     * - indicted when criminal and at PROSECUTION or a later court stage, or its structure holds a
     *   Cáo trạng (CAO_TRANG) — received by the end of the period, digitized if APPROVED then;
     * - pages awaiting review: pages of cases now AWAITING_REVIEW; OCR failures: pages now FAILED.
     * Pages replaced by a split (status SPLIT) are not counted. Page, sheet and failure counts
     * come from `case_page_stats` (one row per case, kept current by triggers on pages,
     * migration 0021), so a province-wide query reads no page.
     */
    async caseFigures({ unitIds, from, to }: { unitIds: string[]; from: string; to: string }) {
      if (unitIds.length === 0) {
        return { rows: [] as CaseFigureRow[] };
      }
      const start = startOf(from);
      const end = endOf(to);
      const { rows } = await sql<CaseFigureRow>`
        WITH c AS (
          SELECT c.id, c.unit_id, c.created_at, c.digitization_status,
            (c.kind = 'criminal' AND (c.stage IN (${sql.join([...INDICTED_STAGES])})
              OR EXISTS (SELECT 1 FROM documents d WHERE d.case_id = c.id AND d.type_code = 'CAO_TRANG'))
            ) AS indicted
          FROM cases c
          WHERE c.unit_id IN (${sql.join(unitIds)}) AND c.deleted_at IS NULL AND c.created_at < ${end}
        ),
        last_t AS (
          SELECT DISTINCT ON (t.case_id) t.case_id, t.to_status, t.created_at
          FROM digitization_transitions t
          WHERE t.case_id IN (SELECT id FROM c) AND t.created_at < ${end}
          ORDER BY t.case_id, t.created_at DESC, t.id DESC
        ),
        any_t AS (
          SELECT DISTINCT case_id FROM digitization_transitions WHERE case_id IN (SELECT id FROM c)
        ),
        x AS (
          SELECT c.unit_id, c.indicted,
            c.created_at >= ${start} AS received,
            to_char(c.created_at AT TIME ZONE 'UTC', 'YYYY-MM') AS rmonth,
            coalesce(l.to_status,
              CASE WHEN a.case_id IS NULL THEN c.digitization_status ELSE 'RECEIVED' END) = 'APPROVED'
              AS approved,
            coalesce(l.created_at, c.created_at) AS since,
            c.digitization_status = 'AWAITING_REVIEW' AS awaiting,
            coalesce(ps.pages, 0) AS pages, coalesce(ps.sheets, 0) AS sheets,
            coalesce(ps.ocr_failures, 0) AS failed
          FROM c
          LEFT JOIN last_t l ON l.case_id = c.id
          LEFT JOIN any_t a ON a.case_id = c.id
          LEFT JOIN case_page_stats ps ON ps.case_id = c.id
        ),
        y AS (
          SELECT x.*, approved AND since >= ${start} AS digitized,
            to_char(since AT TIME ZONE 'UTC', 'YYYY-MM') AS amonth
          FROM x
        )
        SELECT
          CASE WHEN GROUPING(unit_id) = 0 THEN unit_id END AS unit_id,
          CASE WHEN GROUPING(rmonth) = 0 THEN rmonth END AS received_month,
          CASE WHEN GROUPING(amonth) = 0 THEN amonth END AS digitized_month,
          count(*) FILTER (WHERE received)::int AS cases_received,
          count(*) FILTER (WHERE digitized)::int AS cases_digitized,
          coalesce(sum(pages) FILTER (WHERE digitized), 0)::int AS pages_digitized,
          coalesce(sum(sheets) FILTER (WHERE digitized), 0)::int AS sheets_digitized,
          count(*) FILTER (WHERE indicted)::int AS indicted_cases,
          count(*) FILTER (WHERE indicted AND approved)::int AS indicted_digitized,
          coalesce(sum(pages) FILTER (WHERE awaiting), 0)::int AS pages_awaiting_review,
          coalesce(sum(failed), 0)::int AS ocr_failures
        FROM y
        GROUP BY GROUPING SETS ((unit_id), (rmonth), (amonth))`.execute(db);
      return { rows };
    },

    /** Hearings held in the period per unit and month, and those with a digitized file. */
    async hearingFigures({ unitIds, from, to }: { unitIds: string[]; from: string; to: string }) {
      if (unitIds.length === 0) {
        return { rows: [] as HearingFigureRow[] };
      }
      const { rows } = await sql<HearingFigureRow>`
        SELECT h.unit_id, to_char(h.held_on, 'YYYY-MM') AS month, count(*)::int AS hearings,
          count(*) FILTER (WHERE ${approvedOnHeldOnSql})::int AS with_digitized_file
        FROM hearings h
        JOIN cases ON cases.id = h.case_id AND cases.deleted_at IS NULL
        WHERE h.unit_id IN (${sql.join(unitIds)}) AND h.deleted_at IS NULL
          AND h.held_on BETWEEN ${from}::date AND ${to}::date
        GROUP BY h.unit_id, to_char(h.held_on, 'YYYY-MM')`.execute(db);
      return { rows };
    },

    /** Targets set on `unitIds` whose period overlaps [from, to]. */
    async listTargets({ unitIds, from, to }: { unitIds: string[]; from: string; to: string }) {
      if (unitIds.length === 0) {
        return { targets: [] as TargetRow[] };
      }
      const { rows } = await sql<TargetRow>`
        SELECT id, unit_id, to_char(period_from, 'YYYY-MM-DD') AS period_from,
          to_char(period_to, 'YYYY-MM-DD') AS period_to, metric, comparator,
          value::float8 AS value, applies_to_subtree, note
        FROM dashboard_targets
        WHERE unit_id IN (${sql.join(unitIds)})
          AND period_from <= ${to}::date AND period_to >= ${from}::date
        ORDER BY period_from, metric, id`.execute(db);
      return { targets: rows };
    },

    async getTarget({ targetId }: { targetId: string }) {
      const { rows } = await sql<TargetRow>`
        SELECT id, unit_id, to_char(period_from, 'YYYY-MM-DD') AS period_from,
          to_char(period_to, 'YYYY-MM-DD') AS period_to, metric, comparator,
          value::float8 AS value, applies_to_subtree, note
        FROM dashboard_targets WHERE id = ${targetId}`.execute(db);
      return { target: rows[0] ?? null };
    },

    async insertTarget({
      target,
      createdBy,
      now = new Date(),
    }: {
      target: {
        unitId: string;
        from: string;
        to: string;
        metric: string;
        comparator: string;
        value: number;
        appliesToSubtree: boolean;
        note: string | null;
      };
      createdBy: string;
      now?: Date;
    }) {
      const id = generateId({ prefix: 'tgt' });
      await db
        .insertInto('dashboard_targets')
        .values({
          id,
          unit_id: target.unitId,
          period_from: target.from,
          period_to: target.to,
          metric: target.metric,
          comparator: target.comparator,
          value: target.value,
          applies_to_subtree: target.appliesToSubtree,
          note: target.note,
          created_by: createdBy,
          created_at: now,
          updated_at: now,
        })
        .execute();
      return { id };
    },

    async updateTarget({
      targetId,
      changes,
      now = new Date(),
    }: {
      targetId: string;
      changes: {
        from: string;
        to: string;
        comparator: string;
        value: number;
        appliesToSubtree: boolean;
        note: string | null;
      };
      now?: Date;
    }) {
      await db
        .updateTable('dashboard_targets')
        .set({
          period_from: changes.from,
          period_to: changes.to,
          comparator: changes.comparator,
          value: changes.value,
          applies_to_subtree: changes.appliesToSubtree,
          note: changes.note,
          updated_at: now,
        })
        .where('id', '=', targetId)
        .execute();
    },

    async deleteTarget({ targetId }: { targetId: string }) {
      const result = await db
        .deleteFrom('dashboard_targets')
        .where('id', '=', targetId)
        .executeTakeFirst();
      return { deleted: Number(result.numDeletedRows) > 0 };
    },
  };
}
