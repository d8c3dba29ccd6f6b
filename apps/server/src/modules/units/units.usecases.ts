import type { CreateUnitBody, Unit } from '@sohoa/contracts';
import { createForbiddenError } from '../access/access.errors.ts';
import { canManageUnit, canSeeUnit } from '../access/access.policy.ts';
import type { Actor } from '../access/access.types.ts';
import { loadUnitTree } from '../access/access.usecases.ts';
import { relationBetween } from '../access/unit-tree.ts';
import type { AuditRepository } from '../audit/audit.repository.ts';
import type { RequestContext } from '../shared/request-context.ts';
import { createUnitInvalidLevelError, createUnitNotFoundError } from './units.errors.ts';
import { isValidChildLevel } from './units.models.ts';
import type { UnitsRepository } from './units.repository.ts';

export interface UnitsDeps {
  unitsRepository: UnitsRepository;
  auditRepository: AuditRepository;
}

/** The units an actor can see: their own, everything below it, and the chain above it. */
export async function listVisibleUnits({
  actor,
  deps,
}: {
  actor: Actor;
  deps: UnitsDeps;
}): Promise<{ units: Unit[] }> {
  const { units } = await deps.unitsRepository.listAll();
  const { tree } = await loadUnitTree(deps);
  return {
    units: units.filter((u) =>
      canSeeUnit({
        relation: relationBetween({ tree, actorUnitId: actor.unitId, targetUnitId: u.id }),
      }),
    ),
  };
}

export async function getUnit({
  actor,
  unitId,
  deps,
}: {
  actor: Actor;
  unitId: string;
  deps: UnitsDeps;
}) {
  const { unit } = await deps.unitsRepository.getById({ unitId });
  const { tree } = await loadUnitTree(deps);
  if (
    !unit ||
    !canSeeUnit({
      relation: relationBetween({ tree, actorUnitId: actor.unitId, targetUnitId: unitId }),
    })
  ) {
    throw createUnitNotFoundError();
  }
  return { unit };
}

export async function createUnit({
  actor,
  body,
  context,
  deps,
}: {
  actor: Actor;
  body: CreateUnitBody;
  context: RequestContext;
  deps: UnitsDeps;
}) {
  const { tree } = await loadUnitTree(deps);
  const relation = tree.parentOf.has(body.parentId)
    ? relationBetween({ tree, actorUnitId: actor.unitId, targetUnitId: body.parentId })
    : 'UNRELATED';
  if (!canSeeUnit({ relation })) {
    throw createUnitNotFoundError();
  }
  if (!canManageUnit({ actor, relation })) {
    throw createForbiddenError();
  }
  const { unit: parent } = await deps.unitsRepository.getById({ unitId: body.parentId });
  if (!parent || !isValidChildLevel({ parent: parent.level, child: body.level })) {
    throw createUnitInvalidLevelError();
  }
  const { unit } = await deps.unitsRepository.create({
    unit: { code: body.code, name: body.name, level: body.level, parentId: body.parentId },
  });
  await deps.auditRepository.record({
    event: {
      action: 'unit.created',
      actor,
      targetKind: 'unit',
      targetId: unit.id,
      unitId: unit.id,
      context,
      details: { code: unit.code, parentId: parent.id },
    },
  });
  return { unit };
}
