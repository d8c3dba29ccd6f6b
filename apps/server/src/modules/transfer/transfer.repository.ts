import { createNationalCodeTakenError } from '../cases/cases.errors.ts';
import type { Db } from '../database/database.ts';
import { isUniqueViolation } from '../database/database.errors.ts';
import { createCaseExistsError } from './transfer.errors.ts';
import {
  insertCaseRows,
  insertStructureRows,
  pageValues,
  type ImportRows,
} from './transfer.import.repository.ts';

export type TransferRepository = ReturnType<typeof createTransferRepository>;
export type { ImportRows };

const PAGE_BATCH = 200;

/** SQL of the transfer package: reads a whole case row by row, writes one in a transaction. */
export function createTransferRepository({ db }: { db: Db }) {
  return {
    /** The case row with its unit, creator, parties and assignees (usernames, not ids). */
    async getCaseForExport({ caseId }: { caseId: string }) {
      const row = await db
        .selectFrom('cases')
        .innerJoin('units', 'units.id', 'cases.unit_id')
        .leftJoin('users', 'users.id', 'cases.created_by')
        .selectAll('cases')
        .select([
          'units.code as unit_code',
          'units.name as unit_name',
          'users.username as creator_username',
          'users.full_name as creator_name',
        ])
        .where('cases.id', '=', caseId)
        .executeTakeFirst();
      if (!row) {
        return { found: null };
      }
      const parties = await db
        .selectFrom('case_parties')
        .selectAll()
        .where('case_id', '=', caseId)
        .orderBy('position')
        .execute();
      const assignees = await db
        .selectFrom('case_assignments')
        .innerJoin('users', 'users.id', 'case_assignments.user_id')
        .select(['users.username', 'users.full_name'])
        .where('case_assignments.case_id', '=', caseId)
        .orderBy('users.username')
        .execute();
      return { found: { row, parties, assignees } };
    },

    async listVolumes({ caseId }: { caseId: string }) {
      return db
        .selectFrom('volumes')
        .selectAll()
        .where('case_id', '=', caseId)
        .orderBy('number')
        .execute();
    },

    async listSources({ caseId }: { caseId: string }) {
      return db
        .selectFrom('source_files')
        .leftJoin('users', 'users.id', 'source_files.uploaded_by')
        .selectAll('source_files')
        .select(['users.username as uploader_username', 'users.full_name as uploader_name'])
        .where('source_files.case_id', '=', caseId)
        .orderBy('source_files.created_at')
        .orderBy('source_files.id')
        .execute();
    },

    async listDocuments({ caseId }: { caseId: string }) {
      const documents = await db
        .selectFrom('documents')
        .innerJoin('volumes', 'volumes.id', 'documents.volume_id')
        .selectAll('documents')
        .where('documents.case_id', '=', caseId)
        .orderBy('volumes.number')
        .orderBy('documents.position')
        .orderBy('documents.id')
        .execute();
      const persons = documents.length
        ? await db
            .selectFrom('document_persons')
            .selectAll()
            .where(
              'document_id',
              'in',
              documents.map((d) => d.id),
            )
            .orderBy('document_id')
            .orderBy('position')
            .execute()
        : [];
      return { documents, persons };
    },

    /** Every human edit of the case, reverted ones included, oldest first. */
    async listEdits({ caseId }: { caseId: string }) {
      return db
        .selectFrom('human_edits')
        .leftJoin('users as author', 'author.id', 'human_edits.created_by')
        .leftJoin('users as reverter', 'reverter.id', 'human_edits.reverted_by')
        .selectAll('human_edits')
        .select([
          'author.username as author_username',
          'author.full_name as author_name',
          'reverter.username as reverter_username',
          'reverter.full_name as reverter_name',
        ])
        .where('human_edits.case_id', '=', caseId)
        .orderBy('human_edits.created_at')
        .orderBy('human_edits.id')
        .execute();
    },

    async listAnnotations({ caseId }: { caseId: string }) {
      return db
        .selectFrom('annotations')
        .innerJoin('users', 'users.id', 'annotations.author_id')
        .selectAll('annotations')
        .select(['users.username as author_username', 'users.full_name as author_name'])
        .where('annotations.case_id', '=', caseId)
        .orderBy('annotations.created_at')
        .orderBy('annotations.id')
        .execute();
    },

    async listMaps({ caseId }: { caseId: string }) {
      return db
        .selectFrom('case_maps')
        .leftJoin('users', 'users.id', 'case_maps.created_by')
        .selectAll('case_maps')
        .select(['users.username as creator_username', 'users.full_name as creator_name'])
        .where('case_maps.case_id', '=', caseId)
        .orderBy('case_maps.created_at')
        .orderBy('case_maps.id')
        .execute();
    },

    async listExhibits({ caseId }: { caseId: string }) {
      return db
        .selectFrom('exhibits')
        .leftJoin('users', 'users.id', 'exhibits.created_by')
        .selectAll('exhibits')
        .select(['users.username as creator_username', 'users.full_name as creator_name'])
        .where('exhibits.case_id', '=', caseId)
        .orderBy('exhibits.position')
        .orderBy('exhibits.id')
        .execute();
    },

    /** Per page, the blobs it uses and its state (light: no OCR). */
    async listPageBlobs({ caseId }: { caseId: string }) {
      return db
        .selectFrom('pages')
        .innerJoin('volumes', 'volumes.id', 'pages.volume_id')
        .select([
          'pages.id',
          'pages.status',
          'pages.seq',
          'volumes.number as volume',
          'pages.original_blob_key',
          'pages.upright_blob_key',
        ])
        .where('pages.case_id', '=', caseId)
        .orderBy('volumes.number')
        .orderBy('pages.seq')
        .execute();
    },

    /** Every page row in scan order, `batchSize` at a time (keyset paging: memory stays flat). */
    async *iteratePages({
      caseId,
      batchSize = PAGE_BATCH,
    }: {
      caseId: string;
      batchSize?: number;
    }) {
      let after: PageCursor | null = null;
      for (;;) {
        const rows = await pageBatch({ db, caseId, after, limit: batchSize });
        if (rows.length === 0) {
          return;
        }
        yield rows;
        const last = rows[rows.length - 1]!;
        after = { volume: last.volume, seq: last.seq };
      }
    },

    /** True when a case of this id exists here, even deleted (ids are never reused). */
    async caseExists({ caseId }: { caseId: string }) {
      const row = await db
        .selectFrom('cases')
        .select('id')
        .where('id', '=', caseId)
        .executeTakeFirst();
      return { exists: Boolean(row) };
    },

    /**
     * Writes a whole imported case in ONE transaction: either all of it is there, or nothing.
     * Ids are kept; users of the other installation do not exist here, so the importer is the
     * creator and only assignee, and authors of edits are kept by name in the edit payload.
     */
    async insertImportedCase(
      rows: ImportRows,
    ): Promise<{ pageButLuc: Map<string, number | null> }> {
      try {
        return await db.transaction().execute(async (trx) => {
          await insertCaseRows({ trx, rows });
          const pageButLuc = new Map<string, number | null>();
          for await (const batch of rows.pages) {
            if (batch.length === 0) {
              continue;
            }
            await trx
              .insertInto('pages')
              .values(
                batch.map((p) =>
                  pageValues({ p, caseId: rows.manifest.case.id, blobKeyOf: rows.blobKeyOf }),
                ),
              )
              .execute();
            for (const p of batch) {
              pageButLuc.set(p.id, p.butLuc);
            }
          }
          await insertStructureRows({ trx, rows });
          return { pageButLuc };
        });
      } catch (error) {
        if (isUniqueViolation(error, 'cases_national_code_key')) {
          throw createNationalCodeTakenError({ cause: error });
        }
        if (isUniqueViolation(error, 'cases_pkey')) {
          throw createCaseExistsError({ cause: error });
        }
        throw error;
      }
    },

    /** What was stored, to compare with the manifest after an import. */
    async readBack({ caseId }: { caseId: string }) {
      const pages = await db
        .selectFrom('pages')
        .select(['id', 'but_luc'])
        .where('case_id', '=', caseId)
        .execute();
      const documents = await db
        .selectFrom('documents')
        .select(['id', 'first_seq', 'last_seq', 'but_luc_from', 'but_luc_to', 'type_code'])
        .where('case_id', '=', caseId)
        .execute();
      const count = async (
        table:
          'volumes' | 'source_files' | 'human_edits' | 'annotations' | 'case_maps' | 'exhibits',
      ) =>
        Number(
          (
            await db
              .selectFrom(table)
              .select((eb) => eb.fn.countAll<string>().as('n'))
              .where('case_id', '=', caseId)
              .executeTakeFirstOrThrow()
          ).n,
        );
      return {
        pages,
        documents,
        volumes: await count('volumes'),
        sources: await count('source_files'),
        edits: await count('human_edits'),
        annotations: await count('annotations'),
        maps: await count('case_maps'),
        exhibits: await count('exhibits'),
      };
    },
  };
}

type PageCursor = { volume: number; seq: number };

function pageBatch({
  db,
  caseId,
  after,
  limit,
}: {
  db: Db;
  caseId: string;
  after: PageCursor | null;
  limit: number;
}) {
  return db
    .selectFrom('pages')
    .innerJoin('volumes', 'volumes.id', 'pages.volume_id')
    .selectAll('pages')
    .select('volumes.number as volume')
    .where('pages.case_id', '=', caseId)
    .$if(after !== null, (q) =>
      q.where((eb) =>
        eb(eb.refTuple('volumes.number', 'pages.seq'), '>', eb.tuple(after!.volume, after!.seq)),
      ),
    )
    .orderBy('volumes.number')
    .orderBy('pages.seq')
    .limit(limit)
    .execute();
}
