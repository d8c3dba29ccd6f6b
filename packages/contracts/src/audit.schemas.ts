import { z } from 'zod';

/*
 * The audit trail as the API, the CLI and the web show it (issue 8, item 2). Each event is one link
 * of a SHA-256 hash chain (sohoa-audit/1); `hash` is the event's link.
 */

export const AUDIT_EXPORT_FORMATS = ['csv', 'xlsx'] as const;
export type AuditExportFormat = (typeof AUDIT_EXPORT_FORMATS)[number];

const isoDateTime = z
  .string()
  .refine((s) => !Number.isNaN(Date.parse(s)), { message: 'ISO date or date-time expected' });

/** Filters of `GET /api/audit` (and its exports). `to` is exclusive. */
export const auditQuerySchema = z.strictObject({
  caseId: z.string().min(1).max(64).optional(),
  userId: z.string().min(1).max(64).optional(),
  unitId: z.string().min(1).max(64).optional(),
  action: z.string().min(1).max(64).optional(),
  from: isoDateTime.optional(),
  to: isoDateTime.optional(),
  limit: z.coerce.number().int().min(1).max(1000).optional(),
  /** Keyset paging: the `nextBeforeSeq` of the previous page. */
  beforeSeq: z.coerce.number().int().min(1).optional(),
});
export type AuditQuery = z.infer<typeof auditQuerySchema>;

export const auditEventSchema = z.object({
  seq: z.number().int(),
  id: z.string(),
  occurredAt: z.string(),
  actorUserId: z.string().nullable(),
  actorUsername: z.string().nullable(),
  actorUnitId: z.string().nullable(),
  actorRoles: z.array(z.string()),
  action: z.string(),
  outcome: z.string(),
  targetKind: z.string().nullable(),
  targetId: z.string().nullable(),
  caseId: z.string().nullable(),
  unitId: z.string().nullable(),
  ip: z.string().nullable(),
  userAgent: z.string().nullable(),
  details: z.record(z.string(), z.unknown()),
  hash: z.string().nullable(),
});
export type AuditEvent = z.infer<typeof auditEventSchema>;

export const auditListSchema = z.object({
  events: z.array(auditEventSchema),
  nextBeforeSeq: z.number().int().nullable(),
});
export type AuditList = z.infer<typeof auditListSchema>;

export const auditChainBreakSchema = z.object({
  reason: z.enum(['hash_mismatch', 'prev_hash_mismatch', 'missing_hash', 'tail_missing']),
  seq: z.number().int().nullable(),
  id: z.string().nullable(),
  occurredAt: z.string().nullable(),
  previousSeq: z.number().int().nullable(),
});
export type AuditChainBreak = z.infer<typeof auditChainBreakSchema>;

export const auditVerificationSchema = z.object({
  ok: z.boolean(),
  checked: z.number().int(),
  firstBreak: auditChainBreakSchema.nullable(),
  breaks: z.array(auditChainBreakSchema),
  head: z.object({ lastSeq: z.number().int().nullable(), lastHash: z.string().nullable() }),
});
export type AuditVerification = z.infer<typeof auditVerificationSchema>;
