import type { Db } from '../database/database.ts';

export type BlobReferencesRepository = ReturnType<typeof createBlobReferencesRepository>;

/** A stored file as the database refers to it, with the case (and page) it belongs to. */
export interface BlobReference {
  key: string;
  kind: 'source' | 'page_original' | 'page_upright' | 'page_display' | 'exhibit_media' | 'export';
  caseId: string;
  caseTitle: string;
  internalNumber: string | null;
  pageId: string | null;
  volume: number | null;
  seq: number | null;
  sourceName: string | null;
}

/** Every blob key the database refers to (sources, page images, exhibit media, exports). */
export function createBlobReferencesRepository({ db }: { db: Db }) {
  return {
    async listReferences(): Promise<{ references: BlobReference[] }> {
      const sources = await db
        .selectFrom('source_files as s')
        .innerJoin('cases as c', 'c.id', 's.case_id')
        .select(['s.blob_key', 's.case_id', 'c.title', 'c.internal_number', 's.original_name'])
        .execute();
      const pages = await db
        .selectFrom('pages as p')
        .innerJoin('cases as c', 'c.id', 'p.case_id')
        .innerJoin('volumes as v', 'v.id', 'p.volume_id')
        .select([
          'p.id',
          'p.case_id',
          'p.seq',
          'p.original_blob_key',
          'p.upright_blob_key',
          'p.display_blob_key',
          'v.number',
          'c.title',
          'c.internal_number',
        ])
        .execute();
      const exportsRows = await db
        .selectFrom('export_manifests as e')
        .innerJoin('cases as c', 'c.id', 'e.case_id')
        .select(['e.blob_key', 'e.case_id', 'c.title', 'c.internal_number'])
        .execute();
      const media = await db
        .selectFrom('exhibits as x')
        .innerJoin('cases as c', 'c.id', 'x.case_id')
        .select([
          'x.media_blob_key',
          'x.case_id',
          'x.media_file_name',
          'c.title',
          'c.internal_number',
        ])
        .where('x.media_blob_key', 'is not', null)
        .execute();
      const references: BlobReference[] = [
        ...sources.map((s) => ({
          key: s.blob_key,
          kind: 'source' as const,
          caseId: s.case_id,
          caseTitle: s.title,
          internalNumber: s.internal_number,
          pageId: null,
          volume: null,
          seq: null,
          sourceName: s.original_name,
        })),
        ...pages.flatMap((p) =>
          (
            [
              ['page_original', p.original_blob_key],
              ['page_upright', p.upright_blob_key],
              ['page_display', p.display_blob_key],
            ] as const
          )
            .filter(([, key]) => key !== null)
            .map(([kind, key]) => ({
              key: key!,
              kind,
              caseId: p.case_id,
              caseTitle: p.title,
              internalNumber: p.internal_number,
              pageId: p.id,
              volume: p.number,
              seq: p.seq,
              sourceName: null,
            })),
        ),
        ...media.map((x) => ({
          key: x.media_blob_key!,
          kind: 'exhibit_media' as const,
          caseId: x.case_id,
          caseTitle: x.title,
          internalNumber: x.internal_number,
          pageId: null,
          volume: null,
          seq: null,
          sourceName: x.media_file_name,
        })),
        ...exportsRows.map((e) => ({
          key: e.blob_key,
          kind: 'export' as const,
          caseId: e.case_id,
          caseTitle: e.title,
          internalNumber: e.internal_number,
          pageId: null,
          volume: null,
          seq: null,
          sourceName: null,
        })),
      ];
      return { references };
    },
  };
}
