import { sql } from 'kysely';
import type { Db } from '../database/database.ts';
import { generateId } from '../shared/ids/ids.ts';

export type MapsRepository = ReturnType<typeof createMapsRepository>;

const columns = [
  'case_maps.id',
  'case_maps.case_id',
  'case_maps.title',
  'case_maps.version',
  'case_maps.created_by',
  'case_maps.created_at',
  'case_maps.updated_at',
  'users.full_name as created_by_name',
] as const;

export function createMapsRepository({ db }: { db: Db }) {
  const base = () =>
    db
      .selectFrom('case_maps')
      .innerJoin('users', 'users.id', 'case_maps.created_by')
      .select(columns)
      .where('case_maps.deleted_at', 'is', null);

  return {
    async listByCase({ caseId }: { caseId: string }) {
      const maps = await base()
        .select(sql<number>`jsonb_array_length(case_maps.document->'nodes')`.as('node_count'))
        .where('case_maps.case_id', '=', caseId)
        .orderBy('case_maps.updated_at', 'desc')
        .orderBy('case_maps.id')
        .execute();
      return { maps };
    },

    async getById({ caseId, mapId }: { caseId: string; mapId: string }) {
      const row = await base()
        .select('case_maps.document')
        .where('case_maps.case_id', '=', caseId)
        .where('case_maps.id', '=', mapId)
        .executeTakeFirst();
      return { map: row ?? null };
    },

    async insert({
      map,
      now = new Date(),
    }: {
      map: { caseId: string; title: string; document: unknown; createdBy: string };
      now?: Date;
    }) {
      const id = generateId({ prefix: 'map' });
      await db
        .insertInto('case_maps')
        .values({
          id,
          case_id: map.caseId,
          title: map.title,
          document: JSON.stringify(map.document),
          version: 1,
          created_by: map.createdBy,
          updated_by: map.createdBy,
          created_at: now,
          updated_at: now,
        })
        .execute();
      return { id };
    },

    /** Saves when the stored version is still `version`; `updated: false` when it moved on. */
    async updateIfVersion({
      mapId,
      version,
      changes,
      updatedBy,
      now = new Date(),
    }: {
      mapId: string;
      version: number;
      changes: { title?: string; document?: unknown };
      updatedBy: string;
      now?: Date;
    }) {
      const row = await db
        .updateTable('case_maps')
        .set({
          ...(changes.title !== undefined ? { title: changes.title } : {}),
          ...(changes.document !== undefined ? { document: JSON.stringify(changes.document) } : {}),
          version: version + 1,
          updated_by: updatedBy,
          updated_at: now,
        })
        .where('id', '=', mapId)
        .where('version', '=', version)
        .where('deleted_at', 'is', null)
        .returning('version')
        .executeTakeFirst();
      return { updated: row !== undefined, version: row?.version ?? null };
    },

    async softDelete({ mapId, now = new Date() }: { mapId: string; now?: Date }) {
      await db.updateTable('case_maps').set({ deleted_at: now }).where('id', '=', mapId).execute();
    },
  };
}
