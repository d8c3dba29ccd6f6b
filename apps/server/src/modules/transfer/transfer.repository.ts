import type { Transaction } from 'kysely';
import { createNationalCodeTakenError } from '../cases/cases.errors.ts';
import type { Db } from '../database/database.ts';
import type { Database } from '../database/database.types.ts';
import { isUniqueViolation } from '../database/database.errors.ts';
import { createCaseExistsError } from './transfer.errors.ts';
import { IMPORTED_AUTHORS_KEY, type ManifestBody, type PageLine } from './transfer.manifest.ts';

export type TransferRepository = ReturnType<typeof createTransferRepository>;

/** What the import writes besides the pages (which stream in). Blob keys are already built. */
export interface ImportRows {
  unitId: string;
  actorUserId: string;
  manifest: ManifestBody;
  blobKeyOf: (sha256: string) => string;
  pages: AsyncIterable<PageLine[]>;
}

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
      const count = async (table: 'volumes' | 'source_files' | 'human_edits' | 'annotations') =>
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
      };
    },
  };
}

type Trx = Transaction<Database>;
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

async function insertCaseRows({ trx, rows }: { trx: Trx; rows: ImportRows }) {
  const { manifest, unitId, actorUserId, blobKeyOf } = rows;
  const c = manifest.case;
  await trx
    .insertInto('cases')
    .values({
      id: c.id,
      unit_id: unitId,
      national_code: c.nationalCode,
      internal_number: c.internalNumber,
      kind: c.kind,
      title: c.title,
      charges: JSON.stringify(c.charges),
      stage: c.stage,
      confidentiality: c.confidentiality,
      digitization_status: c.digitizationStatus,
      search_text: c.searchText,
      created_by: actorUserId,
      created_at: c.createdAt,
      updated_at: c.updatedAt,
    })
    .execute();
  if (c.parties.length > 0) {
    await trx
      .insertInto('case_parties')
      .values(
        c.parties.map((p) => ({
          id: p.id,
          case_id: c.id,
          position: p.position,
          full_name: p.fullName,
          role_code: p.roleCode,
        })),
      )
      .execute();
  }
  await trx
    .insertInto('case_assignments')
    .values({ case_id: c.id, user_id: actorUserId, assigned_by: actorUserId })
    .execute();
  for (const v of manifest.volumes) {
    await trx
      .insertInto('volumes')
      .values({
        id: v.id,
        case_id: c.id,
        number: v.number,
        title: v.title,
        created_at: v.createdAt,
      })
      .execute();
  }
  for (const s of manifest.sources) {
    await trx
      .insertInto('source_files')
      .values({
        id: s.id,
        case_id: c.id,
        volume_id: s.volumeId,
        sha256: s.sha256,
        blob_key: blobKeyOf(s.sha256),
        original_name: s.originalName,
        media_type: s.mediaType,
        size_bytes: s.sizeBytes,
        page_count: s.pageCount,
        status: s.status,
        error_code: s.errorCode,
        error_message: s.errorMessage,
        uploaded_by: null,
        created_at: s.createdAt,
        first_seq: s.firstSeq,
        kind: s.kind,
        split_done_at: s.splitDoneAt,
        parent_name: s.parentName,
      })
      .execute();
  }
}

function pageValues({
  p,
  caseId,
  blobKeyOf,
}: {
  p: PageLine;
  caseId: string;
  blobKeyOf: (sha256: string) => string;
}) {
  return {
    id: p.id,
    case_id: caseId,
    volume_id: p.volumeId,
    source_file_id: p.sourceFileId,
    source_index: p.sourceIndex,
    seq: p.seq,
    status: p.status,
    original_blob_key: p.originalSha256 ? blobKeyOf(p.originalSha256) : null,
    upright_blob_key: p.uprightSha256 ? blobKeyOf(p.uprightSha256) : null,
    width_px: p.widthPx,
    height_px: p.heightPx,
    upright_width_px: p.uprightWidthPx,
    upright_height_px: p.uprightHeightPx,
    dpi: p.dpi,
    rotation: p.rotation,
    skew_degrees: p.skewDegrees,
    is_blank: p.isBlank,
    but_luc: p.butLuc,
    but_luc_suffix: p.butLucSuffix,
    but_luc_raw: p.butLucRaw,
    but_luc_confidence: p.butLucConfidence,
    but_luc_source: p.butLucSource,
    manual: JSON.stringify(p.manual),
    has_text_layer: p.hasTextLayer,
    ocr_engine: p.ocrEngine,
    ocr_text: p.ocrText,
    ocr_words: p.ocrWords === null ? null : JSON.stringify(p.ocrWords),
    ocr_confidence: p.ocrConfidence,
    error_code: p.errorCode,
    error_message: p.errorMessage,
    processed_at: p.processedAt,
    created_at: p.createdAt,
    updated_at: p.updatedAt,
  };
}

async function insertStructureRows({ trx, rows }: { trx: Trx; rows: ImportRows }) {
  const { manifest, actorUserId } = rows;
  const caseId = manifest.case.id;
  for (const d of manifest.documents) {
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
        signer_role: d.signerRole,
        metadata: JSON.stringify(d.metadata),
        origin: d.origin,
        notes: d.notes,
        created_at: d.createdAt,
        updated_at: d.updatedAt,
      })
      .execute();
    if (d.persons.length > 0) {
      await trx
        .insertInto('document_persons')
        .values(
          d.persons.map((p) => ({
            document_id: d.id,
            position: p.position,
            full_name: p.fullName,
            role_code: p.roleCode,
          })),
        )
        .execute();
    }
  }
  for (const e of manifest.edits) {
    // The authors are not users here: their names stay with the edit (listed, never replayed).
    const imported = { createdBy: e.createdBy, revertedBy: e.revertedBy };
    await trx
      .insertInto('human_edits')
      .values({
        id: e.id,
        case_id: caseId,
        target_kind: e.targetKind,
        target_id: e.targetId,
        operation: e.operation,
        payload: JSON.stringify({ ...e.payload, [IMPORTED_AUTHORS_KEY]: imported }),
        created_by: null,
        created_at: e.createdAt,
        reverted_at: e.revertedAt,
        reverted_by: null,
      })
      .execute();
  }
  for (const a of manifest.annotations) {
    await trx
      .insertInto('annotations')
      .values({
        id: a.id,
        case_id: caseId,
        page_id: a.pageId,
        document_id: a.documentId,
        author_id: actorUserId,
        kind: a.kind,
        region: a.region === null ? null : JSON.stringify(a.region),
        body: a.body,
        color: a.color,
        visibility: a.visibility,
        created_at: a.createdAt,
        updated_at: a.updatedAt,
        deleted_at: a.deletedAt,
      })
      .execute();
  }
}
