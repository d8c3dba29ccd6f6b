import type { CreateHearingBody, Hearing } from '@sohoa/contracts';
import { createHearingBodySchema } from '@sohoa/contracts';
import { createForbiddenError } from '../access/access.errors.ts';
import { canDeleteHearing } from '../access/access.policy.ts';
import type { Actor } from '../access/access.types.ts';
import { getCaseForActionOrThrow, mayActOnCase } from '../access/access.usecases.ts';
import type { CasesDeps } from '../cases/cases.usecases.ts';
import type { RequestContext } from '../shared/request-context.ts';
import {
  createHearingNotFoundError,
  createInvalidHearingPageError,
  createInvalidPresenterError,
} from './hearings.errors.ts';
import type { HearingRow, HearingsRepository } from './hearings.repository.ts';

export interface HearingsDeps extends CasesDeps {
  hearingsRepository: HearingsRepository;
}

export function formatHearingForApi({
  row,
  actor,
  leaderOfCase,
}: {
  row: HearingRow;
  actor: Actor;
  leaderOfCase: boolean;
}): Hearing {
  return {
    id: row.id,
    caseId: row.case_id,
    unitId: row.unit_id,
    heldOn: row.held_on,
    court: row.court,
    presenter: row.presenter_id ? { id: row.presenter_id, name: row.presenter_name ?? '' } : null,
    itemsShown: row.items_shown ?? [],
    withDigitizedFile: row.with_digitized_file,
    createdBy: row.created_by ? { id: row.created_by, name: row.creator_name ?? '' } : null,
    createdAt: new Date(row.created_at).toISOString(),
    canDelete: canDeleteHearing({ actor, hearing: { createdBy: row.created_by }, leaderOfCase }),
  };
}

async function readCase({
  actor,
  caseId,
  action,
  context,
  deps,
}: {
  actor: Actor;
  caseId: string;
  action: 'read' | 'edit';
  context: RequestContext;
  deps: HearingsDeps;
}) {
  const { case: found } = await getCaseForActionOrThrow({
    actor,
    caseId,
    action,
    context,
    ...deps,
  });
  const leaderOfCase = await mayActOnCase({
    actor,
    case: found,
    action: 'delete',
    unitsRepository: deps.unitsRepository,
  });
  return { case: found, leaderOfCase };
}

/** The hearings recorded for a case, newest first, each saying whether the file was digitized. */
export async function listHearings({
  actor,
  caseId,
  context,
  deps,
}: {
  actor: Actor;
  caseId: string;
  context: RequestContext;
  deps: HearingsDeps;
}) {
  const { leaderOfCase } = await readCase({ actor, caseId, action: 'read', context, deps });
  const { hearings } = await deps.hearingsRepository.listByCase({ caseId });
  return { hearings: hearings.map((row) => formatHearingForApi({ row, actor, leaderOfCase })) };
}

/** Records that a hearing used the case file (the case team or the unit's leader; audited). */
export async function createHearing({
  actor,
  caseId,
  body,
  context,
  deps,
  now = new Date(),
}: {
  actor: Actor;
  caseId: string;
  body: CreateHearingBody;
  context: RequestContext;
  deps: HearingsDeps;
  now?: Date;
}) {
  const input = createHearingBodySchema.parse(body);
  const { case: found, leaderOfCase } = await readCase({
    actor,
    caseId,
    action: 'edit',
    context,
    deps,
  });
  const presenterId = input.presenterId ?? actor.userId;
  const { user: presenter } = await deps.usersRepository.getById({ userId: presenterId });
  if (!presenter) {
    throw createInvalidPresenterError();
  }
  const itemsShown = input.itemsShown ?? [];
  const pageIds = [...new Set(itemsShown.flatMap((i) => i.pageIds ?? []))];
  const { count } = await deps.hearingsRepository.countPagesOfCase({ caseId, pageIds });
  if (count !== pageIds.length) {
    throw createInvalidHearingPageError();
  }
  const { id } = await deps.hearingsRepository.insert({
    hearing: {
      caseId,
      unitId: found.unitId,
      heldOn: input.heldOn,
      court: input.court,
      presenterId,
      itemsShown,
      createdBy: actor.userId,
    },
    now,
  });
  await deps.auditRepository.record({
    event: {
      action: 'hearing.recorded',
      actor,
      targetKind: 'hearing',
      targetId: id,
      caseId,
      unitId: found.unitId,
      context,
      details: { heldOn: input.heldOn, court: input.court, presenterId, items: itemsShown.length },
    },
  });
  const { hearing } = await deps.hearingsRepository.getById({ caseId, hearingId: id });
  return { hearing: formatHearingForApi({ row: hearing!, actor, leaderOfCase }) };
}

/** Deletes a trial record: its author or the unit's leader (audited; the row is kept, hidden). */
export async function deleteHearing({
  actor,
  caseId,
  hearingId,
  context,
  deps,
  now = new Date(),
}: {
  actor: Actor;
  caseId: string;
  hearingId: string;
  context: RequestContext;
  deps: HearingsDeps;
  now?: Date;
}) {
  const { case: found, leaderOfCase } = await readCase({
    actor,
    caseId,
    action: 'read',
    context,
    deps,
  });
  const { hearing } = await deps.hearingsRepository.getById({ caseId, hearingId });
  if (!hearing) {
    throw createHearingNotFoundError();
  }
  if (!canDeleteHearing({ actor, hearing: { createdBy: hearing.created_by }, leaderOfCase })) {
    throw createForbiddenError();
  }
  const { deleted } = await deps.hearingsRepository.softDelete({ hearingId, now });
  await deps.auditRepository.record({
    event: {
      action: 'hearing.deleted',
      actor,
      targetKind: 'hearing',
      targetId: hearingId,
      caseId,
      unitId: found.unitId,
      context,
      details: { heldOn: hearing.held_on, court: hearing.court },
    },
  });
  return { deleted };
}
