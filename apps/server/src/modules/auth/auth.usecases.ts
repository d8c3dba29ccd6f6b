import { createHash, randomBytes } from 'node:crypto';
import type { Actor } from '../access/access.types.ts';
import type { AuditRepository } from '../audit/audit.repository.ts';
import type { RequestContext } from '../shared/request-context.ts';
import type { UsersRepository, UserWithSecret } from '../users/users.repository.ts';
import type { AuthRepository } from './auth.repository.ts';
import {
  createAccountDisabledError,
  createInvalidCredentialsError,
  createTooManyAttemptsError,
  createWeakPasswordError,
  createWrongCurrentPasswordError,
} from './auth.errors.ts';
import {
  getDummyHash,
  hashPassword,
  isAcceptablePassword,
  verifyPassword,
} from './auth.passwords.ts';

export interface AuthSettings {
  sessionIdleHours: number;
  sessionMaxHours: number;
  loginMaxFailures: number;
  loginMaxFailuresPerIp: number;
  loginWindowMinutes: number;
  passwordHashCost: number;
}

const HOUR = 3_600_000;
export const hashToken = (token: string) => createHash('sha256').update(token).digest('hex');
const throttleKeys = ({ username, ip }: { username: string; ip: string | null }) => ({
  account: `user:${username.toLowerCase()}`,
  ip: ip ? `ip:${ip}` : null,
});

export function actorOf(user: {
  id: string;
  username: string;
  unitId: string;
  roles: Actor['roles'];
}): Actor {
  return { userId: user.id, username: user.username, unitId: user.unitId, roles: user.roles };
}

/**
 * Logs in with username and password. Throttled per account and per IP (the counters live in the
 * database, so every web process shares them); a locked account answers the same whether the
 * password is right or not.
 */
export async function login({
  username,
  password,
  context,
  settings,
  usersRepository,
  authRepository,
  auditRepository,
  now = new Date(),
}: {
  username: string;
  password: string;
  context: RequestContext;
  settings: AuthSettings;
  usersRepository: UsersRepository;
  authRepository: AuthRepository;
  auditRepository: AuditRepository;
  now?: Date;
}) {
  const keys = throttleKeys({ username, ip: context.ip });
  const { entries } = await authRepository.getThrottle({
    keys: [keys.account, ...(keys.ip ? [keys.ip] : [])],
  });
  if (entries.some((e) => e.locked_until && e.locked_until > now)) {
    await auditRepository.record({
      event: {
        action: 'auth.login_failed',
        attemptedUsername: username,
        outcome: 'DENIED',
        context,
        details: { reason: 'throttled' },
      },
    });
    throw createTooManyAttemptsError();
  }

  const { user } = await usersRepository.getByUsername({ username });
  const { valid } = await verifyPassword({
    password,
    hash: user?.passwordHash ?? (await getDummyHash({ cost: settings.passwordHashCost })),
  });
  if (!user || !valid) {
    const windowMs = settings.loginWindowMinutes * 60_000;
    await authRepository.recordFailure({
      key: keys.account,
      windowMs,
      maxFailures: settings.loginMaxFailures,
      now,
    });
    if (keys.ip) {
      await authRepository.recordFailure({
        key: keys.ip,
        windowMs,
        maxFailures: settings.loginMaxFailuresPerIp,
        now,
      });
    }
    await auditRepository.record({
      event: {
        action: 'auth.login_failed',
        attemptedUsername: username,
        outcome: 'FAILURE',
        context,
        details: { reason: 'invalid_credentials' },
        ...(user ? { actor: actorOf(user) } : {}),
      },
    });
    throw createInvalidCredentialsError();
  }
  if (user.status !== 'ACTIVE') {
    await auditRepository.record({
      event: {
        action: 'auth.login_failed',
        actor: actorOf(user),
        outcome: 'DENIED',
        context,
        details: { reason: 'disabled' },
      },
    });
    throw createAccountDisabledError();
  }

  await authRepository.clearThrottle({ key: keys.account });
  const token = randomBytes(32).toString('base64url');
  const csrfToken = randomBytes(24).toString('base64url');
  const expiresAt = new Date(now.getTime() + settings.sessionMaxHours * HOUR);
  const { sessionId } = await authRepository.createSession({
    session: {
      tokenHash: hashToken(token),
      userId: user.id,
      csrfToken,
      ip: context.ip,
      userAgent: context.userAgent,
      expiresAt,
    },
    now,
  });
  await auditRepository.record({
    event: {
      action: 'auth.login',
      actor: actorOf(user),
      targetKind: 'session',
      targetId: sessionId,
      context,
    },
  });
  return { user, token, csrfToken, expiresAt, sessionId };
}

/**
 * Resolves a session token to its user. Disabled users, revoked, idle and expired sessions give
 * null: disabling an account ends its sessions at the next request.
 */
export async function resolveSession({
  token,
  settings,
  usersRepository,
  authRepository,
  now = new Date(),
}: {
  token: string;
  settings: Pick<AuthSettings, 'sessionIdleHours'>;
  usersRepository: UsersRepository;
  authRepository: AuthRepository;
  now?: Date;
}): Promise<
  | { session: null }
  | { session: { sessionId: string; csrfToken: string; expiresAt: Date; user: UserWithSecret } }
> {
  const { session } = await authRepository.findLiveSession({ tokenHash: hashToken(token), now });
  if (!session || now.getTime() - session.lastSeenAt.getTime() > settings.sessionIdleHours * HOUR) {
    return { session: null };
  }
  const { user } = await usersRepository.getById({ userId: session.userId });
  if (!user || user.status !== 'ACTIVE') {
    return { session: null };
  }
  // Touch at most once a minute: a busy page must not write on every request.
  if (now.getTime() - session.lastSeenAt.getTime() > 60_000) {
    await authRepository.touchSession({ sessionId: session.sessionId, now });
  }
  return {
    session: {
      sessionId: session.sessionId,
      csrfToken: session.csrfToken,
      expiresAt: session.expiresAt,
      user,
    },
  };
}

export async function logout({
  sessionId,
  actor,
  context,
  authRepository,
  auditRepository,
}: {
  sessionId: string;
  actor: Actor;
  context: RequestContext;
  authRepository: AuthRepository;
  auditRepository: AuditRepository;
}) {
  await authRepository.revokeSession({ sessionId });
  await auditRepository.record({
    event: { action: 'auth.logout', actor, targetKind: 'session', targetId: sessionId, context },
  });
}

/** Changes one's own password; every other session of the user ends. */
export async function changePassword({
  actor,
  currentPassword,
  newPassword,
  context,
  settings,
  usersRepository,
  authRepository,
  auditRepository,
}: {
  actor: Actor;
  currentPassword: string;
  newPassword: string;
  context: RequestContext;
  settings: Pick<AuthSettings, 'passwordHashCost'>;
  usersRepository: UsersRepository;
  authRepository: AuthRepository;
  auditRepository: AuditRepository;
}) {
  const { user } = await usersRepository.getById({ userId: actor.userId });
  if (
    !user ||
    !(await verifyPassword({ password: currentPassword, hash: user.passwordHash })).valid
  ) {
    throw createWrongCurrentPasswordError();
  }
  assertAcceptablePassword({ password: newPassword });
  const { hash } = await hashPassword({ password: newPassword, cost: settings.passwordHashCost });
  await usersRepository.update({ userId: user.id, changes: { passwordHash: hash } });
  // Every session ends, this one included: whoever knew the old password is logged out.
  await authRepository.revokeUserSessions({ userId: user.id });
  await auditRepository.record({
    event: {
      action: 'auth.password_changed',
      actor,
      targetKind: 'user',
      targetId: user.id,
      context,
    },
  });
}

export function assertAcceptablePassword({ password }: { password: string }) {
  if (!isAcceptablePassword({ password })) {
    throw createWeakPasswordError();
  }
}
