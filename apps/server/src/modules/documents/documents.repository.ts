import type { Db } from '../database/database.ts';
import { generateId } from '../shared/ids/ids.ts';

export type DocumentsRepository = ReturnType<typeof createDocumentsRepository>;

export interface NewDocument {
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
  metadata: Record<string, unknown>;
}

export function createDocumentsRepository({ db }: { db: Db }) {
  return {
    /**
     * Replaces the automatic structure of a case in one transaction. Documents a person made or
     * changed (origin HUMAN) are kept; human corrections come with the review issue.
     */
    async replaceAutomatic({
      caseId,
      documents,
      now = new Date(),
    }: {
      caseId: string;
      documents: NewDocument[];
      now?: Date;
    }) {
      await db.transaction().execute(async (trx) => {
        const auto = trx
          .selectFrom('documents')
          .select('id')
          .where('case_id', '=', caseId)
          .where('origin', '=', 'AUTO');
        await trx.deleteFrom('document_persons').where('document_id', 'in', auto).execute();
        await trx
          .deleteFrom('documents')
          .where('case_id', '=', caseId)
          .where('origin', '=', 'AUTO')
          .execute();
        for (const d of documents) {
          const id = generateId({ prefix: 'doc' });
          await trx
            .insertInto('documents')
            .values({
              id,
              case_id: caseId,
              volume_id: d.volumeId,
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
              metadata: JSON.stringify(d.metadata),
              origin: 'AUTO',
              created_at: now,
              updated_at: now,
            })
            .execute();
          const persons = (d.metadata.persons ?? []) as Array<{ name: string; role: string }>;
          if (persons.length > 0) {
            await trx
              .insertInto('document_persons')
              .values(
                persons.map((p, i) => ({
                  document_id: id,
                  position: i,
                  full_name: p.name,
                  role_code: p.role,
                })),
              )
              .execute();
          }
        }
      });
    },

    async listByCase({ caseId }: { caseId: string }) {
      const rows = await db
        .selectFrom('documents')
        .innerJoin('volumes', 'volumes.id', 'documents.volume_id')
        .selectAll('documents')
        .select('volumes.number as volume')
        .where('documents.case_id', '=', caseId)
        .orderBy('volumes.number')
        .orderBy('documents.first_seq')
        .execute();
      return { documents: rows };
    },
  };
}
