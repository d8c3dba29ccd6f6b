import type { Db } from '../database/database.ts';

export type DocumentsRepository = ReturnType<typeof createDocumentsRepository>;

export interface NewDocument {
  id: string;
  anchorPageId: string;
  volumeId: string;
  position: number;
  firstSeq: number;
  lastSeq: number;
  butLucFrom: number | null;
  butLucTo: number | null;
  typeCode: string;
  typeConfidence: number;
  sectionCode: string;
  title: string | null;
  number: string | null;
  issuedOn: string | null;
  issuer: string | null;
  signer: string | null;
  signerTitle: string | null;
  notes: string | null;
  persons: Array<{ name: string; role: string }>;
  origin: 'AUTO' | 'HUMAN';
  metadata: Record<string, unknown>;
}

export function createDocumentsRepository({ db }: { db: Db }) {
  /** Changes whenever an edit is made or reverted: a run computed on an older log is stale. */
  async function editsVersionIn(executor: Db, caseId: string) {
    const row = await executor
      .selectFrom('human_edits')
      .select((eb) => [
        eb.fn.countAll<string>().as('n'),
        eb.fn.count<string>('reverted_at').as('reverted'),
      ])
      .where('case_id', '=', caseId)
      .where('target_kind', '=', 'structure')
      .executeTakeFirstOrThrow();
    return `${String(row.n)}:${String(row.reverted)}`;
  }

  return {
    editsVersion: ({ caseId }: { caseId: string }) => editsVersionIn(db, caseId),

    /**
     * Replaces the structure of a case in one transaction, unless the edit log changed since
     * `editsVersion` was read (then nothing is written and `stale` is true: run again).
     */
    async replaceStructure({
      caseId,
      documents,
      editsVersion,
      now = new Date(),
    }: {
      caseId: string;
      documents: NewDocument[];
      editsVersion: string;
      now?: Date;
    }): Promise<{ stale: boolean }> {
      return db.transaction().execute(async (trx) => {
        // Serialises runs and edits of one case.
        await trx.selectFrom('cases').select('id').where('id', '=', caseId).forUpdate().execute();
        if ((await editsVersionIn(trx, caseId)) !== editsVersion) {
          return { stale: true };
        }
        const existing = trx.selectFrom('documents').select('id').where('case_id', '=', caseId);
        await trx.deleteFrom('document_persons').where('document_id', 'in', existing).execute();
        await trx.deleteFrom('documents').where('case_id', '=', caseId).execute();
        for (const d of documents) {
          await trx
            .insertInto('documents')
            .values({
              id: d.id,
              case_id: caseId,
              volume_id: d.volumeId,
              anchor_page_id: d.anchorPageId,
              position: d.position,
              first_seq: d.firstSeq,
              last_seq: d.lastSeq,
              but_luc_from: d.butLucFrom,
              but_luc_to: d.butLucTo,
              type_code: d.typeCode,
              type_confidence: d.typeConfidence,
              section_code: d.sectionCode,
              title: d.title,
              number: d.number,
              issued_on: d.issuedOn,
              issuer: d.issuer,
              signer: d.signer,
              signer_role: d.signerTitle,
              notes: d.notes,
              metadata: JSON.stringify({ ...d.metadata, persons: d.persons }),
              origin: d.origin,
              created_at: now,
              updated_at: now,
            })
            .execute();
          if (d.persons.length > 0) {
            await trx
              .insertInto('document_persons')
              .values(
                d.persons.map((p, i) => ({
                  document_id: d.id,
                  position: i,
                  full_name: p.name,
                  role_code: p.role,
                })),
              )
              .execute();
          }
        }
        return { stale: false };
      });
    },

    async insertEdit({
      id,
      caseId,
      operation,
      targetId,
      payload,
      createdBy,
      now = new Date(),
    }: {
      id: string;
      caseId: string;
      operation: string;
      targetId: string | null;
      payload: Record<string, unknown>;
      createdBy: string | null;
      now?: Date;
    }) {
      await db
        .insertInto('human_edits')
        .values({
          id,
          case_id: caseId,
          target_kind: 'structure',
          target_id: targetId,
          operation,
          payload: JSON.stringify(payload),
          created_by: createdBy,
          created_at: now,
        })
        .execute();
    },

    /** The structure edits of a case, oldest first (the order they are replayed in). */
    async listEdits({ caseId, includeReverted }: { caseId: string; includeReverted: boolean }) {
      let query = db
        .selectFrom('human_edits')
        .leftJoin('users', 'users.id', 'human_edits.created_by')
        .selectAll('human_edits')
        .select(['users.username as created_by_username', 'users.full_name as created_by_name'])
        .where('human_edits.case_id', '=', caseId)
        .where('human_edits.target_kind', '=', 'structure');
      if (!includeReverted) {
        query = query.where('human_edits.reverted_at', 'is', null);
      }
      const edits = await query
        .orderBy('human_edits.created_at')
        .orderBy('human_edits.id')
        .execute();
      return { edits };
    },

    async getEdit({ caseId, editId }: { caseId: string; editId: string }) {
      const edit = await db
        .selectFrom('human_edits')
        .selectAll()
        .where('case_id', '=', caseId)
        .where('id', '=', editId)
        .where('target_kind', '=', 'structure')
        .executeTakeFirst();
      return { edit: edit ?? null };
    },

    async revertEdit({
      editId,
      revertedBy,
      now = new Date(),
    }: {
      editId: string;
      revertedBy: string | null;
      now?: Date;
    }) {
      await db
        .updateTable('human_edits')
        .set({ reverted_at: now, reverted_by: revertedBy })
        .where('id', '=', editId)
        .where('reverted_at', 'is', null)
        .execute();
    },

    async listByCase({ caseId }: { caseId: string }) {
      const rows = await db
        .selectFrom('documents')
        .innerJoin('volumes', 'volumes.id', 'documents.volume_id')
        .selectAll('documents')
        .select('volumes.number as volume')
        .where('documents.case_id', '=', caseId)
        .orderBy('volumes.number')
        .orderBy('documents.position')
        .execute();
      return { documents: rows };
    },
  };
}
