import type { Actor } from '../access/access.types.ts';
import type { AuditRepository } from '../audit/audit.repository.ts';
import type { CasesRepository } from '../cases/cases.repository.ts';
import type { RequestContext } from '../shared/request-context.ts';
import type { DigitizationRepository } from './digitization.repository.ts';
import { REOPENED_STATUS } from './digitization.rules.ts';

/** What a module that changes a case file's content needs to reopen it (optional in its deps). */
export interface ReopenDeps {
  casesRepository: CasesRepository;
  auditRepository: AuditRepository;
  digitizationRepository?: DigitizationRepository;
}

/**
 * A change to a reviewed or approved file (a page corrected or re-processed, a structure edit,
 * new pages) sends it back to "awaiting review", with the change as the reason: what was
 * reviewed and approved is no longer what the file holds. The first file imported into a received
 * case moves it to "scanning". Call after the change is stored.
 */
export async function reopenAfterChange({
  actor,
  caseId,
  reason,
  context,
  deps,
  now = new Date(),
}: {
  actor: Actor | null;
  caseId: string;
  reason: string;
  context: RequestContext;
  deps: ReopenDeps;
  now?: Date;
}): Promise<{ reopened: boolean }> {
  const repository = deps.digitizationRepository;
  if (!repository) {
    return { reopened: false };
  }
  const { case: found } = await deps.casesRepository.getById({ caseId });
  if (!found) {
    return { reopened: false };
  }
  const from = found.digitizationStatus;
  // The first pages of a received file mean scanning has started.
  const to =
    from === 'APPROVED' || from === 'REVIEWED'
      ? REOPENED_STATUS
      : from === 'RECEIVED' && reason === 'source.imported'
        ? 'SCANNING'
        : null;
  if (!to) {
    return { reopened: false };
  }
  const { moved } = await repository.transition({
    caseId,
    from,
    to,
    actorId: actor?.userId ?? null,
    reason,
    automatic: true,
    checklist: null,
    now,
  });
  if (moved) {
    await deps.auditRepository.record({
      event: {
        action: to === REOPENED_STATUS ? 'digitization.reopened' : 'digitization.transitioned',
        actor,
        targetKind: 'case',
        targetId: caseId,
        caseId,
        unitId: found.unitId,
        context,
        details: { from, to, reason },
      },
    });
  }
  return { reopened: moved && to === REOPENED_STATUS };
}
