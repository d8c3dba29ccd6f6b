import type { Volume } from '@sohoa/contracts';
import type { Selectable } from 'kysely';
import type { Db } from '../database/database.ts';
import { isUniqueViolation } from '../database/database.errors.ts';
import type { VolumesTable } from '../database/database.types.ts';
import { generateId } from '../shared/ids/ids.ts';
import { createVolumeNumberTakenError } from './volumes.errors.ts';

export type VolumesRepository = ReturnType<typeof createVolumesRepository>;

const toVolume = (row: Selectable<VolumesTable>): Volume => ({
  id: row.id,
  caseId: row.case_id,
  number: row.number,
  title: row.title,
  createdAt: row.created_at.toISOString(),
});

export function createVolumesRepository({ db }: { db: Db }) {
  return {
    async listByCase({ caseId }: { caseId: string }) {
      const rows = await db
        .selectFrom('volumes')
        .selectAll()
        .where('case_id', '=', caseId)
        .orderBy('number')
        .execute();
      return { volumes: rows.map(toVolume) };
    },

    /** Creates volume `number`, or the next free number when none is given. */
    async create({
      caseId,
      number,
      title,
      now = new Date(),
    }: {
      caseId: string;
      number?: number;
      title: string | null;
      now?: Date;
    }) {
      try {
        const row = await db.transaction().execute(async (trx) => {
          const next =
            number ??
            Number(
              (
                await trx
                  .selectFrom('volumes')
                  .select((eb) => eb.fn.coalesce(eb.fn.max('number'), eb.lit(0)).as('n'))
                  .where('case_id', '=', caseId)
                  .executeTakeFirstOrThrow()
              ).n,
            ) + 1;
          return trx
            .insertInto('volumes')
            .values({
              id: generateId({ prefix: 'vol' }),
              case_id: caseId,
              number: next,
              title,
              created_at: now,
            })
            .returningAll()
            .executeTakeFirstOrThrow();
        });
        return { volume: toVolume(row) };
      } catch (error) {
        if (isUniqueViolation(error)) {
          throw createVolumeNumberTakenError({ cause: error });
        }
        throw error;
      }
    },
  };
}
