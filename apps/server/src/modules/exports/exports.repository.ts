import type { OcrWord } from '@sohoa/processing';
import type { Db } from '../database/database.ts';

export type ExportsRepository = ReturnType<typeof createExportsRepository>;

/** What the export needs of a page beyond the light page list: blob keys, frames and OCR words. */
export interface ExportPageRow {
  id: string;
  volume: number;
  seq: number;
  status: string;
  original_blob_key: string | null;
  upright_blob_key: string | null;
  width_px: number | null;
  height_px: number | null;
  upright_width_px: number | null;
  upright_height_px: number | null;
  dpi: number | null;
  rotation: number;
  skew_degrees: number | null;
  is_blank: boolean;
  ocr_words: OcrWord[] | null;
}

export function createExportsRepository({ db }: { db: Db }) {
  return {
    /**
     * Pages of a case (or one volume) in scan order, `limit` at a time after (volume, seq): the
     * export streams them, so OCR words of 5,000 pages never sit in memory together.
     */
    async listExportPages({
      caseId,
      volume,
      after,
      limit,
    }: {
      caseId: string;
      volume: number | null;
      after: { volume: number; seq: number } | null;
      limit: number;
    }): Promise<{ pages: ExportPageRow[] }> {
      let query = db
        .selectFrom('pages')
        .innerJoin('volumes', 'volumes.id', 'pages.volume_id')
        .select([
          'pages.id',
          'volumes.number as volume',
          'pages.seq',
          'pages.status',
          'pages.original_blob_key',
          'pages.upright_blob_key',
          'pages.width_px',
          'pages.height_px',
          'pages.upright_width_px',
          'pages.upright_height_px',
          'pages.dpi',
          'pages.rotation',
          'pages.skew_degrees',
          'pages.is_blank',
          'pages.ocr_words',
        ])
        .where('pages.case_id', '=', caseId);
      if (volume !== null) {
        query = query.where('volumes.number', '=', volume);
      }
      if (after) {
        query = query.where((eb) =>
          eb.or([
            eb('volumes.number', '>', after.volume),
            eb.and([eb('volumes.number', '=', after.volume), eb('pages.seq', '>', after.seq)]),
          ]),
        );
      }
      const rows = await query
        .orderBy('volumes.number')
        .orderBy('pages.seq')
        .limit(limit)
        .execute();
      return {
        pages: rows.map((r) => ({ ...r, ocr_words: (r.ocr_words as OcrWord[] | null) ?? null })),
      };
    },

    /** Source file of every page of a case (or one volume), for the manifest. */
    async listPageSources({ caseId, volume }: { caseId: string; volume: number | null }) {
      let query = db
        .selectFrom('pages')
        .innerJoin('volumes', 'volumes.id', 'pages.volume_id')
        .innerJoin('source_files', 'source_files.id', 'pages.source_file_id')
        .select([
          'pages.id',
          'volumes.number as volume',
          'pages.source_index',
          'source_files.original_name',
          'source_files.sha256',
          'source_files.size_bytes',
        ])
        .where('pages.case_id', '=', caseId);
      if (volume !== null) {
        query = query.where('volumes.number', '=', volume);
      }
      const rows = await query.execute();
      return {
        sources: new Map(
          rows.map((r) => [
            r.id,
            {
              volume: r.volume,
              sourceIndex: r.source_index,
              source: { name: r.original_name, sha256: r.sha256, bytes: Number(r.size_bytes) },
            },
          ]),
        ),
      };
    },

    /** Records that the manifest blob `sha256` belongs to `caseId` (idempotent). */
    async recordManifest({
      caseId,
      sha256,
      blobKey,
      exportSha256,
      createdBy,
    }: {
      caseId: string;
      sha256: string;
      blobKey: string;
      exportSha256: string;
      createdBy: string | null;
    }) {
      await db
        .insertInto('export_manifests')
        .values({
          case_id: caseId,
          sha256,
          blob_key: blobKey,
          export_sha256: exportSha256,
          created_by: createdBy,
        })
        .onConflict((oc) => oc.columns(['case_id', 'sha256']).doNothing())
        .execute();
    },

    /** The blob key of a manifest of this case, or null when the case has no such manifest. */
    async findManifest({ caseId, sha256 }: { caseId: string; sha256: string }) {
      const row = await db
        .selectFrom('export_manifests')
        .select(['blob_key'])
        .where('case_id', '=', caseId)
        .where('sha256', '=', sha256)
        .executeTakeFirst();
      return { blobKey: row?.blob_key ?? null };
    },
  };
}
