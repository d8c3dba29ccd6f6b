import { z } from 'zod';
import { unitIdSchema, userIdSchema } from './api.schemas.ts';
import { pageIdSchema } from './ingestion.schemas.ts';
import { isoDateSchema } from './structure.schemas.ts';
import { TARGET_COMPARATORS, TARGET_METRICS, TARGET_STATUSES } from './dashboard.constants.ts';

/*
 * Trial records (issue 7 §7) and the steering dashboard with its targets (issue 8 §1).
 * Dates are calendar days 'YYYY-MM-DD' (Vietnam has one time zone; the server works in UTC days).
 */

const text = (max: number) => z.string().trim().min(1).max(max);
const id = (prefix: string) =>
  z
    .string()
    .max(64)
    .regex(new RegExp(`^${prefix}_[0-9a-z]{10,40}$`), `must be an id starting with ${prefix}_`);

export const hearingIdSchema = id('hrg');
export const targetIdSchema = id('tgt');

/** One item shown at the hearing: a document, a page, a map, an exhibit… (free kind). */
export const hearingItemSchema = z.strictObject({
  kind: text(40),
  label: text(300),
  pageIds: z.array(pageIdSchema).max(500).optional(),
});
export type HearingItem = z.infer<typeof hearingItemSchema>;

/** POST /api/cases/{caseId}/hearings — the courtroom presentation posts this too. */
export const createHearingBodySchema = z.strictObject({
  heldOn: isoDateSchema,
  court: text(300),
  presenterId: userIdSchema.optional(),
  itemsShown: z.array(hearingItemSchema).max(500).optional(),
});
export type CreateHearingBody = z.infer<typeof createHearingBodySchema>;

export const hearingSchema = z.object({
  id: z.string(),
  caseId: z.string(),
  unitId: z.string(),
  heldOn: z.string(),
  court: z.string(),
  presenter: z.object({ id: z.string(), name: z.string() }).nullable(),
  itemsShown: z.array(hearingItemSchema),
  /** The case file was approved (digitized) on the day of the hearing. */
  withDigitizedFile: z.boolean(),
  createdBy: z.object({ id: z.string(), name: z.string() }).nullable(),
  createdAt: z.string(),
  canDelete: z.boolean(),
});
export type Hearing = z.infer<typeof hearingSchema>;

export const targetMetricSchema = z.enum(TARGET_METRICS);
export const targetComparatorSchema = z.enum(TARGET_COMPARATORS);

const targetFields = {
  unitId: unitIdSchema,
  from: isoDateSchema,
  to: isoDateSchema,
  metric: targetMetricSchema,
  comparator: targetComparatorSchema.default('>='),
  /** A count, or a percentage 0–100 for indicted_share_digitized. */
  value: z.number().min(0).max(1_000_000_000),
  appliesToSubtree: z.boolean().default(false),
  note: z.string().trim().max(500).optional(),
};
export const createTargetBodySchema = z
  .strictObject(targetFields)
  .refine((t) => t.from <= t.to, { message: 'from must not be after to', path: ['to'] })
  .refine((t) => t.metric !== 'indicted_share_digitized' || t.value <= 100, {
    message: 'a share is at most 100',
    path: ['value'],
  });
export type CreateTargetBody = z.input<typeof createTargetBodySchema>;

export const updateTargetBodySchema = z.strictObject({
  from: isoDateSchema.optional(),
  to: isoDateSchema.optional(),
  comparator: targetComparatorSchema.optional(),
  value: z.number().min(0).max(1_000_000_000).optional(),
  appliesToSubtree: z.boolean().optional(),
  note: z.string().trim().max(500).optional(),
});
export type UpdateTargetBody = z.infer<typeof updateTargetBodySchema>;

export const dashboardQuerySchema = z.strictObject({
  unitId: unitIdSchema.optional(),
  from: isoDateSchema.optional(),
  to: isoDateSchema.optional(),
});
export type DashboardQuery = z.infer<typeof dashboardQuerySchema>;

export const dashboardFiguresSchema = z.object({
  casesReceived: z.number(),
  casesDigitized: z.number(),
  pagesDigitized: z.number(),
  sheetsDigitized: z.number(),
  indictedCases: z.number(),
  indictedDigitized: z.number(),
  /** Percentage 0–100 (one decimal), null when the unit has no indicted case. */
  indictedShareDigitized: z.number().nullable(),
  hearings: z.number(),
  hearingsWithDigitizedFile: z.number(),
  pagesAwaitingReview: z.number(),
  ocrFailures: z.number(),
});
export type DashboardFigures = z.infer<typeof dashboardFiguresSchema>;

export const targetEvaluationSchema = z.object({
  id: z.string(),
  unitId: z.string(),
  from: z.string(),
  to: z.string(),
  metric: targetMetricSchema,
  comparator: targetComparatorSchema,
  value: z.number(),
  appliesToSubtree: z.boolean(),
  note: z.string().nullable(),
  /** Evaluations: one for the unit (rolled up), or one per unit of its subtree. */
  results: z.array(
    z.object({
      unitId: z.string(),
      actual: z.number().nullable(),
      expectedByNow: z.number(),
      status: z.enum(TARGET_STATUSES),
    }),
  ),
});
export type TargetEvaluation = z.infer<typeof targetEvaluationSchema>;

export const dashboardSchema = z.object({
  unit: z.object({ id: z.string(), code: z.string(), name: z.string() }),
  from: z.string(),
  to: z.string(),
  units: z.array(
    z.object({
      id: z.string(),
      code: z.string(),
      name: z.string(),
      parentId: z.string().nullable(),
      depth: z.number(),
      figures: dashboardFiguresSchema,
    }),
  ),
  totals: dashboardFiguresSchema,
  trend: z.array(
    z.object({
      month: z.string(),
      casesReceived: z.number(),
      casesDigitized: z.number(),
      pagesDigitized: z.number(),
      hearingsWithDigitizedFile: z.number(),
    }),
  ),
  targets: z.array(targetEvaluationSchema),
  canEditTargets: z.boolean(),
  generatedAt: z.string(),
});
export type Dashboard = z.infer<typeof dashboardSchema>;
