import type {
  AnomalyExplanation,
  AnomalyExplanationBody,
  Case,
  DigitizationState,
  DigitizationStatus,
  DigitizationTransitionBody,
} from '@sohoa/contracts';
import { loadUnitTree, getCaseForActionOrThrow } from '../access/access.usecases.ts';
import type { Actor } from '../access/access.types.ts';
import { relationBetween } from '../access/unit-tree.ts';
import { getIntegrityReport, type PagesDeps } from '../pages/pages.usecases.ts';
import type { RequestContext } from '../shared/request-context.ts';
import type { DigitizationRepository } from './digitization.repository.ts';
import {
  createChecklistIncompleteError,
  createExplanationNotFoundError,
  createReasonRequiredError,
  createRoleNotAllowedError,
  createStateChangedError,
  createTransitionNotAllowedError,
  createUnknownAnomalyError,
} from './digitization.errors.ts';
import {
  blockingItems,
  evaluateChecklist,
  performersOf,
  stepBetween,
  stepsFrom,
} from './digitization.rules.ts';

export interface DigitizationDeps extends PagesDeps {
  digitizationRepository: DigitizationRepository;
}

/** A failed page is an anomaly of the file like a bút lục gap: re-process it or explain it. */
const failedPageKey = (pageId: string) => `failed:${pageId}`;

/** The checklist's facts, computed from live data (never typed in). */
async function computeChecklist({
  caseId,
  context,
  deps,
}: {
  caseId: string;
  context: RequestContext;
  deps: DigitizationDeps;
}) {
  const repo = deps.digitizationRepository;
  const [{ report }, counts, { at: lastChangeAt }, exports, { explanations }, { transitions }] =
    await Promise.all([
      getIntegrityReport({ actor: null, caseId, context, deps }),
      repo.contentCounts({ caseId }),
      repo.lastContentChange({ caseId }),
      repo.latestExports({ caseId }),
      repo.listExplanations({ caseId }),
      repo.listTransitions({ caseId }),
    ]);
  const { pages } = await deps.pagesRepository.listCasePages({ caseId });
  const anomalyKeys = [
    ...report.anomalies.map((a) => a.key),
    ...pages.filter((p) => p.status === 'FAILED').map((p) => failedPageKey(p.id)),
  ];
  const explained = new Set(explanations.map((e) => e.anomaly_key));
  const byStatus = counts.pagesByStatus;
  const totalPages = Object.values(byStatus).reduce((a, b) => a + b, 0);
  // The review that counts is the latest move to REVIEWED, unless a later step went back.
  const lastReview = [...transitions].reverse().find((t) => t.to_status === 'REVIEWED');
  const withdrawn =
    lastReview &&
    transitions.some(
      (t) =>
        t.created_at > lastReview.created_at &&
        (t.to_status === 'AWAITING_REVIEW' || t.to_status === 'SCANNING'),
    );
  const checklist = evaluateChecklist({
    volumes: counts.volumes,
    volumesWithoutPages: counts.volumesWithoutPages,
    pages: totalPages,
    pendingPages: totalPages - (byStatus.DONE ?? 0) - (byStatus.FAILED ?? 0),
    failedPages: byStatus.FAILED ?? 0,
    anomalies: anomalyKeys.length,
    unexplainedAnomalies: anomalyKeys.filter((k) => !explained.has(k)).length,
    documents: counts.documents,
    lastChangeAt,
    reviewedAt: lastReview && !withdrawn ? new Date(lastReview.created_at) : null,
    indexExportedAt: exports.indexAt,
    pdfExportedAt: exports.pdfAt,
  });
  return { checklist, anomalyKeys, explanations, transitions };
}

async function performersFor({
  actor,
  found,
  deps,
}: {
  actor: Actor;
  found: Case;
  deps: DigitizationDeps;
}) {
  const { tree } = await loadUnitTree({ unitsRepository: deps.unitsRepository });
  const relation = relationBetween({ tree, actorUnitId: actor.unitId, targetUnitId: found.unitId });
  return performersOf({ actor, relation, facts: found });
}

/** The state of the procedure, the steps the actor may take now, the checklist and the history. */
export async function getDigitizationState({
  actor,
  caseId,
  context,
  deps,
}: {
  actor: Actor;
  caseId: string;
  context: RequestContext;
  deps: DigitizationDeps;
}): Promise<{ digitization: DigitizationState }> {
  const { case: found } = await getCaseForActionOrThrow({
    actor,
    caseId,
    action: 'read',
    context,
    ...deps,
  });
  const { checklist, transitions, explanations } = await computeChecklist({
    caseId,
    context,
    deps,
  });
  const performers = await performersFor({ actor, found, deps });
  const status = found.digitizationStatus;
  return {
    digitization: {
      caseId,
      status,
      steps: stepsFrom(status).map((step) => ({
        to: step.to,
        by: [...step.by],
        reasonRequired: step.reasonRequired,
        allowed: step.by.some((p) => performers.has(p)),
        blockedBy: blockingItems(step, checklist),
      })),
      checklist,
      history: transitions.map((t) => ({
        id: t.id,
        from: t.from_status as DigitizationStatus,
        to: t.to_status as DigitizationStatus,
        actorId: t.actor_id,
        actorName: t.actor_name,
        reason: t.reason,
        automatic: t.automatic,
        at: new Date(t.created_at).toISOString(),
      })),
      explanations: explanations.map(toExplanationView),
    },
  };
}

type ExplanationRow = Awaited<
  ReturnType<DigitizationRepository['listExplanations']>
>['explanations'][number];

function toExplanationView(row: ExplanationRow): AnomalyExplanation {
  return {
    id: row.id,
    anomalyKey: row.anomaly_key,
    note: row.note,
    authorId: row.author_id,
    authorName: row.author_name,
    createdAt: new Date(row.created_at).toISOString(),
  };
}

/**
 * Takes one step of the procedure. Refused when the step does not lead from the current state
 * (409), when the actor's role may not take it (403), without a reason where one is needed (400),
 * or while a checklist item it requires is not met (409, the items named in `issues`).
 */
export async function transitionDigitization({
  actor,
  caseId,
  body,
  context,
  deps,
  now = new Date(),
}: {
  actor: Actor;
  caseId: string;
  body: DigitizationTransitionBody;
  context: RequestContext;
  deps: DigitizationDeps;
  now?: Date;
}) {
  const { case: found } = await getCaseForActionOrThrow({
    actor,
    caseId,
    action: 'read',
    context,
    ...deps,
  });
  const from = found.digitizationStatus;
  const step = stepBetween(from, body.to);
  if (!step) {
    throw createTransitionNotAllowedError({ details: { from, to: body.to } });
  }
  const performers = await performersFor({ actor, found, deps });
  if (!step.by.some((p) => performers.has(p))) {
    await deps.auditRepository.record({
      event: {
        action: 'digitization.transitioned',
        actor,
        outcome: 'DENIED',
        targetKind: 'case',
        targetId: caseId,
        caseId,
        unitId: found.unitId,
        context,
        details: { from, to: body.to },
      },
    });
    throw createRoleNotAllowedError();
  }
  const reason = body.reason?.trim() || null;
  if (step.reasonRequired && !reason) {
    throw createReasonRequiredError();
  }
  const { checklist } = await computeChecklist({ caseId, context, deps });
  const blocked = blockingItems(step, checklist);
  if (blocked.length > 0) {
    throw createChecklistIncompleteError({
      details: {
        issues: blocked.map((item) => ({ path: `checklist.${item}`, message: item })),
      },
    });
  }
  const { moved } = await deps.digitizationRepository.transition({
    caseId,
    from,
    to: body.to,
    actorId: actor.userId,
    reason,
    checklist,
    now,
  });
  if (!moved) {
    throw createStateChangedError();
  }
  await deps.auditRepository.record({
    event: {
      action: 'digitization.transitioned',
      actor,
      targetKind: 'case',
      targetId: caseId,
      caseId,
      unitId: found.unitId,
      context,
      details: { from, to: body.to, reason },
    },
  });
  return getDigitizationState({ actor, caseId, context, deps });
}

/** Explains an anomaly of the current report (or a failed page) so the checklist accepts it. */
export async function explainAnomaly({
  actor,
  caseId,
  body,
  context,
  deps,
  now = new Date(),
}: {
  actor: Actor;
  caseId: string;
  body: AnomalyExplanationBody;
  context: RequestContext;
  deps: DigitizationDeps;
  now?: Date;
}) {
  const { case: found } = await getCaseForActionOrThrow({
    actor,
    caseId,
    action: 'edit',
    context,
    ...deps,
  });
  const { anomalyKeys } = await computeChecklist({ caseId, context, deps });
  if (!anomalyKeys.includes(body.anomalyKey)) {
    throw createUnknownAnomalyError();
  }
  const { id } = await deps.digitizationRepository.saveExplanation({
    caseId,
    anomalyKey: body.anomalyKey,
    note: body.note,
    authorId: actor.userId,
    now,
  });
  await deps.auditRepository.record({
    event: {
      action: 'integrity.explained',
      actor,
      targetKind: 'case',
      targetId: caseId,
      caseId,
      unitId: found.unitId,
      context,
      details: { explanationId: id, anomalyKey: body.anomalyKey },
    },
  });
  return getDigitizationState({ actor, caseId, context, deps });
}

export async function deleteExplanation({
  actor,
  caseId,
  explanationId,
  context,
  deps,
}: {
  actor: Actor;
  caseId: string;
  explanationId: string;
  context: RequestContext;
  deps: DigitizationDeps;
}) {
  const { case: found } = await getCaseForActionOrThrow({
    actor,
    caseId,
    action: 'edit',
    context,
    ...deps,
  });
  const { deleted } = await deps.digitizationRepository.deleteExplanation({
    caseId,
    explanationId,
  });
  if (!deleted) {
    throw createExplanationNotFoundError();
  }
  await deps.auditRepository.record({
    event: {
      action: 'integrity.explanation_deleted',
      actor,
      targetKind: 'case',
      targetId: caseId,
      caseId,
      unitId: found.unitId,
      context,
      details: { explanationId },
    },
  });
  return getDigitizationState({ actor, caseId, context, deps });
}
