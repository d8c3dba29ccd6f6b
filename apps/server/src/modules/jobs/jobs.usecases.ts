import type { Actor } from '../access/access.types.ts';
import { getCaseForActionOrThrow } from '../access/access.usecases.ts';
import type { AuditRepository } from '../audit/audit.repository.ts';
import type { CasesRepository } from '../cases/cases.repository.ts';
import type { RequestContext } from '../shared/request-context.ts';
import type { UnitsRepository } from '../units/units.repository.ts';
import type { JobsRepository } from './jobs.repository.ts';

export interface QueueDeps {
  casesRepository: CasesRepository;
  unitsRepository: UnitsRepository;
  auditRepository: AuditRepository;
  jobsRepository: JobsRepository;
}

/** The case's queue priority and its jobs by name and state (read access). */
export async function getCaseQueue({
  actor,
  caseId,
  context,
  deps,
}: {
  actor: Actor;
  caseId: string;
  context: RequestContext;
  deps: QueueDeps;
}) {
  await getCaseForActionOrThrow({ actor, caseId, action: 'read', context, ...deps });
  return { queue: await readQueue({ caseId, deps }) };
}

/** A hearing tomorrow: the case's queued jobs (and the ones it enqueues later) go first. */
export async function setCaseQueuePriority({
  actor,
  caseId,
  priority,
  context,
  deps,
}: {
  actor: Actor;
  caseId: string;
  priority: number;
  context: RequestContext;
  deps: QueueDeps;
}) {
  const { case: found } = await getCaseForActionOrThrow({
    actor,
    caseId,
    action: 'edit',
    context,
    ...deps,
  });
  const { priority: before } = await deps.jobsRepository.getCasePriority({ caseId });
  const { updated } = await deps.jobsRepository.setCasePriority({ caseId, priority });
  await deps.auditRepository.record({
    event: {
      action: 'case.queue_changed',
      actor,
      targetKind: 'case',
      targetId: caseId,
      caseId,
      unitId: found.unitId,
      context,
      details: { priority: { before, after: priority }, jobs: updated },
    },
  });
  return { queue: await readQueue({ caseId, deps }) };
}

/** Cancels the case's pending jobs; running ones stop at their next checkpoint. */
export async function cancelCaseQueue({
  actor,
  caseId,
  context,
  deps,
}: {
  actor: Actor;
  caseId: string;
  context: RequestContext;
  deps: QueueDeps;
}) {
  const { case: found } = await getCaseForActionOrThrow({
    actor,
    caseId,
    action: 'edit',
    context,
    ...deps,
  });
  const result = await deps.jobsRepository.cancelCase({ caseId });
  await deps.auditRepository.record({
    event: {
      action: 'case.queue_changed',
      actor,
      targetKind: 'case',
      targetId: caseId,
      caseId,
      unitId: found.unitId,
      context,
      details: { cancel: result },
    },
  });
  return result;
}

async function readQueue({ caseId, deps }: { caseId: string; deps: QueueDeps }) {
  const [{ priority }, { counts }] = await Promise.all([
    deps.jobsRepository.getCasePriority({ caseId }),
    deps.jobsRepository.countByStatus({ caseId }),
  ]);
  return { priority, counts };
}
