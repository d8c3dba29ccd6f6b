import { ROLES, type Role } from '@sohoa/contracts';
import { describe, expect, it } from 'vitest';
import { canActOnCase, caseListScope, canManageUsersOf } from './access.policy.ts';
import type { UnitRelation } from './access.types.ts';
import { ACTIONS, EXPECTED, NONE } from './access.expected.test-utils.ts';

const RELATIONS: UnitRelation[] = ['SAME', 'ANCESTOR', 'DESCENDANT', 'UNRELATED'];

function rights(role: Role, relation: UnitRelation, assigned: boolean, confidential: boolean) {
  const actor = { userId: 'usr_me', username: 'me', unitId: 'unit_a', roles: [role] };
  const facts = {
    unitId: 'unit_case',
    confidentiality: confidential ? ('CONFIDENTIAL' as const) : ('NORMAL' as const),
    assigneeIds: assigned ? ['usr_me'] : ['usr_other'],
  };
  return ACTIONS.map((action) =>
    canActOnCase({ actor, relation, facts, action }) ? 'LREXDAI'[ACTIONS.indexOf(action)] : '-',
  ).join('');
}

const cases = ROLES.flatMap((role) =>
  RELATIONS.flatMap((relation) => [false, true].map((assigned) => ({ role, relation, assigned }))),
);

describe('case access policy', () => {
  it.each(cases)('$role in a $relation unit (assigned: $assigned) on a normal case', (c) => {
    const key = `${c.relation}/${c.assigned ? 'assigned' : 'not'}`;
    expect(rights(c.role, c.relation, c.assigned, false)).toBe(EXPECTED[c.role][key]);
  });

  it.each(cases)('$role in a $relation unit (assigned: $assigned) on a "Mật" case', (c) => {
    const key = `${c.relation}/${c.assigned ? 'assigned' : 'not'}`;
    // Confidential: the assigned team keeps its rights; otherwise only the owning unit's leaders.
    const expected = c.assigned
      ? EXPECTED[c.role][key]
      : c.role === 'LEADER' && c.relation === 'SAME'
        ? 'LREXDAI'
        : NONE;
    expect(rights(c.role, c.relation, c.assigned, true)).toBe(expected);
  });

  it('list scope agrees with the list decision for every role and relation', () => {
    for (const role of ROLES) {
      const actor = { userId: 'usr_me', username: 'me', unitId: 'unit_a', roles: [role] };
      const scope = caseListScope({ actor });
      for (const confidentiality of ['NORMAL', 'CONFIDENTIAL'] as const) {
        const facts = { unitId: 'x', confidentiality, assigneeIds: [] };
        const normal = confidentiality === 'NORMAL';
        const sameBySql = scope.ownUnitAllLevels || (scope.ownUnitNormal && normal);
        const ancestorBySql = scope.descendantsNormal && normal;
        expect(canActOnCase({ actor, relation: 'SAME', facts, action: 'list' })).toBe(sameBySql);
        expect(canActOnCase({ actor, relation: 'ANCESTOR', facts, action: 'list' })).toBe(
          ancestorBySql,
        );
      }
    }
  });

  it('only an ADMIN may grant the ADMIN role', () => {
    const it = { userId: 'u', username: 'u', unitId: 'a', roles: ['IT_SUPPORT' as const] };
    const admin = { ...it, roles: ['ADMIN' as const] };
    expect(canManageUsersOf({ actor: it, relation: 'SAME', grantedRoles: ['CLERK'] })).toBe(true);
    expect(canManageUsersOf({ actor: it, relation: 'SAME', grantedRoles: ['ADMIN'] })).toBe(false);
    expect(canManageUsersOf({ actor: admin, relation: 'ANCESTOR', grantedRoles: ['ADMIN'] })).toBe(
      true,
    );
    expect(canManageUsersOf({ actor: admin, relation: 'DESCENDANT', grantedRoles: [] })).toBe(
      false,
    );
  });
});
