import { z } from 'zod';
import { digitizationStatusSchema } from './enums.ts';

/**
 * The digitization procedure of one case file: its state, the steps the current user may take,
 * the approval checklist and the history of transitions.
 */
export const DIGITIZATION_CHECKLIST_ITEMS = [
  'volumes_imported',
  'pages_processed',
  'integrity_resolved',
  'structure_reviewed',
  'index_produced',
  'pdf_exported',
] as const;
export const digitizationChecklistItemSchema = z.enum(DIGITIZATION_CHECKLIST_ITEMS);
export type DigitizationChecklistItem = z.infer<typeof digitizationChecklistItemSchema>;

/** Who takes a step: the clerk who scans, the assigned prosecutor/examiner, the unit leader. */
export const DIGITIZATION_PERFORMERS = ['clerk', 'reviewer', 'leader'] as const;
export const digitizationPerformerSchema = z.enum(DIGITIZATION_PERFORMERS);
export type DigitizationPerformer = z.infer<typeof digitizationPerformerSchema>;

export const checklistEntrySchema = z.object({
  item: digitizationChecklistItemSchema,
  ok: z.boolean(),
  /** Counts behind the verdict (pages pending, anomalies unexplained, …). */
  details: z.record(z.string(), z.union([z.number(), z.string(), z.null()])),
});
export type ChecklistEntry = z.infer<typeof checklistEntrySchema>;

export const digitizationTransitionSchema = z.object({
  id: z.string(),
  from: digitizationStatusSchema,
  to: digitizationStatusSchema,
  actorId: z.string().nullable(),
  actorName: z.string().nullable(),
  reason: z.string().nullable(),
  /** True when the system reopened an approved file because it changed. */
  automatic: z.boolean(),
  at: z.string(),
});
export type DigitizationTransition = z.infer<typeof digitizationTransitionSchema>;

export const availableStepSchema = z.object({
  to: digitizationStatusSchema,
  by: z.array(digitizationPerformerSchema),
  reasonRequired: z.boolean(),
  /** The current user may take this step (role and assignment). */
  allowed: z.boolean(),
  /** Checklist items this step needs that are not met yet. */
  blockedBy: z.array(digitizationChecklistItemSchema),
});
export type AvailableStep = z.infer<typeof availableStepSchema>;

/** A reviewer's explanation of a bút lục anomaly that is not an error (e.g. a number skipped at source). */
export const anomalyExplanationSchema = z.object({
  id: z.string(),
  anomalyKey: z.string(),
  note: z.string(),
  authorId: z.string().nullable(),
  authorName: z.string().nullable(),
  createdAt: z.string(),
});
export type AnomalyExplanation = z.infer<typeof anomalyExplanationSchema>;

export const digitizationStateSchema = z.object({
  caseId: z.string(),
  status: digitizationStatusSchema,
  steps: z.array(availableStepSchema),
  checklist: z.array(checklistEntrySchema),
  history: z.array(digitizationTransitionSchema),
  explanations: z.array(anomalyExplanationSchema),
});
export type DigitizationState = z.infer<typeof digitizationStateSchema>;

export const digitizationTransitionBodySchema = z.strictObject({
  to: digitizationStatusSchema,
  reason: z.string().trim().min(1).max(2000).optional(),
});
export type DigitizationTransitionBody = z.infer<typeof digitizationTransitionBodySchema>;

export const anomalyExplanationBodySchema = z.strictObject({
  anomalyKey: z.string().trim().min(1).max(2000),
  note: z.string().trim().min(1).max(2000),
});
export type AnomalyExplanationBody = z.infer<typeof anomalyExplanationBodySchema>;
