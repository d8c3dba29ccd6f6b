import type { SetupBody } from '@sohoa/contracts';
import type { AuditRepository } from '../audit/audit.repository.ts';
import { hashPassword } from '../auth/auth.passwords.ts';
import { actorOf, assertAcceptablePassword } from '../auth/auth.usecases.ts';
import type { Db } from '../database/database.ts';
import { isUniqueViolation } from '../database/database.errors.ts';
import type { RequestContext } from '../shared/request-context.ts';
import type { UnitsRepository } from '../units/units.repository.ts';
import { stripSecret, type UsersRepository } from '../users/users.repository.ts';
import { createSetupAlreadyDoneError } from './setup.errors.ts';

export async function getSetupStatus({ unitsRepository }: { unitsRepository: UnitsRepository }) {
  const { count } = await unitsRepository.count();
  return { needsSetup: count === 0 };
}

/**
 * First run: creates the root unit and its administrator in one transaction. There is no default
 * account; once a unit exists this refuses (a unique index on the root settles concurrent calls).
 */
export async function completeSetup({
  body,
  context,
  db,
  unitsRepository,
  usersRepository,
  auditRepository,
  passwordHashCost,
}: {
  body: SetupBody;
  context: RequestContext;
  db: Db;
  unitsRepository: UnitsRepository;
  usersRepository: UsersRepository;
  auditRepository: AuditRepository;
  passwordHashCost: number;
}) {
  if (!(await getSetupStatus({ unitsRepository })).needsSetup) {
    throw createSetupAlreadyDoneError();
  }
  assertAcceptablePassword({ password: body.admin.password });
  const { hash } = await hashPassword({ password: body.admin.password, cost: passwordHashCost });
  try {
    const result = await db.transaction().execute(async (trx) => {
      const { unit } = await unitsRepository.create({
        unit: { ...body.unit, parentId: null },
        trx,
      });
      const { user } = await usersRepository.create({
        user: {
          unitId: unit.id,
          username: body.admin.username,
          fullName: body.admin.fullName,
          roles: ['ADMIN'],
          passwordHash: hash,
        },
        trx,
      });
      return { unit, user };
    });
    await auditRepository.record({
      event: {
        action: 'setup.completed',
        actor: actorOf(result.user),
        targetKind: 'unit',
        targetId: result.unit.id,
        unitId: result.unit.id,
        context,
      },
    });
    return { unit: result.unit, user: stripSecret(result.user) };
  } catch (error) {
    if (isUniqueViolation(error, 'units_single_root')) {
      throw createSetupAlreadyDoneError({ cause: error });
    }
    throw error;
  }
}
