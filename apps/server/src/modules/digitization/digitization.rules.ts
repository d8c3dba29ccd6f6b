import type {
  ChecklistEntry,
  DigitizationChecklistItem,
  DigitizationPerformer,
  DigitizationStatus,
} from '@sohoa/contracts';
import type { Actor, CaseAccessFacts, UnitRelation } from '../access/access.types.ts';

/*
 * The digitization procedure as data (pure): which step leads from which state to which, who may
 * take it, whether it needs a reason, and which checklist items must hold first. One table, so
 * the API, the UI ("what can I do now") and the tests read the same rules.
 */

export interface ProcedureStep {
  from: DigitizationStatus;
  to: DigitizationStatus;
  by: readonly DigitizationPerformer[];
  reasonRequired: boolean;
  requires: readonly DigitizationChecklistItem[];
}

const ALL_ITEMS: readonly DigitizationChecklistItem[] = [
  'volumes_imported',
  'pages_processed',
  'integrity_resolved',
  'structure_reviewed',
  'index_produced',
  'pdf_exported',
];

export const PROCEDURE_STEPS: readonly ProcedureStep[] = [
  // Forward: the clerk receives, scans and sends for processing; the assigned prosecutor
  // (or examiner) reviews; the unit leader approves against the full checklist.
  { from: 'RECEIVED', to: 'SCANNING', by: ['clerk'], reasonRequired: false, requires: [] },
  { from: 'SCANNING', to: 'PROCESSING', by: ['clerk'], reasonRequired: false, requires: [] },
  {
    from: 'PROCESSING',
    to: 'AWAITING_REVIEW',
    by: ['clerk'],
    reasonRequired: false,
    requires: ['volumes_imported', 'pages_processed'],
  },
  {
    from: 'AWAITING_REVIEW',
    to: 'REVIEWED',
    by: ['reviewer'],
    reasonRequired: false,
    requires: ['volumes_imported', 'pages_processed', 'integrity_resolved'],
  },
  {
    from: 'REVIEWED',
    to: 'APPROVED',
    by: ['leader'],
    reasonRequired: false,
    requires: ALL_ITEMS,
  },
  // Backward, always with a reason: more pages to scan, a review withdrawn, an approval reopened.
  {
    from: 'PROCESSING',
    to: 'SCANNING',
    by: ['clerk', 'reviewer', 'leader'],
    reasonRequired: true,
    requires: [],
  },
  {
    from: 'AWAITING_REVIEW',
    to: 'SCANNING',
    by: ['clerk', 'reviewer', 'leader'],
    reasonRequired: true,
    requires: [],
  },
  {
    from: 'REVIEWED',
    to: 'AWAITING_REVIEW',
    by: ['reviewer', 'leader'],
    reasonRequired: true,
    requires: [],
  },
  {
    from: 'APPROVED',
    to: 'AWAITING_REVIEW',
    by: ['leader'],
    reasonRequired: true,
    requires: [],
  },
];

/** The state a change to an approved file sends it back to. */
export const REOPENED_STATUS: DigitizationStatus = 'AWAITING_REVIEW';

export function stepBetween(from: DigitizationStatus, to: DigitizationStatus) {
  return PROCEDURE_STEPS.find((s) => s.from === from && s.to === to) ?? null;
}

export function stepsFrom(from: DigitizationStatus) {
  return PROCEDURE_STEPS.filter((s) => s.from === from);
}

/**
 * What the actor counts as for this case. The clerk's steps are open to clerks who may import into
 * the case (assigned, or of the case's unit) and to its unit leader; a review only to a prosecutor
 * or examiner assigned to the case; approval only to a leader of the case's unit.
 */
export function performersOf({
  actor,
  relation,
  facts,
}: {
  actor: Actor;
  relation: UnitRelation;
  facts: CaseAccessFacts;
}): Set<DigitizationPerformer> {
  const performers = new Set<DigitizationPerformer>();
  const assigned = facts.assigneeIds.includes(actor.userId);
  const leader = relation === 'SAME' && actor.roles.includes('LEADER');
  const restricted = facts.confidentiality !== 'NORMAL';
  const clerk = actor.roles.includes('CLERK') && (assigned || (relation === 'SAME' && !restricted));
  if (clerk || leader) {
    performers.add('clerk');
  }
  if (assigned && (actor.roles.includes('PROSECUTOR') || actor.roles.includes('EXAMINER'))) {
    performers.add('reviewer');
  }
  if (leader) {
    performers.add('leader');
  }
  return performers;
}

/** Items of `step.requires` that the checklist does not meet. */
export function blockingItems(
  step: ProcedureStep,
  checklist: readonly ChecklistEntry[],
): DigitizationChecklistItem[] {
  return step.requires.filter((item) => !checklist.find((c) => c.item === item)?.ok);
}

export interface ChecklistFacts {
  volumes: number;
  volumesWithoutPages: number;
  pages: number;
  pendingPages: number;
  failedPages: number;
  anomalies: number;
  unexplainedAnomalies: number;
  documents: number;
  /** Last change of the file's content (pages, corrections, structure edits, new sources). */
  lastChangeAt: Date | null;
  /** Last review (transition to REVIEWED) not undone since. */
  reviewedAt: Date | null;
  indexExportedAt: Date | null;
  pdfExportedAt: Date | null;
}

const after = (at: Date | null, change: Date | null) =>
  at !== null && (change === null || at.getTime() >= change.getTime());

const iso = (d: Date | null) => (d ? d.toISOString() : null);

/** The approval checklist of issue 8 (every volume imported … case PDF exported and verified). */
export function evaluateChecklist(facts: ChecklistFacts): ChecklistEntry[] {
  return [
    {
      item: 'volumes_imported',
      ok: facts.volumes > 0 && facts.volumesWithoutPages === 0,
      details: { volumes: facts.volumes, volumesWithoutPages: facts.volumesWithoutPages },
    },
    {
      item: 'pages_processed',
      ok: facts.pages > 0 && facts.pendingPages === 0,
      details: {
        pages: facts.pages,
        pendingPages: facts.pendingPages,
        failedPages: facts.failedPages,
      },
    },
    {
      // Failed pages count as anomalies: re-process them or explain them.
      item: 'integrity_resolved',
      ok: facts.unexplainedAnomalies === 0,
      details: { anomalies: facts.anomalies, unexplained: facts.unexplainedAnomalies },
    },
    {
      item: 'structure_reviewed',
      ok: facts.documents > 0 && after(facts.reviewedAt, facts.lastChangeAt),
      details: { documents: facts.documents, reviewedAt: iso(facts.reviewedAt) },
    },
    {
      item: 'index_produced',
      ok: facts.documents > 0 && after(facts.indexExportedAt, facts.lastChangeAt),
      details: { exportedAt: iso(facts.indexExportedAt), lastChangeAt: iso(facts.lastChangeAt) },
    },
    {
      // Every case PDF sohoa writes is read back and verified before it is delivered.
      item: 'pdf_exported',
      ok: after(facts.pdfExportedAt, facts.lastChangeAt),
      details: { exportedAt: iso(facts.pdfExportedAt), lastChangeAt: iso(facts.lastChangeAt) },
    },
  ];
}
