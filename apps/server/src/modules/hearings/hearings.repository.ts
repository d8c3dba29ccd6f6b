import { sql } from 'kysely';
import type { Db } from '../database/database.ts';
import type { StoredHearingItem } from '../database/database.types.ts';
import { generateId } from '../shared/ids/ids.ts';

export type HearingsRepository = ReturnType<typeof createHearingsRepository>;

export interface HearingRow {
  id: string;
  case_id: string;
  unit_id: string;
  held_on: string;
  court: string;
  presenter_id: string | null;
  presenter_name: string | null;
  items_shown: StoredHearingItem[];
  created_by: string | null;
  creator_name: string | null;
  created_at: Date;
  with_digitized_file: boolean;
}

/**
 * "With a digitized file": the case's digitization state in force at the end of the hearing day
 * (the last transition before the next midnight, UTC) was APPROVED. Computed from the transition
 * history, so reopening a file later does not rewrite past hearings, and a hearing recorded
 * afterwards for an earlier date is judged on that date.
 */
export const approvedOnHeldOnSql = sql<boolean>`coalesce((
  SELECT t.to_status = 'APPROVED' FROM digitization_transitions t
  WHERE t.case_id = h.case_id AND t.created_at < (h.held_on + 1)::timestamp AT TIME ZONE 'UTC'
  ORDER BY t.created_at DESC, t.id DESC LIMIT 1), false)`;

export function createHearingsRepository({ db }: { db: Db }) {
  const select = async ({ caseId, hearingId }: { caseId: string; hearingId?: string }) => {
    const { rows } = await sql<HearingRow>`
      SELECT h.id, h.case_id, h.unit_id, to_char(h.held_on, 'YYYY-MM-DD') AS held_on, h.court,
        h.presenter_id, p.full_name AS presenter_name, h.items_shown, h.created_by,
        c.full_name AS creator_name, h.created_at, ${approvedOnHeldOnSql} AS with_digitized_file
      FROM hearings h
      LEFT JOIN users p ON p.id = h.presenter_id
      LEFT JOIN users c ON c.id = h.created_by
      WHERE h.case_id = ${caseId} AND h.deleted_at IS NULL
        ${hearingId ? sql`AND h.id = ${hearingId}` : sql``}
      ORDER BY h.held_on DESC, h.created_at DESC`.execute(db);
    return rows;
  };
  return {
    async listByCase({ caseId }: { caseId: string }) {
      return { hearings: await select({ caseId }) };
    },

    async getById({ caseId, hearingId }: { caseId: string; hearingId: string }) {
      const [hearing] = await select({ caseId, hearingId });
      return { hearing: hearing ?? null };
    },

    async insert({
      hearing,
      now = new Date(),
    }: {
      hearing: {
        caseId: string;
        unitId: string;
        heldOn: string;
        court: string;
        presenterId: string | null;
        itemsShown: StoredHearingItem[];
        createdBy: string;
      };
      now?: Date;
    }) {
      const id = generateId({ prefix: 'hrg' });
      await db
        .insertInto('hearings')
        .values({
          id,
          case_id: hearing.caseId,
          unit_id: hearing.unitId,
          held_on: hearing.heldOn,
          court: hearing.court,
          presenter_id: hearing.presenterId,
          items_shown: JSON.stringify(hearing.itemsShown),
          created_by: hearing.createdBy,
          created_at: now,
        })
        .execute();
      return { id };
    },

    /** Soft delete: the audit trail keeps pointing at a row that still exists. */
    async softDelete({ hearingId, now = new Date() }: { hearingId: string; now?: Date }) {
      const result = await db
        .updateTable('hearings')
        .set({ deleted_at: now })
        .where('id', '=', hearingId)
        .where('deleted_at', 'is', null)
        .executeTakeFirst();
      return { deleted: Number(result.numUpdatedRows) > 0 };
    },

    /** Which of `pageIds` belong to `caseId` (to reject items pointing at other cases' pages). */
    async countPagesOfCase({ caseId, pageIds }: { caseId: string; pageIds: string[] }) {
      if (pageIds.length === 0) {
        return { count: 0 };
      }
      const row = await db
        .selectFrom('pages')
        .select(sql<number>`count(DISTINCT id)::int`.as('n'))
        .where('case_id', '=', caseId)
        .where('id', 'in', pageIds)
        .executeTakeFirstOrThrow();
      return { count: row.n };
    },
  };
}
