import type { PresentationCommand, PresentationSession as ApiSession } from '@sohoa/contracts';
import type { Actor } from '../access/access.types.ts';
import { getCaseForActionOrThrow } from '../access/access.usecases.ts';
import type { CasesDeps } from '../cases/cases.usecases.ts';
import { isDomainError } from '../shared/errors/errors.ts';
import type { RequestContext } from '../shared/request-context.ts';
import {
  createNotPresenterError,
  createPresentationNotFoundError,
} from './presentations.errors.ts';
import type { PresentationSession, PresentationsRegistry } from './presentations.registry.ts';

export interface PresentationsDeps extends CasesDeps {
  presentations: PresentationsRegistry;
}

interface Call {
  actor: Actor;
  context: RequestContext;
  deps: PresentationsDeps;
}

export function formatPresentationForApi({
  session,
  actor,
}: {
  session: PresentationSession;
  actor: Actor;
}): ApiSession {
  return {
    id: session.id,
    caseId: session.caseId,
    code: session.code,
    expiresAt: session.expiresAt.toISOString(),
    presenter: session.presenterId === actor.userId,
  };
}

/** Opens a session for a case the actor works on (edit access): they become its presenter. */
export async function startPresentation({
  actor,
  caseId,
  context,
  deps,
}: Call & { caseId: string }) {
  const { case: found } = await getCaseForActionOrThrow({
    actor,
    caseId,
    action: 'edit',
    context,
    ...deps,
  });
  const { session } = await deps.presentations.open({
    caseId,
    unitId: found.unitId,
    presenterId: actor.userId,
  });
  await deps.auditRepository.record({
    event: {
      action: 'presentation.started',
      actor,
      targetKind: 'presentation',
      targetId: session.id,
      caseId,
      unitId: found.unitId,
      context,
      details: {},
    },
  });
  return { presentation: formatPresentationForApi({ session, actor }), state: session.state };
}

/**
 * An audience screen joins by code: the actor must be logged in and allowed to read the case.
 * Every join is audited as `presentation.join`, a refused one with outcome DENIED; to the refused
 * caller the session does not exist, like a case they may not see.
 */
export async function joinPresentation({ actor, code, context, deps }: Call & { code: string }) {
  const { session } = await deps.presentations.getByCode({ code });
  if (!session) {
    throw createPresentationNotFoundError();
  }
  const event = {
    action: 'presentation.join' as const,
    actor,
    targetKind: 'presentation' as const,
    targetId: session.id,
    caseId: session.caseId,
    unitId: session.unitId,
    context,
  };
  try {
    await getCaseForActionOrThrow({
      actor,
      caseId: session.caseId,
      action: 'read',
      context,
      ...deps,
    });
  } catch (error) {
    if (isDomainError(error)) {
      await deps.auditRepository.record({
        event: { ...event, outcome: 'DENIED', details: { reason: error.code } },
      });
      throw createPresentationNotFoundError();
    }
    throw error;
  }
  await deps.auditRepository.record({ event: { ...event, details: {} } });
  return { presentation: formatPresentationForApi({ session, actor }), state: session.state };
}

async function presenterSessionOrThrow({
  actor,
  deps,
  presentationId,
}: Call & { presentationId: string }) {
  const { session } = await deps.presentations.getById({ id: presentationId });
  if (!session) {
    throw createPresentationNotFoundError();
  }
  if (session.presenterId !== actor.userId) {
    throw createNotPresenterError();
  }
  return { session };
}

/** The presenter pushes a command; every audience screen receives the new state. */
export async function pushPresentationCommand({
  command,
  ...call
}: Call & { presentationId: string; command: PresentationCommand }) {
  const { session } = await presenterSessionOrThrow(call);
  const { state } = await call.deps.presentations.apply({ id: session.id, command });
  if (!state) {
    throw createPresentationNotFoundError();
  }
  return { state };
}

export async function endPresentation(call: Call & { presentationId: string }) {
  const { session } = await presenterSessionOrThrow(call);
  await call.deps.presentations.end({ id: session.id });
  await call.deps.auditRepository.record({
    event: {
      action: 'presentation.ended',
      actor: call.actor,
      targetKind: 'presentation',
      targetId: session.id,
      caseId: session.caseId,
      unitId: session.unitId,
      context: call.context,
      details: { shown: session.state.seq },
    },
  });
  return { ended: true };
}
