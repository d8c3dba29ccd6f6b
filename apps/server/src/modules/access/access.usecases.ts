import type { Case, CaseAction } from '@sohoa/contracts';
import type { AuditRepository } from '../audit/audit.repository.ts';
import type { CasesRepository } from '../cases/cases.repository.ts';
import { createCaseNotFoundError } from '../cases/cases.errors.ts';
import type { RequestContext } from '../shared/request-context.ts';
import type { UnitsRepository } from '../units/units.repository.ts';
import { createForbiddenError } from './access.errors.ts';
import { canActOnCase } from './access.policy.ts';
import type { Actor } from './access.types.ts';
import { createUnitTree, relationBetween, type UnitTree } from './unit-tree.ts';

export async function loadUnitTree({
  unitsRepository,
}: {
  unitsRepository: UnitsRepository;
}): Promise<{ tree: UnitTree }> {
  const { units } = await unitsRepository.listAll();
  return { tree: createUnitTree({ units }) };
}

/**
 * Loads a case for `action` or throws. A case the actor may not even see answers `case.not_found`,
 * exactly like a case that does not exist, so ids of other units' cases reveal nothing.
 */
export async function getCaseForActionOrThrow({
  actor,
  caseId,
  action,
  context,
  casesRepository,
  unitsRepository,
  auditRepository,
}: {
  actor: Actor;
  caseId: string;
  action: CaseAction;
  context: RequestContext;
  casesRepository: CasesRepository;
  unitsRepository: UnitsRepository;
  auditRepository: AuditRepository;
}): Promise<{ case: Case }> {
  const { case: found } = await casesRepository.getById({ caseId });
  if (!found) {
    throw createCaseNotFoundError();
  }
  const { tree } = await loadUnitTree({ unitsRepository });
  const relation = relationBetween({ tree, actorUnitId: actor.unitId, targetUnitId: found.unitId });
  const facts = {
    unitId: found.unitId,
    confidentiality: found.confidentiality,
    assigneeIds: found.assigneeIds,
  };
  if (canActOnCase({ actor, relation, facts, action })) {
    return { case: found };
  }
  await auditRepository.record({
    event: {
      action: 'case.access_denied',
      actor,
      outcome: 'DENIED',
      targetKind: 'case',
      targetId: caseId,
      caseId,
      unitId: found.unitId,
      context,
      details: { attempted: action },
    },
  });
  if (!canActOnCase({ actor, relation, facts, action: 'read' })) {
    throw createCaseNotFoundError();
  }
  throw createForbiddenError();
}

/** Whether `actor` may do `action` on a case already loaded (no audit, no throw). */
export async function mayActOnCase({
  actor,
  case: found,
  action,
  unitsRepository,
}: {
  actor: Actor;
  case: Case;
  action: CaseAction;
  unitsRepository: UnitsRepository;
}): Promise<boolean> {
  const { tree } = await loadUnitTree({ unitsRepository });
  const relation = relationBetween({ tree, actorUnitId: actor.unitId, targetUnitId: found.unitId });
  const facts = {
    unitId: found.unitId,
    confidentiality: found.confidentiality,
    assigneeIds: found.assigneeIds,
  };
  return canActOnCase({ actor, relation, facts, action });
}
