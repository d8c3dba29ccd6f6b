import type { Role, User } from '@sohoa/contracts';
import type { Selectable } from 'kysely';
import type { Db } from '../database/database.ts';
import { isUniqueViolation } from '../database/database.errors.ts';
import type { UsersTable } from '../database/database.types.ts';
import { generateId } from '../shared/ids/ids.ts';
import { createUsernameTakenError } from './users.errors.ts';

export type UsersRepository = ReturnType<typeof createUsersRepository>;

import type { UserWithSecret } from './users.models.ts';

export type { UserWithSecret } from './users.models.ts';
export { stripSecret } from './users.models.ts';

function toUser(row: Selectable<UsersTable>): UserWithSecret {
  return {
    id: row.id,
    username: row.username,
    fullName: row.full_name,
    unitId: row.unit_id,
    roles: row.roles as Role[],
    status: row.status as User['status'],
    createdAt: row.created_at.toISOString(),
    passwordHash: row.password_hash,
  };
}

export function createUsersRepository({ db }: { db: Db }) {
  return {
    async getById({ userId, trx = db }: { userId: string; trx?: Db }) {
      const row = await trx
        .selectFrom('users')
        .selectAll()
        .where('id', '=', userId)
        .executeTakeFirst();
      return { user: row ? toUser(row) : null };
    },

    async getByUsername({ username }: { username: string }) {
      const row = await db
        .selectFrom('users')
        .selectAll()
        .where((eb) => eb(eb.fn('lower', ['username']), '=', username.toLowerCase()))
        .executeTakeFirst();
      return { user: row ? toUser(row) : null };
    },

    async listByIds({ userIds }: { userIds: readonly string[] }) {
      if (userIds.length === 0) {
        return { users: [] };
      }
      const rows = await db.selectFrom('users').selectAll().where('id', 'in', userIds).execute();
      return { users: rows.map(toUser) };
    },

    async listByUnits({ unitIds }: { unitIds: readonly string[] }) {
      if (unitIds.length === 0) {
        return { users: [] };
      }
      const rows = await db
        .selectFrom('users')
        .selectAll()
        .where('unit_id', 'in', unitIds)
        .orderBy('username')
        .execute();
      return { users: rows.map(toUser) };
    },

    async create({
      user,
      now = new Date(),
      trx = db,
    }: {
      user: {
        unitId: string;
        username: string;
        fullName: string;
        roles: Role[];
        passwordHash: string;
      };
      now?: Date;
      trx?: Db;
    }) {
      try {
        const row = await trx
          .insertInto('users')
          .values({
            id: generateId({ prefix: 'usr' }),
            unit_id: user.unitId,
            username: user.username,
            full_name: user.fullName,
            roles: user.roles,
            password_hash: user.passwordHash,
            password_changed_at: now,
            created_at: now,
            updated_at: now,
          })
          .returningAll()
          .executeTakeFirstOrThrow();
        return { user: toUser(row) };
      } catch (error) {
        if (isUniqueViolation(error, 'users_username_key')) {
          throw createUsernameTakenError({ cause: error });
        }
        throw error;
      }
    },

    async update({
      userId,
      changes,
      now = new Date(),
      trx = db,
    }: {
      userId: string;
      changes: {
        fullName?: string;
        roles?: Role[];
        status?: User['status'];
        passwordHash?: string;
      };
      now?: Date;
      trx?: Db;
    }) {
      const row = await trx
        .updateTable('users')
        .set({
          updated_at: now,
          ...(changes.fullName !== undefined ? { full_name: changes.fullName } : {}),
          ...(changes.roles !== undefined ? { roles: changes.roles } : {}),
          ...(changes.status !== undefined ? { status: changes.status } : {}),
          ...(changes.passwordHash !== undefined
            ? { password_hash: changes.passwordHash, password_changed_at: now }
            : {}),
        })
        .where('id', '=', userId)
        .returningAll()
        .executeTakeFirst();
      return { user: row ? toUser(row) : null };
    },
  };
}
