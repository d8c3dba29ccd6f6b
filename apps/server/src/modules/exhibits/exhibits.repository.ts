import { sql } from 'kysely';
import type { Db } from '../database/database.ts';
import { generateId } from '../shared/ids/ids.ts';

export type ExhibitsRepository = ReturnType<typeof createExhibitsRepository>;

export type StoredExhibitKind = 'PAGE' | 'REGION' | 'PAIR' | 'MEDIA';
type Rect = { x: number; y: number; w: number; h: number };

export interface ExhibitInsert {
  caseId: string;
  kind: StoredExhibitKind;
  label: string;
  notes: string;
  pageId: string | null;
  secondPageId: string | null;
  rect: Rect | null;
  media: { blobKey: string; contentType: string; sizeBytes: number; fileName: string } | null;
  createdBy: string;
}

const pageColumns = (alias: 'p1' | 'p2', volume: 'v1' | 'v2') =>
  [
    `${alias}.seq as ${alias}_seq`,
    `${alias}.but_luc as ${alias}_but_luc`,
    `${alias}.manual as ${alias}_manual`,
    `${volume}.number as ${alias}_volume`,
  ] as const;

export function createExhibitsRepository({ db }: { db: Db }) {
  const base = () =>
    db
      .selectFrom('exhibits')
      .leftJoin('pages as p1', 'p1.id', 'exhibits.page_id')
      .leftJoin('volumes as v1', 'v1.id', 'p1.volume_id')
      .leftJoin('pages as p2', 'p2.id', 'exhibits.second_page_id')
      .leftJoin('volumes as v2', 'v2.id', 'p2.volume_id')
      .selectAll('exhibits')
      .select([...pageColumns('p1', 'v1'), ...pageColumns('p2', 'v2')]);

  return {
    async list({ caseId }: { caseId: string }) {
      const rows = await base()
        .where('exhibits.case_id', '=', caseId)
        .orderBy('exhibits.position')
        .orderBy('exhibits.created_at')
        .execute();
      return { exhibits: rows };
    },

    async getById({ caseId, exhibitId }: { caseId: string; exhibitId: string }) {
      const row = await base()
        .where('exhibits.case_id', '=', caseId)
        .where('exhibits.id', '=', exhibitId)
        .executeTakeFirst();
      return { exhibit: row ?? null };
    },

    /** Appends an item at the end of the case's list. */
    async insert({ exhibit, now = new Date() }: { exhibit: ExhibitInsert; now?: Date }) {
      const id = generateId({ prefix: 'exh' });
      await db
        .insertInto('exhibits')
        .values({
          id,
          case_id: exhibit.caseId,
          position: sql<number>`(SELECT coalesce(max(position), 0) + 1 FROM exhibits WHERE case_id = ${exhibit.caseId})`,
          kind: exhibit.kind,
          label: exhibit.label,
          notes: exhibit.notes,
          page_id: exhibit.pageId,
          second_page_id: exhibit.secondPageId,
          rect: exhibit.rect ? JSON.stringify(exhibit.rect) : null,
          media_blob_key: exhibit.media?.blobKey ?? null,
          media_content_type: exhibit.media?.contentType ?? null,
          media_size_bytes: exhibit.media?.sizeBytes ?? null,
          media_file_name: exhibit.media?.fileName ?? null,
          created_by: exhibit.createdBy,
          created_at: now,
          updated_at: now,
        })
        .execute();
      return { id };
    },

    async update({
      exhibitId,
      changes,
      now = new Date(),
    }: {
      exhibitId: string;
      changes: { label?: string; notes?: string; rect?: Rect };
      now?: Date;
    }) {
      await db
        .updateTable('exhibits')
        .set({
          ...(changes.label !== undefined ? { label: changes.label } : {}),
          ...(changes.notes !== undefined ? { notes: changes.notes } : {}),
          ...(changes.rect !== undefined ? { rect: JSON.stringify(changes.rect) } : {}),
          updated_at: now,
        })
        .where('id', '=', exhibitId)
        .execute();
    },

    async delete({ exhibitId }: { exhibitId: string }) {
      await db.deleteFrom('exhibits').where('id', '=', exhibitId).execute();
    },

    /** Rewrites every position of the case's list in one transaction (ids already checked). */
    async reorder({ caseId, exhibitIds }: { caseId: string; exhibitIds: string[] }) {
      await db.transaction().execute(async (trx) => {
        for (const [i, id] of exhibitIds.entries()) {
          await trx
            .updateTable('exhibits')
            .set({ position: i + 1 })
            .where('case_id', '=', caseId)
            .where('id', '=', id)
            .execute();
        }
      });
    },
  };
}

export type ExhibitRow = NonNullable<Awaited<ReturnType<ExhibitsRepository['getById']>>['exhibit']>;
