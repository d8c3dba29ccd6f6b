import type { Unit, UnitLevel } from '@sohoa/contracts';
import type { Db } from '../database/database.ts';
import { isUniqueViolation } from '../database/database.errors.ts';
import type { UnitsTable } from '../database/database.types.ts';
import { generateId } from '../shared/ids/ids.ts';
import { createUnitCodeTakenError } from './units.errors.ts';
import type { Selectable } from 'kysely';

export type UnitsRepository = ReturnType<typeof createUnitsRepository>;

function toUnit(row: Selectable<UnitsTable>): Unit {
  return {
    id: row.id,
    code: row.code,
    name: row.name,
    level: row.level as UnitLevel,
    parentId: row.parent_id,
    createdAt: row.created_at.toISOString(),
  };
}

export function createUnitsRepository({ db }: { db: Db }) {
  return {
    async listAll(): Promise<{ units: Unit[] }> {
      const rows = await db.selectFrom('units').selectAll().orderBy('code').execute();
      return { units: rows.map(toUnit) };
    },

    async getById({ unitId }: { unitId: string }): Promise<{ unit: Unit | null }> {
      const row = await db
        .selectFrom('units')
        .selectAll()
        .where('id', '=', unitId)
        .executeTakeFirst();
      return { unit: row ? toUnit(row) : null };
    },

    async count(): Promise<{ count: number }> {
      const row = await db
        .selectFrom('units')
        .select((eb) => eb.fn.countAll<number>().as('n'))
        .executeTakeFirstOrThrow();
      return { count: Number(row.n) };
    },

    async create({
      unit,
      now = new Date(),
      trx = db,
    }: {
      unit: { code: string; name: string; level: UnitLevel; parentId: string | null };
      now?: Date;
      trx?: Db;
    }): Promise<{ unit: Unit }> {
      try {
        const row = await trx
          .insertInto('units')
          .values({
            id: generateId({ prefix: 'unit' }),
            code: unit.code,
            name: unit.name,
            level: unit.level,
            parent_id: unit.parentId,
            created_at: now,
            updated_at: now,
          })
          .returningAll()
          .executeTakeFirstOrThrow();
        return { unit: toUnit(row) };
      } catch (error) {
        if (isUniqueViolation(error, 'units_code_key')) {
          throw createUnitCodeTakenError({ cause: error });
        }
        throw error;
      }
    },
  };
}
