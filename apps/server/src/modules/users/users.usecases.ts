import type { CreateUserBody, Role, UpdateUserBody, User } from '@sohoa/contracts';
import { createForbiddenError } from '../access/access.errors.ts';
import { canListUsersOf, canManageUsersOf, canSeeUnit } from '../access/access.policy.ts';
import type { Actor } from '../access/access.types.ts';
import { loadUnitTree } from '../access/access.usecases.ts';
import { relationBetween, subtreeOf, type UnitTree } from '../access/unit-tree.ts';
import type { AuditRepository } from '../audit/audit.repository.ts';
import type { AuthRepository } from '../auth/auth.repository.ts';
import { hashPassword } from '../auth/auth.passwords.ts';
import { assertAcceptablePassword } from '../auth/auth.usecases.ts';
import type { RequestContext } from '../shared/request-context.ts';
import { createUnitNotFoundError } from '../units/units.errors.ts';
import type { UnitsRepository } from '../units/units.repository.ts';
import { createCannotDisableSelfError, createUserNotFoundError } from './users.errors.ts';
import { stripSecret, type UsersRepository } from './users.repository.ts';

export interface UsersDeps {
  usersRepository: UsersRepository;
  unitsRepository: UnitsRepository;
  authRepository: AuthRepository;
  auditRepository: AuditRepository;
  passwordHashCost: number;
}

const relationTo = (tree: UnitTree, actor: Actor, unitId: string) =>
  tree.parentOf.has(unitId)
    ? relationBetween({ tree, actorUnitId: actor.unitId, targetUnitId: unitId })
    : 'UNRELATED';

export async function listUsers({
  actor,
  unitId,
  deps,
}: {
  actor: Actor;
  unitId?: string;
  deps: UsersDeps;
}): Promise<{ users: User[] }> {
  const { tree } = await loadUnitTree(deps);
  const candidates = unitId ? [unitId] : subtreeOf({ tree, unitId: actor.unitId });
  const allowed = candidates.filter((id) =>
    canListUsersOf({ actor, relation: relationTo(tree, actor, id) }),
  );
  if (unitId && allowed.length === 0) {
    throw canSeeUnit({ relation: relationTo(tree, actor, unitId) })
      ? createForbiddenError()
      : createUnitNotFoundError();
  }
  const { users } = await deps.usersRepository.listByUnits({ unitIds: allowed });
  return { users: users.map(stripSecret) };
}

/** A user the actor may see (same rule as listing), else `user.not_found`. */
async function getVisibleUserOrThrow({
  actor,
  userId,
  deps,
}: {
  actor: Actor;
  userId: string;
  deps: UsersDeps;
}) {
  const { user } = await deps.usersRepository.getById({ userId });
  const { tree } = await loadUnitTree(deps);
  if (
    !user ||
    (user.id !== actor.userId &&
      !canListUsersOf({ actor, relation: relationTo(tree, actor, user.unitId) }))
  ) {
    throw createUserNotFoundError();
  }
  return { user, relation: relationTo(tree, actor, user.unitId) };
}

export async function getUser({
  actor,
  userId,
  deps,
}: {
  actor: Actor;
  userId: string;
  deps: UsersDeps;
}) {
  const { user } = await getVisibleUserOrThrow({ actor, userId, deps });
  return { user: stripSecret(user) };
}

export async function createUser({
  actor,
  body,
  context,
  deps,
}: {
  actor: Actor;
  body: CreateUserBody;
  context: RequestContext;
  deps: UsersDeps;
}) {
  const { tree } = await loadUnitTree(deps);
  const relation = relationTo(tree, actor, body.unitId);
  if (!canSeeUnit({ relation })) {
    throw createUnitNotFoundError();
  }
  const roles = [...new Set(body.roles)] as Role[];
  if (!canManageUsersOf({ actor, relation, grantedRoles: roles })) {
    throw createForbiddenError();
  }
  assertAcceptablePassword({ password: body.password });
  const { hash } = await hashPassword({ password: body.password, cost: deps.passwordHashCost });
  const { user } = await deps.usersRepository.create({
    user: {
      unitId: body.unitId,
      username: body.username,
      fullName: body.fullName,
      roles,
      passwordHash: hash,
    },
  });
  await deps.auditRepository.record({
    event: {
      action: 'user.created',
      actor,
      targetKind: 'user',
      targetId: user.id,
      unitId: user.unitId,
      context,
      details: { username: user.username, roles },
    },
  });
  return { user: stripSecret(user) };
}

export async function updateUser({
  actor,
  userId,
  body,
  context,
  deps,
}: {
  actor: Actor;
  userId: string;
  body: UpdateUserBody;
  context: RequestContext;
  deps: UsersDeps;
}) {
  const { user, relation } = await getVisibleUserOrThrow({ actor, userId, deps });
  const roles = body.roles ? ([...new Set(body.roles)] as Role[]) : undefined;
  // Changing roles needs the right to grant both what is added and what is taken away.
  const touched = roles ? [...roles, ...user.roles] : [];
  if (!canManageUsersOf({ actor, relation, grantedRoles: touched })) {
    throw createForbiddenError();
  }
  const { user: updated } = await deps.usersRepository.update({
    userId,
    changes: {
      ...(body.fullName !== undefined ? { fullName: body.fullName } : {}),
      ...(roles ? { roles } : {}),
    },
  });
  await deps.auditRepository.record({
    event: {
      action: 'user.updated',
      actor,
      targetKind: 'user',
      targetId: userId,
      unitId: user.unitId,
      context,
      details: { before: { fullName: user.fullName, roles: user.roles }, after: body },
    },
  });
  return { user: stripSecret(updated!) };
}

/** Disables or re-enables an account. Disabling ends all of the user's sessions at once. */
export async function setUserStatus({
  actor,
  userId,
  status,
  context,
  deps,
}: {
  actor: Actor;
  userId: string;
  status: 'ACTIVE' | 'DISABLED';
  context: RequestContext;
  deps: UsersDeps;
}) {
  const { user, relation } = await getVisibleUserOrThrow({ actor, userId, deps });
  if (!canManageUsersOf({ actor, relation, grantedRoles: user.roles })) {
    throw createForbiddenError();
  }
  if (status === 'DISABLED' && user.id === actor.userId) {
    throw createCannotDisableSelfError();
  }
  const { user: updated } = await deps.usersRepository.update({ userId, changes: { status } });
  if (status === 'DISABLED') {
    await deps.authRepository.revokeUserSessions({ userId });
  }
  await deps.auditRepository.record({
    event: {
      action: status === 'DISABLED' ? 'user.disabled' : 'user.enabled',
      actor,
      targetKind: 'user',
      targetId: userId,
      unitId: user.unitId,
      context,
    },
  });
  return { user: stripSecret(updated!) };
}
