import type { Role } from '@sohoa/contracts';
import type { Actor, CaseAccessFacts, CaseAction, UnitRelation } from './access.types.ts';

/*
 * THE access policy. Every use case asks here; route handlers never decide access.
 *
 * Cases:
 * - Same unit: leaders, prosecutors, examiners, clerks and steering members see the unit's cases;
 *   ADMIN and IT_SUPPORT manage people, not case contents, so they see a case only when assigned.
 * - Parent units: LEADER and STEERING see (read-only) the cases of every descendant unit.
 * - PROSECUTOR / EXAMINER / CLERK edit only cases they are assigned to; the unit's LEADER edits all
 *   of the unit's cases. A CLERK may create cases and import scans for their own unit.
 * - Confidentiality CONFIDENTIAL ("Mật") and above: only the assigned users and the leaders of the
 *   owning unit.
 * - STEERING is read-only everywhere (statistics), even when assigned.
 */

const SAME_UNIT_READERS: readonly Role[] = [
  'LEADER',
  'PROSECUTOR',
  'EXAMINER',
  'CLERK',
  'STEERING',
];
const PARENT_UNIT_READERS: readonly Role[] = ['LEADER', 'STEERING'];
const PARENT_UNIT_EXPORTERS: readonly Role[] = ['LEADER'];
const CASE_CREATORS: readonly Role[] = ['LEADER', 'PROSECUTOR', 'EXAMINER', 'CLERK'];
const READ_ONLY_ROLES: readonly Role[] = ['STEERING'];
const USER_MANAGERS: readonly Role[] = ['ADMIN', 'IT_SUPPORT'];
const PARENT_UNIT_USER_READERS: readonly Role[] = ['ADMIN', 'IT_SUPPORT', 'LEADER', 'STEERING'];

const hasAny = (actor: Actor, roles: readonly Role[]) => actor.roles.some((r) => roles.includes(r));
/** Assignment gives a working role only to someone who holds a role other than read-only ones. */
const canWork = (actor: Actor) => actor.roles.some((r) => !READ_ONLY_ROLES.includes(r));

/** Decides one action of `actor` on a case whose unit stands in `relation` to the actor's unit. */
export function canActOnCase({
  actor,
  relation,
  facts,
  action,
}: {
  actor: Actor;
  relation: UnitRelation;
  facts: CaseAccessFacts;
  action: CaseAction;
}): boolean {
  const assigned = facts.assigneeIds.includes(actor.userId);
  const restricted = facts.confidentiality !== 'NORMAL';
  const leaderOfUnit = relation === 'SAME' && actor.roles.includes('LEADER');
  const assignedWorker = assigned && canWork(actor);
  const sees =
    assigned ||
    leaderOfUnit ||
    (!restricted &&
      ((relation === 'SAME' && hasAny(actor, SAME_UNIT_READERS)) ||
        (relation === 'ANCESTOR' && hasAny(actor, PARENT_UNIT_READERS))));

  switch (action) {
    case 'list':
    case 'read':
      return sees;
    case 'edit':
      return assignedWorker || leaderOfUnit;
    case 'export':
      return (
        assignedWorker ||
        leaderOfUnit ||
        (!restricted && relation === 'ANCESTOR' && hasAny(actor, PARENT_UNIT_EXPORTERS))
      );
    case 'delete':
      return leaderOfUnit;
    case 'assign':
      return leaderOfUnit || (assignedWorker && actor.roles.includes('PROSECUTOR'));
    case 'import':
      return (
        assignedWorker ||
        leaderOfUnit ||
        (!restricted && relation === 'SAME' && actor.roles.includes('CLERK'))
      );
  }
}

/**
 * The same rules as `canActOnCase(list)`, shaped for a SQL filter so listing never loads cases the
 * actor may not see. A test checks that both agree on every role × relation × assignment.
 */
export function caseListScope({ actor }: { actor: Actor }): {
  assignedTo: string;
  ownUnitId: string;
  ownUnitAllLevels: boolean;
  ownUnitNormal: boolean;
  descendantsNormal: boolean;
} {
  return {
    assignedTo: actor.userId,
    ownUnitId: actor.unitId,
    ownUnitAllLevels: actor.roles.includes('LEADER'),
    ownUnitNormal: hasAny(actor, SAME_UNIT_READERS),
    descendantsNormal: hasAny(actor, PARENT_UNIT_READERS),
  };
}

/** Creating a case in a unit: the unit's own staff (not ADMIN, IT_SUPPORT or STEERING). */
export function canCreateCaseIn({
  actor,
  relation,
}: {
  actor: Actor;
  relation: UnitRelation;
}): boolean {
  return relation === 'SAME' && hasAny(actor, CASE_CREATORS);
}

/** Managing units (create a child unit) of a unit: ADMIN of that unit or of a unit above it. */
export function canManageUnit({
  actor,
  relation,
}: {
  actor: Actor;
  relation: UnitRelation;
}): boolean {
  return (relation === 'SAME' || relation === 'ANCESTOR') && actor.roles.includes('ADMIN');
}

/** Seeing a unit (its name, code, place in the tree): its own staff, units above it, and its ancestors. */
export function canSeeUnit({ relation }: { relation: UnitRelation }): boolean {
  return relation !== 'UNRELATED';
}

/** Listing the users of a unit: its own staff; managers, leaders and steering of units above. */
export function canListUsersOf({
  actor,
  relation,
}: {
  actor: Actor;
  relation: UnitRelation;
}): boolean {
  return (
    relation === 'SAME' || (relation === 'ANCESTOR' && hasAny(actor, PARENT_UNIT_USER_READERS))
  );
}

/**
 * Creating, changing or disabling users of a unit: ADMIN or IT_SUPPORT of that unit or above.
 * Only an ADMIN may grant ADMIN.
 */
export function canManageUsersOf({
  actor,
  relation,
  grantedRoles = [],
}: {
  actor: Actor;
  relation: UnitRelation;
  grantedRoles?: readonly Role[];
}): boolean {
  if (!(relation === 'SAME' || relation === 'ANCESTOR') || !hasAny(actor, USER_MANAGERS)) {
    return false;
  }
  return !grantedRoles.includes('ADMIN') || actor.roles.includes('ADMIN');
}

export type AnnotationAction = 'view' | 'create' | 'edit' | 'delete';

/**
 * Annotations of a case the actor may read (the case check comes first and answers 404):
 * - everyone who reads the case sees the shared annotations; a private one only its author;
 * - whoever holds a working role (not STEERING alone) may annotate;
 * - only the author changes an annotation (text, colour, private/shared);
 * - the author deletes it; the leader of the case's unit may also delete a shared one (moderation)
 *   but never sees nor deletes someone's private notes.
 */
export function canActOnAnnotation({
  actor,
  annotation,
  leaderOfCase,
  action,
}: {
  actor: Actor;
  annotation: { authorId: string; shared: boolean } | null;
  /** `canActOnCase(delete)`: the leader of the unit owning the case. */
  leaderOfCase: boolean;
  action: AnnotationAction;
}): boolean {
  if (action === 'create') {
    return canWork(actor);
  }
  if (!annotation) {
    return false;
  }
  const own = annotation.authorId === actor.userId;
  switch (action) {
    case 'view':
      return own || annotation.shared;
    case 'edit':
      return own && canWork(actor);
    case 'delete':
      return (own && canWork(actor)) || (annotation.shared && leaderOfCase);
  }
}

const AUDIT_VIEWERS: readonly Role[] = ['LEADER', 'ADMIN', 'IT_SUPPORT'];

/**
 * Reading the audit trail of a unit's subtree: its LEADER (oversight of their own people) and the
 * IT administrators (ADMIN, IT_SUPPORT) of that unit or a unit above it.
 */
export function canViewAuditOf({
  actor,
  relation,
}: {
  actor: Actor;
  relation: UnitRelation;
}): boolean {
  return (relation === 'SAME' || relation === 'ANCESTOR') && hasAny(actor, AUDIT_VIEWERS);
}

/**
 * Deleting a trial record: whoever recorded it (while holding a working role) or the leader of
 * the unit owning the case. Recording one needs `canActOnCase(edit)` (the case team, the leader).
 */
export function canDeleteHearing({
  actor,
  hearing,
  leaderOfCase,
}: {
  actor: Actor;
  hearing: { createdBy: string | null };
  leaderOfCase: boolean;
}): boolean {
  return leaderOfCase || (hearing.createdBy === actor.userId && canWork(actor));
}

const DASHBOARD_VIEWERS: readonly Role[] = ['LEADER', 'STEERING'];

/** The steering dashboard of a unit's subtree: its LEADER or STEERING, or those of a unit above. */
export function canViewDashboardOf({
  actor,
  relation,
}: {
  actor: Actor;
  relation: UnitRelation;
}): boolean {
  return (relation === 'SAME' || relation === 'ANCESTOR') && hasAny(actor, DASHBOARD_VIEWERS);
}

/**
 * Setting targets for a unit: the steering committee (STEERING) of that unit or a unit above, or
 * the LEADER of a unit above it (a leader of the top unit also for the top unit itself) — a unit
 * never sets its own targets otherwise.
 */
export function canManageTargetsOf({
  actor,
  relation,
  targetUnitIsRoot,
}: {
  actor: Actor;
  relation: UnitRelation;
  targetUnitIsRoot: boolean;
}): boolean {
  if (actor.roles.includes('STEERING') && (relation === 'SAME' || relation === 'ANCESTOR')) {
    return true;
  }
  return (
    actor.roles.includes('LEADER') &&
    (relation === 'ANCESTOR' || (relation === 'SAME' && targetUnitIsRoot))
  );
}
