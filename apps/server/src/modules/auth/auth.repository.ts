import { sql } from 'kysely';
import type { Db } from '../database/database.ts';
import { generateId } from '../shared/ids/ids.ts';

export type AuthRepository = ReturnType<typeof createAuthRepository>;

export function createAuthRepository({ db }: { db: Db }) {
  return {
    async createSession({
      session,
      now = new Date(),
    }: {
      session: {
        tokenHash: string;
        userId: string;
        csrfToken: string;
        ip: string | null;
        userAgent: string | null;
        expiresAt: Date;
      };
      now?: Date;
    }) {
      const id = generateId({ prefix: 'ses' });
      await db
        .insertInto('sessions')
        .values({
          id,
          token_hash: session.tokenHash,
          user_id: session.userId,
          csrf_token: session.csrfToken,
          ip: session.ip,
          user_agent: session.userAgent,
          created_at: now,
          last_seen_at: now,
          expires_at: session.expiresAt,
        })
        .execute();
      return { sessionId: id };
    },

    /** The live session for a token hash, with its user; revoked or expired sessions are not returned. */
    async findLiveSession({ tokenHash, now = new Date() }: { tokenHash: string; now?: Date }) {
      const row = await db
        .selectFrom('sessions')
        .innerJoin('users', 'users.id', 'sessions.user_id')
        .select([
          'sessions.id as sessionId',
          'sessions.csrf_token as csrfToken',
          'sessions.last_seen_at as lastSeenAt',
          'sessions.expires_at as expiresAt',
          'users.id as userId',
        ])
        .where('sessions.token_hash', '=', tokenHash)
        .where('sessions.revoked_at', 'is', null)
        .where('sessions.expires_at', '>', now)
        .executeTakeFirst();
      return { session: row ?? null };
    },

    async touchSession({ sessionId, now = new Date() }: { sessionId: string; now?: Date }) {
      await db
        .updateTable('sessions')
        .set({ last_seen_at: now })
        .where('id', '=', sessionId)
        .execute();
    },

    async revokeSession({ sessionId, now = new Date() }: { sessionId: string; now?: Date }) {
      await db
        .updateTable('sessions')
        .set({ revoked_at: now })
        .where('id', '=', sessionId)
        .execute();
    },

    async revokeUserSessions({
      userId,
      now = new Date(),
      trx = db,
    }: {
      userId: string;
      now?: Date;
      trx?: Db;
    }) {
      await trx
        .updateTable('sessions')
        .set({ revoked_at: now })
        .where('user_id', '=', userId)
        .where('revoked_at', 'is', null)
        .execute();
    },

    async getThrottle({ keys }: { keys: string[] }) {
      const rows = await db
        .selectFrom('login_throttle')
        .selectAll()
        .where('key', 'in', keys)
        .execute();
      return { entries: rows };
    },

    /**
     * Counts one failure for `key` within a sliding window, atomically (one upsert, safe across
     * processes), and locks the key for `windowMs` once `maxFailures` is reached.
     */
    async recordFailure({
      key,
      windowMs,
      maxFailures,
      now = new Date(),
    }: {
      key: string;
      windowMs: number;
      maxFailures: number;
      now?: Date;
    }) {
      const windowStart = new Date(now.getTime() - windowMs);
      const lockUntil = new Date(now.getTime() + windowMs);
      await sql`
        INSERT INTO login_throttle (key, failures, window_started_at, locked_until)
        VALUES (${key}, 1, ${now}, ${maxFailures <= 1 ? lockUntil : null})
        ON CONFLICT (key) DO UPDATE SET
          failures = CASE WHEN login_throttle.window_started_at < ${windowStart} THEN 1 ELSE login_throttle.failures + 1 END,
          window_started_at = CASE WHEN login_throttle.window_started_at < ${windowStart} THEN ${now} ELSE login_throttle.window_started_at END,
          locked_until = CASE
            WHEN login_throttle.window_started_at >= ${windowStart} AND login_throttle.failures + 1 >= ${maxFailures}
            THEN ${lockUntil}::timestamptz ELSE login_throttle.locked_until END`.execute(db);
    },

    async clearThrottle({ key }: { key: string }) {
      await db.deleteFrom('login_throttle').where('key', '=', key).execute();
    },
  };
}
