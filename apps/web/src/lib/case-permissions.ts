import type { Case, Role, SessionInfo } from '@sohoa/contracts';

/*
 * What the UI offers, mirroring the server's access policy (access.policy.ts) so users are not
 * shown buttons that can only fail. The server still decides: a refused request shows its error.
 */

const CASE_CREATORS: readonly Role[] = ['LEADER', 'PROSECUTOR', 'EXAMINER', 'CLERK'];
const hasAny = (session: SessionInfo, roles: readonly Role[]) =>
  session.user.roles.some((r) => roles.includes(r));
const canWork = (session: SessionInfo) => session.user.roles.some((r) => r !== 'STEERING');

export function canCreateCases(session: SessionInfo): boolean {
  return hasAny(session, CASE_CREATORS);
}

const leaderOf = (session: SessionInfo, c: Case) =>
  c.unitId === session.unit.id && session.user.roles.includes('LEADER');
const assignedWorker = (session: SessionInfo, c: Case) =>
  c.assigneeIds.includes(session.user.id) && canWork(session);

/** Edit the case's fields, its structure and its procedure settings. */
export function canEditCase(session: SessionInfo, c: Case): boolean {
  return assignedWorker(session, c) || leaderOf(session, c);
}

/** Change who is assigned: the unit's leader, or an assigned prosecutor. */
export function canAssignCase(session: SessionInfo, c: Case): boolean {
  return (
    leaderOf(session, c) ||
    (assignedWorker(session, c) && session.user.roles.includes('PROSECUTOR'))
  );
}

/** Add volumes and import scans. */
export function canImportCase(session: SessionInfo, c: Case): boolean {
  return (
    assignedWorker(session, c) ||
    leaderOf(session, c) ||
    (c.confidentiality === 'NORMAL' &&
      c.unitId === session.unit.id &&
      session.user.roles.includes('CLERK'))
  );
}
