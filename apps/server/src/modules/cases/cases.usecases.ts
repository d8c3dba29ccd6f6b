import {
  isPersonRoleCode,
  type Case,
  type CreateCaseBody,
  type ListCasesQuery,
  type UpdateCaseBody,
} from '@sohoa/contracts';
import { canCreateCaseIn, caseListScope } from '../access/access.policy.ts';
import { createForbiddenError } from '../access/access.errors.ts';
import type { Actor } from '../access/access.types.ts';
import { getCaseForActionOrThrow, loadUnitTree } from '../access/access.usecases.ts';
import { ancestorsOf, relationBetween, subtreeOf } from '../access/unit-tree.ts';
import type { AuditRepository } from '../audit/audit.repository.ts';
import type { RequestContext } from '../shared/request-context.ts';
import { createUnitNotFoundError } from '../units/units.errors.ts';
import type { UnitsRepository } from '../units/units.repository.ts';
import type { UsersRepository } from '../users/users.repository.ts';
import type { DigitizationRepository } from '../digitization/digitization.repository.ts';
import type { CasesRepository } from './cases.repository.ts';
import { createInvalidAssigneeError, createInvalidPartyRoleError } from './cases.errors.ts';

export interface CasesDeps {
  casesRepository: CasesRepository;
  unitsRepository: UnitsRepository;
  usersRepository: UsersRepository;
  auditRepository: AuditRepository;
  /** Present in the server: a change to a reviewed or approved file reopens it. */
  digitizationRepository?: DigitizationRepository;
}

/** Charges as stored: absent article/clause are null, the law defaults to the 2015 Criminal Code. */
function toStoredCharges(charges: NonNullable<CreateCaseBody['charges']>) {
  return charges.map((c) => ({
    name: c.name,
    article: c.article ?? null,
    clause: c.clause ?? null,
    law: c.law ?? 'BLHS 2015',
  }));
}

function assertPartyRoles(parties: Array<{ roleCode: string }> | undefined) {
  const unknown = parties?.find((p) => !isPersonRoleCode(p.roleCode));
  if (unknown) {
    throw createInvalidPartyRoleError({ details: { roleCode: unknown.roleCode } });
  }
}

/** Assignees must be active users of the case's unit or of a unit above it. */
async function assertAssignable({
  assigneeIds,
  caseUnitId,
  deps,
}: {
  assigneeIds: string[];
  caseUnitId: string;
  deps: CasesDeps;
}) {
  const unique = [...new Set(assigneeIds)];
  const { users } = await deps.usersRepository.listByIds({ userIds: unique });
  const { tree } = await loadUnitTree(deps);
  const allowedUnits = ancestorsOf({ tree, unitId: caseUnitId });
  const bad = unique.find((id) => {
    const user = users.find((u) => u.id === id);
    return !user || user.status !== 'ACTIVE' || !allowedUnits.includes(user.unitId);
  });
  if (bad) {
    throw createInvalidAssigneeError({ details: { userId: bad } });
  }
  return unique;
}

/** Audits one action on a case (who, which case, which unit, from where). */
export async function recordCaseEvent({
  action,
  actor,
  caseId,
  unitId,
  context,
  deps,
  details,
}: {
  action:
    | 'case.index.exported'
    | 'case.created'
    | 'case.read'
    | 'case.updated'
    | 'case.assigned'
    | 'case.deleted'
    | 'case.exported'
    | 'case.procedure_updated'
    | 'case.pdf.exported';
  actor: Actor;
  caseId: string;
  unitId: string;
  context: RequestContext;
  deps: Pick<CasesDeps, 'auditRepository'>;
  details?: Record<string, unknown>;
}) {
  await deps.auditRepository.record({
    event: {
      action,
      actor,
      targetKind: 'case',
      targetId: caseId,
      caseId,
      unitId,
      context,
      ...(details ? { details } : {}),
    },
  });
}

export async function createCase({
  actor,
  body,
  context,
  deps,
}: {
  actor: Actor;
  body: Required<Pick<CreateCaseBody, 'title' | 'kind'>> & CreateCaseBody;
  context: RequestContext;
  deps: CasesDeps;
}) {
  const unitId = body.unitId ?? actor.unitId;
  const { tree } = await loadUnitTree(deps);
  if (!tree.parentOf.has(unitId)) {
    throw createUnitNotFoundError();
  }
  if (
    !canCreateCaseIn({
      actor,
      relation: relationBetween({ tree, actorUnitId: actor.unitId, targetUnitId: unitId }),
    })
  ) {
    throw createForbiddenError();
  }
  assertPartyRoles(body.parties);
  // The creator is on the case team, so a clerk who registers a file can go on to import its scans.
  const assigneeIds = await assertAssignable({
    assigneeIds: [actor.userId, ...(body.assigneeIds ?? [])],
    caseUnitId: unitId,
    deps,
  });
  const { case: created } = await deps.casesRepository.create({
    fields: {
      unitId,
      title: body.title,
      kind: body.kind,
      nationalCode: body.nationalCode ?? null,
      internalNumber: body.internalNumber ?? null,
      charges: toStoredCharges(body.charges ?? []),
      stage: body.stage ?? 'INVESTIGATION',
      confidentiality: body.confidentiality ?? 'NORMAL',
      parties: body.parties ?? [],
    },
    createdBy: actor.userId,
    assigneeIds,
  });
  await recordCaseEvent({
    action: 'case.created',
    actor,
    caseId: created.id,
    unitId,
    context,
    deps,
  });
  return { case: created };
}

export async function getCase({
  actor,
  caseId,
  context,
  deps,
}: {
  actor: Actor;
  caseId: string;
  context: RequestContext;
  deps: CasesDeps;
}) {
  const { case: found } = await getCaseForActionOrThrow({
    actor,
    caseId,
    action: 'read',
    context,
    ...deps,
  });
  await recordCaseEvent({
    action: 'case.read',
    actor,
    caseId,
    unitId: found.unitId,
    context,
    deps,
  });
  return { case: found };
}

export async function listCases({
  actor,
  query,
  deps,
}: {
  actor: Actor;
  query: Required<Pick<ListCasesQuery, 'page' | 'pageSize'>> & ListCasesQuery;
  deps: CasesDeps;
}) {
  const { tree } = await loadUnitTree(deps);
  const descendantUnitIds = subtreeOf({ tree, unitId: actor.unitId }).filter(
    (id) => id !== actor.unitId,
  );
  const { items, total } = await deps.casesRepository.list({
    scope: { ...caseListScope({ actor }), descendantUnitIds },
    ...(query.kind ? { kind: query.kind } : {}),
    ...(query.stage ? { stage: query.stage } : {}),
    ...(query.unitId ? { unitId: query.unitId } : {}),
    ...(query.digitizationStatus ? { digitizationStatus: query.digitizationStatus } : {}),
    ...(query.q ? { q: query.q } : {}),
    assignedToMe: query.assignedToMe === 'true',
    page: Number(query.page),
    pageSize: Number(query.pageSize),
  });
  return { items, total, page: Number(query.page), pageSize: Number(query.pageSize) };
}

export async function updateCase({
  actor,
  caseId,
  body,
  context,
  deps,
}: {
  actor: Actor;
  caseId: string;
  body: UpdateCaseBody;
  context: RequestContext;
  deps: CasesDeps;
}) {
  await getCaseForActionOrThrow({ actor, caseId, action: 'edit', context, ...deps });
  assertPartyRoles(body.parties);
  const { case: updated } = await deps.casesRepository.update({
    caseId,
    changes: {
      ...(body.title !== undefined ? { title: body.title } : {}),
      ...(body.nationalCode !== undefined ? { nationalCode: body.nationalCode } : {}),
      ...(body.internalNumber !== undefined ? { internalNumber: body.internalNumber } : {}),
      ...(body.charges !== undefined
        ? {
            charges: toStoredCharges(body.charges),
          }
        : {}),
      ...(body.stage !== undefined ? { stage: body.stage } : {}),
      ...(body.confidentiality !== undefined ? { confidentiality: body.confidentiality } : {}),
      ...(body.parties !== undefined ? { parties: body.parties } : {}),
    },
  });
  await recordCaseEvent({
    action: 'case.updated',
    actor,
    caseId,
    unitId: updated!.unitId,
    context,
    deps,
    details: { fields: Object.keys(body) },
  });
  return { case: updated! };
}

export async function assignCase({
  actor,
  caseId,
  assigneeIds,
  context,
  deps,
}: {
  actor: Actor;
  caseId: string;
  assigneeIds: string[];
  context: RequestContext;
  deps: CasesDeps;
}) {
  const { case: found } = await getCaseForActionOrThrow({
    actor,
    caseId,
    action: 'assign',
    context,
    ...deps,
  });
  const unique = await assertAssignable({ assigneeIds, caseUnitId: found.unitId, deps });
  const { case: updated } = await deps.casesRepository.setAssignees({
    caseId,
    assigneeIds: unique,
    assignedBy: actor.userId,
  });
  await recordCaseEvent({
    action: 'case.assigned',
    actor,
    caseId,
    unitId: found.unitId,
    context,
    deps,
    details: { before: found.assigneeIds, after: unique },
  });
  return { case: updated! };
}

export async function deleteCase({
  actor,
  caseId,
  context,
  deps,
}: {
  actor: Actor;
  caseId: string;
  context: RequestContext;
  deps: CasesDeps;
}) {
  const { case: found } = await getCaseForActionOrThrow({
    actor,
    caseId,
    action: 'delete',
    context,
    ...deps,
  });
  await deps.casesRepository.softDelete({ caseId });
  await recordCaseEvent({
    action: 'case.deleted',
    actor,
    caseId,
    unitId: found.unitId,
    context,
    deps,
    details: { title: found.title },
  });
}

/**
 * The gate later export features call before producing a file: checks the right and audits the
 * export (who, which case, what format).
 */
export async function authorizeCaseExport({
  actor,
  caseId,
  format,
  context,
  deps,
}: {
  actor: Actor;
  caseId: string;
  format: string;
  context: RequestContext;
  deps: CasesDeps;
}): Promise<{ case: Case }> {
  const { case: found } = await getCaseForActionOrThrow({
    actor,
    caseId,
    action: 'export',
    context,
    ...deps,
  });
  await recordCaseEvent({
    action: 'case.exported',
    actor,
    caseId,
    unitId: found.unitId,
    context,
    deps,
    details: { format },
  });
  return { case: found };
}
