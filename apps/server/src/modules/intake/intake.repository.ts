import { sql } from 'kysely';
import type { Db } from '../database/database.ts';
import { generateId } from '../shared/ids/ids.ts';

export type IntakeRepository = ReturnType<typeof createIntakeRepository>;

export function createIntakeRepository({ db }: { db: Db }) {
  return {
    async findSourceBySha({ caseId, sha256 }: { caseId: string; sha256: string }) {
      return {
        source:
          (await db
            .selectFrom('source_files')
            .selectAll()
            .where('case_id', '=', caseId)
            .where('sha256', '=', sha256)
            .executeTakeFirst()) ?? null,
      };
    },

    async findOrCreateVolume({
      caseId,
      number,
      trx = db,
    }: {
      caseId: string;
      number: number;
      trx?: Db;
    }) {
      await trx
        .insertInto('volumes')
        .values({ id: generateId({ prefix: 'vol' }), case_id: caseId, number, title: null })
        .onConflict((oc) => oc.columns(['case_id', 'number']).doNothing())
        .execute();
      return {
        volume: await trx
          .selectFrom('volumes')
          .selectAll()
          .where('case_id', '=', caseId)
          .where('number', '=', number)
          .executeTakeFirstOrThrow(),
      };
    },

    /**
     * Records an accepted source and reserves its page positions in the volume, in the caller's
     * transaction (which also enqueues the split job: accepted ⇒ will be split, atomically).
     */
    async insertSource({
      trx,
      source,
    }: {
      trx: Db;
      source: {
        caseId: string;
        volumeId: string;
        sha256: string;
        blobKey: string;
        originalName: string;
        mediaType: string;
        kind: string;
        sizeBytes: number;
        pageCount: number;
        uploadedBy: string | null;
        parentName: string | null;
      };
    }) {
      // Serialise reservations per volume: concurrent intakes must not get overlapping ranges.
      await sql`SELECT id FROM volumes WHERE id = ${source.volumeId} FOR UPDATE`.execute(trx);
      const { next } = (
        await sql<{ next: number }>`
        SELECT COALESCE(MAX(first_seq + page_count), 1)::int AS next FROM source_files WHERE volume_id = ${source.volumeId}`.execute(
          trx,
        )
      ).rows[0]!;
      const id = generateId({ prefix: 'src' });
      await trx
        .insertInto('source_files')
        .values({
          id,
          case_id: source.caseId,
          volume_id: source.volumeId,
          sha256: source.sha256,
          blob_key: source.blobKey,
          original_name: source.originalName,
          media_type: source.mediaType,
          kind: source.kind,
          size_bytes: source.sizeBytes,
          page_count: source.pageCount,
          first_seq: next,
          uploaded_by: source.uploadedBy,
          parent_name: source.parentName,
        })
        .execute();
      return { sourceFileId: id, firstSeq: next };
    },

    async recordFailure({
      failure,
    }: {
      failure: {
        caseId: string;
        volumeId: string | null;
        fileName: string;
        sizeBytes: number | null;
        errorCode: string;
        errorMessage: string;
        createdBy: string | null;
      };
    }) {
      await db
        .insertInto('intake_failures')
        .values({
          id: generateId({ prefix: 'src' }).replace(/^src_/, 'ifl_'),
          case_id: failure.caseId,
          volume_id: failure.volumeId,
          file_name: failure.fileName,
          size_bytes: failure.sizeBytes,
          error_code: failure.errorCode,
          error_message: failure.errorMessage,
          created_by: failure.createdBy,
        })
        .execute();
    },

    async isBlobReferenced({ blobKey }: { blobKey: string }) {
      const row = await db
        .selectFrom('source_files')
        .select('id')
        .where('blob_key', '=', blobKey)
        .limit(1)
        .executeTakeFirst();
      return { referenced: Boolean(row) };
    },
  };
}
