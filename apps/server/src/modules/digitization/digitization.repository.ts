import type { DigitizationStatus } from '@sohoa/contracts';
import { sql } from 'kysely';
import type { Db } from '../database/database.ts';
import { generateId } from '../shared/ids/ids.ts';

export type DigitizationRepository = ReturnType<typeof createDigitizationRepository>;

const toDate = (value: unknown): Date | null =>
  value === null || value === undefined ? null : new Date(value as string | Date);

/** The procedure's own tables, and the read-only facts the approval checklist is computed from. */
export function createDigitizationRepository({ db }: { db: Db }) {
  return {
    async listTransitions({ caseId }: { caseId: string }) {
      const rows = await db
        .selectFrom('digitization_transitions as t')
        .leftJoin('users as u', 'u.id', 't.actor_id')
        .select([
          't.id',
          't.from_status',
          't.to_status',
          't.actor_id',
          'u.full_name as actor_name',
          't.reason',
          't.automatic',
          't.created_at',
        ])
        .where('t.case_id', '=', caseId)
        .orderBy('t.created_at')
        .orderBy('t.id')
        .execute();
      return { transitions: rows };
    },

    /**
     * Moves the case from `from` to `to` and records the step, in one transaction. The status is
     * compared and set (`WHERE digitization_status = from`), so two people acting at once cannot
     * both move it: the second gets `{ moved: false }`.
     */
    async transition({
      caseId,
      from,
      to,
      actorId,
      reason,
      automatic = false,
      checklist,
      now = new Date(),
    }: {
      caseId: string;
      from: DigitizationStatus;
      to: DigitizationStatus;
      actorId: string | null;
      reason: string | null;
      automatic?: boolean;
      checklist: unknown[] | null;
      now?: Date;
    }): Promise<{ moved: boolean; id: string | null }> {
      return db.transaction().execute(async (trx) => {
        const updated = await trx
          .updateTable('cases')
          .set({ digitization_status: to, updated_at: now })
          .where('id', '=', caseId)
          .where('digitization_status', '=', from)
          .executeTakeFirst();
        if (Number(updated.numUpdatedRows) !== 1) {
          return { moved: false, id: null };
        }
        const id = generateId({ prefix: 'dgt' });
        await trx
          .insertInto('digitization_transitions')
          .values({
            id,
            case_id: caseId,
            from_status: from,
            to_status: to,
            actor_id: actorId,
            reason,
            automatic,
            checklist: checklist === null ? null : JSON.stringify(checklist),
            created_at: now,
          })
          .execute();
        return { moved: true, id };
      });
    },

    async listExplanations({ caseId }: { caseId: string }) {
      const rows = await db
        .selectFrom('anomaly_explanations as e')
        .leftJoin('users as u', 'u.id', 'e.author_id')
        .select([
          'e.id',
          'e.anomaly_key',
          'e.note',
          'e.author_id',
          'u.full_name as author_name',
          'e.created_at',
        ])
        .where('e.case_id', '=', caseId)
        .orderBy('e.created_at')
        .execute();
      return { explanations: rows };
    },

    /** One explanation per anomaly: explaining again replaces the note. */
    async saveExplanation({
      caseId,
      anomalyKey,
      note,
      authorId,
      now = new Date(),
    }: {
      caseId: string;
      anomalyKey: string;
      note: string;
      authorId: string;
      now?: Date;
    }) {
      const row = await db
        .insertInto('anomaly_explanations')
        .values({
          id: generateId({ prefix: 'exp' }),
          case_id: caseId,
          anomaly_key: anomalyKey,
          note,
          author_id: authorId,
          created_at: now,
        })
        .onConflict((oc) =>
          oc
            .columns(['case_id', 'anomaly_key'])
            .doUpdateSet({ note, author_id: authorId, created_at: now }),
        )
        .returning('id')
        .executeTakeFirstOrThrow();
      return { id: row.id };
    },

    async deleteExplanation({ caseId, explanationId }: { caseId: string; explanationId: string }) {
      const result = await db
        .deleteFrom('anomaly_explanations')
        .where('case_id', '=', caseId)
        .where('id', '=', explanationId)
        .executeTakeFirst();
      return { deleted: Number(result.numDeletedRows) === 1 };
    },

    /** Volumes, pages by state and documents of the case. */
    async contentCounts({ caseId }: { caseId: string }) {
      const volumes = await db
        .selectFrom('volumes as v')
        .leftJoin('pages as p', 'p.volume_id', 'v.id')
        .select(['v.id', sql<number>`count(p.id)::int`.as('pages')])
        .where('v.case_id', '=', caseId)
        .groupBy('v.id')
        .execute();
      const pages = await db
        .selectFrom('pages')
        .select(['status', sql<number>`count(*)::int`.as('n')])
        .where('case_id', '=', caseId)
        .groupBy('status')
        .execute();
      const documents = await db
        .selectFrom('documents')
        .select(sql<number>`count(*)::int`.as('n'))
        .where('case_id', '=', caseId)
        .executeTakeFirstOrThrow();
      return {
        volumes: volumes.length,
        volumesWithoutPages: volumes.filter((v) => Number(v.pages) === 0).length,
        pagesByStatus: Object.fromEntries(pages.map((p) => [p.status, Number(p.n)])),
        documents: Number(documents.n),
      };
    },

    /**
     * When the file's content last changed: a page (re)processed or corrected, a structure edit
     * made or undone, a source file added.
     */
    async lastContentChange({ caseId }: { caseId: string }): Promise<{ at: Date | null }> {
      const result = await sql<{ at: Date | string | null }>`
        SELECT greatest(
          (SELECT max(updated_at) FROM pages WHERE case_id = ${caseId}),
          (SELECT max(greatest(created_at, coalesce(reverted_at, created_at)))
             FROM human_edits WHERE case_id = ${caseId}),
          (SELECT max(created_at) FROM source_files WHERE case_id = ${caseId})
        ) AS at`.execute(db);
      return { at: toDate(result.rows[0]?.at ?? null) };
    },

    /**
     * Latest complete exports of the case, from the audit trail: the mục lục (DOCX/XLSX) and the
     * whole case PDF, not forced over unfinished OCR and not a single volume.
     */
    async latestExports({ caseId }: { caseId: string }) {
      const index = await db
        .selectFrom('audit_events')
        .select(sql<Date | string | null>`max(occurred_at)`.as('at'))
        .where('case_id', '=', caseId)
        .where('action', '=', 'case.index.exported')
        .where('outcome', '=', 'SUCCESS')
        .executeTakeFirst();
      const pdf = await db
        .selectFrom('audit_events')
        .select(sql<Date | string | null>`max(occurred_at)`.as('at'))
        .where('case_id', '=', caseId)
        .where('action', '=', 'case.pdf.exported')
        .where('outcome', '=', 'SUCCESS')
        .where(sql<boolean>`coalesce((details->>'forced')::boolean, false) = false`)
        .where(sql<boolean>`details->>'volume' IS NULL`)
        .executeTakeFirst();
      return { indexAt: toDate(index?.at ?? null), pdfAt: toDate(pdf?.at ?? null) };
    },
  };
}
