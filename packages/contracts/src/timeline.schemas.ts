import { z } from 'zod';
import { CRIME_CATEGORY_CODES } from './deadlines.ts';

/* The procedural timeline, deadline clocks and person index of a case (issue 4 §7–8). */

const bilingual = z.object({ vi: z.string(), en: z.string() });
const durationSchema = z.object({
  value: z.number(),
  unit: z.enum(['hour', 'day', 'working_day', 'month']),
});
const personSchema = z.object({ name: z.string(), role: z.string() });
const clockDocumentSchema = z.object({
  documentId: z.string(),
  typeCode: z.string(),
  date: z.string(),
  butLucFrom: z.number().nullable(),
});

export const crimeCategorySchema = z.enum(CRIME_CATEGORY_CODES as [string, ...string[]]);

/** GET /api/cases/{caseId}/timeline: statuses as of another day (reviewing an archived file). */
export const timelineQuerySchema = z.strictObject({
  asOf: z
    .string()
    .regex(/^\d{4}-\d{2}-\d{2}$/, 'yyyy-mm-dd')
    .refine((s) => !Number.isNaN(Date.parse(`${s}T00:00:00Z`)), 'not a date')
    .optional(),
});
export type TimelineQuery = z.infer<typeof timelineQuerySchema>;

/** PUT /api/cases/{caseId}/procedure-settings: null clears a setting. */
export const procedureSettingsBodySchema = z.strictObject({
  crimeCategory: crimeCategorySchema.nullable().optional(),
  nearWorkingDays: z.number().int().min(0).max(60).nullable().optional(),
});
export type ProcedureSettingsBody = z.infer<typeof procedureSettingsBodySchema>;

export const procedureSettingsSchema = z.object({
  crimeCategory: z.string().nullable(),
  nearWorkingDays: z.number().nullable(),
  updatedAt: z.string().nullable(),
});
export type ProcedureSettings = z.infer<typeof procedureSettingsSchema>;

export const chargeFoundSchema = z.object({
  name: z.string().nullable(),
  article: z.number().nullable(),
  clause: z.number().nullable(),
  point: z.string().nullable(),
  code: z.literal('BLHS'),
  /** 'document' = read from the documents listed; 'case' = entered on the case. */
  source: z.enum(['document', 'case']),
  documentIds: z.array(z.string()),
  evidence: z.string().nullable(),
});

export const crimeCategoryDecisionSchema = z.object({
  category: z.string().nullable(),
  name: bilingual.nullable(),
  source: z.enum(['override', 'explicit', 'penalty', 'unknown']),
  evidence: z.string().nullable(),
  documentId: z.string().nullable(),
  article: z.string(),
  verify: z.boolean(),
  reason: bilingual,
});

export const timelineEventSchema = z.object({
  date: z.string(),
  documentId: z.string(),
  typeCode: z.string(),
  title: bilingual,
  documentTitle: z.string().nullable(),
  number: z.string().nullable(),
  volume: z.number().nullable(),
  butLucFrom: z.number().nullable(),
  butLucTo: z.number().nullable(),
  persons: z.array(personSchema),
  effects: z.array(z.object({ clock: z.string(), effect: z.string() })),
});

export const clockStatusSchema = z.enum([
  'running',
  'near',
  'met',
  'exceeded',
  'lapsed',
  'suspended',
  'unknown',
]);

export const clockSchema = z.object({
  code: z.string(),
  name: bilingual,
  article: z.string(),
  law: z.string(),
  verify: z.boolean(),
  appliesPer: z.enum(['case', 'person', 'document']),
  person: z.string().nullable(),
  keyedBy: z.string(),
  key: z.string().nullable(),
  start: clockDocumentSchema.nullable(),
  baseDuration: durationSchema.nullable(),
  extensions: z.array(
    clockDocumentSchema.extend({ duration: durationSchema.nullable(), beyondAllowed: z.boolean() }),
  ),
  extensionRequests: z.array(clockDocumentSchema.extend({ onTime: z.boolean().nullable() })),
  deductedDays: z.number(),
  due: z.string().nullable(),
  holidayRule: z.enum(['calendar', 'next_working_day']),
  end: clockDocumentSchema.extend({ effect: z.enum(['end', 'suspend']) }).nullable(),
  impliedEnd: clockDocumentSchema.nullable(),
  status: clockStatusSchema,
  reason: bilingual.nullable(),
  notes: z.array(bilingual),
});
export type TimelineClock = z.infer<typeof clockSchema>;

export const caseTimelineSchema = z.object({
  caseKind: z.string(),
  today: z.string(),
  nearWorkingDays: z.number(),
  charges: z.array(chargeFoundSchema),
  crimeCategory: crimeCategoryDecisionSchema,
  events: z.array(timelineEventSchema),
  undated: z.array(z.object({ documentId: z.string(), typeCode: z.string() })),
  clocks: z.array(clockSchema),
  rulesVersion: z.string(),
  computation: z.object({ article: z.string(), verify: z.boolean(), notes: z.array(z.string()) }),
});
export type CaseTimeline = z.infer<typeof caseTimelineSchema>;

const appearanceSchema = z.object({
  documentId: z.string(),
  typeCode: z.string(),
  typeName: bilingual,
  date: z.string().nullable(),
  volume: z.number().nullable(),
  butLucFrom: z.number().nullable(),
  butLucTo: z.number().nullable(),
  role: z.string(),
  name: z.string(),
});

export const casePersonSchema = z.object({
  key: z.string(),
  name: z.string(),
  variants: z.array(z.string()),
  roles: z.array(z.object({ code: z.string(), name: bilingual })),
  appearances: z.array(appearanceSchema),
  statements: z.array(appearanceSchema),
});
export type CasePerson = z.infer<typeof casePersonSchema>;
