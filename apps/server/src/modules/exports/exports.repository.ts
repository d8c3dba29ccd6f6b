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
  };
}
