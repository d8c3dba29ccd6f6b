import { ROLES, type CaseAction, type Role } from '@sohoa/contracts';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ServerDependencies } from '../app/server.types.ts';
import { createTestDependencies } from '../app/server.test-utils.ts';
import {
  authorizeCaseExport,
  createCase,
  deleteCase,
  getCase,
  listCases,
  updateCase,
} from '../cases/cases.usecases.ts';
import { createTestDatabase, getDbVariants } from '../database/database.test-utils.ts';
import { isDomainError } from '../shared/errors/errors.ts';
import { SYSTEM_CONTEXT } from '../shared/request-context.ts';
import type { Actor } from './access.types.ts';
import { ACTIONS, EXPECTED, NONE } from './access.expected.test-utils.ts';

/*
 * The access rules on a real database, through the real use cases: every role × unit relation ×
 * assignment × action (list, read, edit, export, delete), on PGlite and on PostgreSQL.
 *
 * Tree: SUP (supreme) → PROV (provincial, owns the cases) → REG (regional); SUP → PROV2 (sibling).
 * Relations of the actor's unit to the case's unit: SAME = PROV, ANCESTOR = SUP, DESCENDANT = REG,
 * UNRELATED = PROV2. Assignment is possible only from the case's unit or above.
 */
const RELATION_UNITS = {
  SAME: 'PROV',
  ANCESTOR: 'SUP',
  DESCENDANT: 'REG',
  UNRELATED: 'PROV2',
} as const;
type Relation = keyof typeof RELATION_UNITS;
const CHECKED: CaseAction[] = ['list', 'read', 'edit', 'export', 'delete'];

const variants = await getDbVariants();

describe.each(variants)('access rules on %s', (variant) => {
  let deps: ServerDependencies;
  let close: () => Promise<void>;
  let creator: Actor;
  const actors = new Map<string, Actor>();
  const units = new Map<string, string>();

  beforeAll(async () => {
    const database = await createTestDatabase({ variant });
    close = database.close;
    deps = createTestDependencies({ db: database.db });
    const mk = async (
      code: string,
      level: 'SUPREME' | 'PROVINCIAL' | 'REGIONAL',
      parent: string | null,
    ) => {
      const { unit } = await deps.unitsRepository.create({
        unit: { code, name: code, level, parentId: parent ? units.get(parent)! : null },
      });
      units.set(code, unit.id);
    };
    await mk('SUP', 'SUPREME', null);
    await mk('PROV', 'PROVINCIAL', 'SUP');
    await mk('PROV2', 'PROVINCIAL', 'SUP');
    await mk('REG', 'REGIONAL', 'PROV');
    const mkUser = async (username: string, unit: string, roles: Role[]): Promise<Actor> => {
      const { user } = await deps.usersRepository.create({
        user: { unitId: units.get(unit)!, username, fullName: username, roles, passwordHash: 'x' },
      });
      return { userId: user.id, username, unitId: user.unitId, roles };
    };
    creator = await mkUser('creator', 'PROV', ['CLERK']);
    for (const role of ROLES) {
      for (const [relation, unit] of Object.entries(RELATION_UNITS)) {
        actors.set(
          `${role}/${relation}`,
          await mkUser(`${role}-${relation}`.toLowerCase(), unit, [role]),
        );
      }
    }
  });
  afterAll(async () => close());

  async function newCase({
    assignee,
    confidential,
  }: {
    assignee: Actor | null;
    confidential: boolean;
  }) {
    const { case: created } = await createCase({
      actor: creator,
      body: {
        title: 'Vụ trộm cắp tài sản',
        kind: 'criminal',
        confidentiality: confidential ? 'CONFIDENTIAL' : 'NORMAL',
        assigneeIds: assignee ? [assignee.userId] : [],
      },
      context: SYSTEM_CONTEXT,
      deps,
    });
    return created.id;
  }

  /** Runs one action; returns whether it was allowed, and checks refusals use the right code. */
  async function attempt(actor: Actor, caseId: string, action: CaseAction): Promise<boolean> {
    const ctx = { actor, caseId, context: SYSTEM_CONTEXT, deps };
    try {
      switch (action) {
        case 'list': {
          const { items } = await listCases({ actor, query: { page: 1, pageSize: 200 }, deps });
          return items.some((c) => c.id === caseId);
        }
        case 'read':
          await getCase(ctx);
          return true;
        case 'edit':
          await updateCase({ ...ctx, body: { stage: 'PROSECUTION' } });
          return true;
        case 'export':
          await authorizeCaseExport({ ...ctx, format: 'pdf' });
          return true;
        case 'delete':
          await deleteCase(ctx);
          return true;
        case 'assign':
        case 'import':
          throw new Error(`not checked here: ${action}`);
      }
    } catch (error) {
      if (isDomainError(error) && ['case.not_found', 'access.forbidden'].includes(error.code)) {
        return false;
      }
      throw error;
    }
  }

  const rows = ROLES.flatMap((role) =>
    (Object.keys(RELATION_UNITS) as Relation[]).flatMap((relation) =>
      // Assignment across to child or unrelated units is refused by the use case, so only SAME/ANCESTOR.
      (relation === 'SAME' || relation === 'ANCESTOR' ? [false, true] : [false]).flatMap(
        (assigned) =>
          [false, true].map((confidential) => ({ role, relation, assigned, confidential })),
      ),
    ),
  );

  it.each(rows)(
    '$role in $relation unit, assigned $assigned, confidential $confidential',
    async (row) => {
      const actor = actors.get(`${row.role}/${row.relation}`)!;
      const key = `${row.relation}/${row.assigned ? 'assigned' : 'not'}`;
      const normalExpected = EXPECTED[row.role][key]!;
      const expected =
        row.confidential && !row.assigned && !(row.role === 'LEADER' && row.relation === 'SAME')
          ? NONE
          : normalExpected;
      const got: string[] = [];
      for (const action of CHECKED) {
        // A fresh case per action: edit and delete change it.
        const caseId = await newCase({
          assignee: row.assigned ? actor : null,
          confidential: row.confidential,
        });
        got.push(
          (await attempt(actor, caseId, action)) ? 'LREXDAI'[ACTIONS.indexOf(action)]! : '-',
        );
      }
      expect(got.join('')).toBe(CHECKED.map((a) => expected[ACTIONS.indexOf(a)]).join(''));
    },
  );

  it('a refused read of a case the user cannot see looks exactly like a missing case', async () => {
    const caseId = await newCase({ assignee: null, confidential: false });
    const outsider = actors.get('PROSECUTOR/UNRELATED')!;
    await expect(
      getCase({ actor: outsider, caseId, context: SYSTEM_CONTEXT, deps }),
    ).rejects.toMatchObject({ code: 'case.not_found' });
    await expect(
      getCase({
        actor: outsider,
        caseId: 'case_doesnotexist000000',
        context: SYSTEM_CONTEXT,
        deps,
      }),
    ).rejects.toMatchObject({ code: 'case.not_found' });
    const { events } = await deps.auditRepository.list({ caseId, action: 'case.access_denied' });
    expect(events[0]).toMatchObject({ actor_user_id: outsider.userId, outcome: 'DENIED' });
  });
});
