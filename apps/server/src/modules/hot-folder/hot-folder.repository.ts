import { sql, type Expression } from 'kysely';
import type { Db } from '../database/database.ts';

export type HotFolderRepository = ReturnType<typeof createHotFolderRepository>;

/**
 * Folder names cannot hold `/`, so clerks write số thụ lý `12/2024/HS` as `12_2024_HS` or
 * `12-2024-HS`: both sides are compared with `/`, `-` and `_` folded to `_`, case-insensitively.
 */
const folded = (value: Expression<string | null> | string) =>
  sql<string>`lower(translate(${value}, '/-', '__'))`;

export function createHotFolderRepository({ db }: { db: Db }) {
  return {
    /** The unit whose code names a first-level folder (codes are unique case-insensitively). */
    async findUnitByCode({ code }: { code: string }) {
      const row = await db
        .selectFrom('units')
        .select(['id', 'code'])
        .where(sql<string>`lower(code)`, '=', code.toLowerCase())
        .executeTakeFirst();
      return { unit: row ?? null };
    },

    /**
     * Live cases of `unitId` that a case folder name may designate: by id, national code or internal
     * number (số thụ lý). At most two are returned: two mean the name is ambiguous.
     */
    async findCasesByRef({ unitId, ref }: { unitId: string; ref: string }) {
      const rows = await db
        .selectFrom('cases')
        .select('id')
        .where('unit_id', '=', unitId)
        .where('deleted_at', 'is', null)
        .where((eb) =>
          eb.or([
            eb('id', '=', ref),
            eb(folded(eb.ref('national_code')), '=', folded(ref)),
            eb(folded(eb.ref('internal_number')), '=', folded(ref)),
          ]),
        )
        .orderBy('id')
        .limit(2)
        .execute();
      return { caseIds: rows.map((r) => r.id) };
    },
  };
}
