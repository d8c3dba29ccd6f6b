import { renderMapSvg, type MapDocument } from '@sohoa/contracts';
import type { Db } from '../database/database.ts';

export type CourtPackageRepository = ReturnType<typeof createCourtPackageRepository>;

export function createCourtPackageRepository({ db }: { db: Db }) {
  return {
    /** Every non-blank page of the case with the key of its upright image, in file order. */
    async listPages({ caseId }: { caseId: string }) {
      const rows = await db
        .selectFrom('pages')
        .innerJoin('volumes', 'volumes.id', 'pages.volume_id')
        .select([
          'pages.id',
          'pages.seq',
          'pages.but_luc',
          'pages.manual',
          'pages.is_blank',
          'pages.upright_blob_key',
          'pages.original_blob_key',
          'volumes.number as volume',
        ])
        .where('pages.case_id', '=', caseId)
        .orderBy('volumes.number')
        .orderBy('pages.seq')
        .execute();
      return { pages: rows };
    },

    /**
     * The case's mind maps (sơ đồ), for the package: each with its nodes and a ready-drawn SVG, so
     * the package can show a map with no server.
     */
    async loadMapsForPackage({ caseId }: { caseId: string }) {
      const rows = await db
        .selectFrom('case_maps')
        .select(['id', 'title', 'document'])
        .where('case_id', '=', caseId)
        .where('deleted_at', 'is', null)
        .orderBy('updated_at', 'desc')
        .execute();
      return {
        maps: rows.map((row) => {
          // Stored as validated by the maps module (its schema is the source of truth).
          const { nodes } = row.document as unknown as MapDocument;
          return { id: row.id, title: row.title, nodes, svg: renderMapSvg({ nodes }) };
        }),
      };
    },
  };
}
