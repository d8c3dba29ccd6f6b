import type { PresentationState } from '@sohoa/contracts';
import { sql } from 'kysely';
import { isUniqueViolation } from '../database/database.errors.ts';
import type { Db } from '../database/database.ts';

export type PresentationsRepository = ReturnType<typeof createPresentationsRepository>;

/** The channel on which processes tell each other that a session changed or ended. */
export const PRESENTATIONS_CHANNEL = 'sohoa_presentations';

export interface StoredPresentation {
  id: string;
  code: string;
  caseId: string;
  unitId: string;
  presenterId: string;
  expiresAt: Date;
  state: PresentationState;
}

interface Row {
  id: string;
  code: string;
  case_id: string;
  unit_id: string;
  presenter_id: string;
  expires_at: Date;
  state: unknown;
}

const toStored = (row: Row): StoredPresentation => ({
  id: row.id,
  code: row.code,
  caseId: row.case_id,
  unitId: row.unit_id,
  presenterId: row.presenter_id,
  expiresAt: new Date(row.expires_at),
  state: (typeof row.state === 'string' ? JSON.parse(row.state) : row.state) as PresentationState,
});

const COLUMNS = [
  'id',
  'code',
  'case_id',
  'unit_id',
  'presenter_id',
  'expires_at',
  'state',
] as const;

export function createPresentationsRepository({ db }: { db: Db }) {
  return {
    /** Stores a new session; `{ inserted: false }` when its join code is taken. */
    async insert({ session }: { session: StoredPresentation }) {
      try {
        await db
          .insertInto('presentations')
          .values({
            id: session.id,
            code: session.code,
            case_id: session.caseId,
            unit_id: session.unitId,
            presenter_id: session.presenterId,
            expires_at: session.expiresAt,
            state: JSON.stringify(session.state),
          })
          .execute();
        return { inserted: true };
      } catch (error) {
        if (isUniqueViolation(error)) {
          return { inserted: false };
        }
        throw error;
      }
    },

    /** The session, expired or not (the caller decides what an expired one means). */
    async find({ id, code }: { id?: string; code?: string }) {
      let query = db.selectFrom('presentations').select(COLUMNS);
      query = id !== undefined ? query.where('id', '=', id) : query.where('code', '=', code ?? '');
      const row = (await query.executeTakeFirst()) as Row | undefined;
      return { session: row ? toStored(row) : null };
    },

    /**
     * Applies `change` to the stored state under a row lock (two presenter windows cannot lose
     * each other's commands) and, in the same transaction, notifies the other processes with
     * `notice(state)`: PostgreSQL delivers it only if the change commits.
     */
    async updateState({
      id,
      now,
      change,
      notice,
    }: {
      id: string;
      now: Date;
      change: (state: PresentationState) => PresentationState;
      notice: (state: PresentationState) => string;
    }) {
      return db.transaction().execute(async (trx) => {
        const row = (await trx
          .selectFrom('presentations')
          .select(COLUMNS)
          .where('id', '=', id)
          .where('expires_at', '>', now)
          .forUpdate()
          .executeTakeFirst()) as Row | undefined;
        if (!row) {
          return { state: null };
        }
        const state = change(toStored(row).state);
        await trx
          .updateTable('presentations')
          .set({ state: JSON.stringify(state), updated_at: now })
          .where('id', '=', id)
          .execute();
        await sql`SELECT pg_notify(${PRESENTATIONS_CHANNEL}, ${notice(state)})`.execute(trx);
        return { state };
      });
    },

    /** Deletes the session and notifies the other processes (`notice`), in one transaction. */
    async remove({ id, notice }: { id: string; notice: string }) {
      await db.transaction().execute(async (trx) => {
        await trx.deleteFrom('presentations').where('id', '=', id).execute();
        await sql`SELECT pg_notify(${PRESENTATIONS_CHANNEL}, ${notice})`.execute(trx);
      });
    },

    /** Forgets sessions that expired (kept a day for nobody: the audit has the joins). */
    async removeExpired({ now }: { now: Date }) {
      await db.deleteFrom('presentations').where('expires_at', '<=', now).execute();
    },
  };
}
