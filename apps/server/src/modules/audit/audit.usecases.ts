import type { AuditExportFormat } from '@sohoa/contracts';
import type { Actor } from '../access/access.types.ts';
import { createForbiddenError } from '../access/access.errors.ts';
import { canViewAuditOf } from '../access/access.policy.ts';
import { loadUnitTree } from '../access/access.usecases.ts';
import { relationBetween, subtreeOf } from '../access/unit-tree.ts';
import type { RequestContext } from '../shared/request-context.ts';
import type { UnitsRepository } from '../units/units.repository.ts';
import { createChainVerifier, type ChainBreak } from './audit.chain.ts';
import { AUDIT_EXPORT_CONTENT_TYPES, renderAuditExport } from './audit.exports.ts';
import {
  chainedFieldsOf,
  type AuditEventRow,
  type AuditListFilter,
  type AuditRepository,
} from './audit.repository.ts';

export interface AuditDeps {
  auditRepository: AuditRepository;
  unitsRepository: UnitsRepository;
}

/** One audit event as the API, the CLI and the exports show it. */
export interface AuditEventView {
  seq: number;
  id: string;
  occurredAt: string;
  actorUserId: string | null;
  actorUsername: string | null;
  actorUnitId: string | null;
  actorRoles: string[];
  action: string;
  outcome: string;
  targetKind: string | null;
  targetId: string | null;
  caseId: string | null;
  unitId: string | null;
  ip: string | null;
  userAgent: string | null;
  details: Record<string, unknown>;
  hash: string | null;
}

export function formatAuditEventForApi(row: AuditEventRow): AuditEventView {
  const fields = chainedFieldsOf(row);
  return {
    seq: fields.seq,
    id: fields.id,
    occurredAt: fields.occurredAt.toISOString(),
    actorUserId: fields.actorUserId,
    actorUsername: fields.actorUsername,
    actorUnitId: fields.actorUnitId,
    actorRoles: fields.actorRoles ? fields.actorRoles.split(',') : [],
    action: fields.action,
    outcome: fields.outcome,
    targetKind: fields.targetKind,
    targetId: fields.targetId,
    caseId: fields.caseId,
    unitId: fields.unitId,
    ip: fields.ip,
    userAgent: fields.userAgent,
    details: (fields.details ?? {}) as Record<string, unknown>,
    hash: fields.hash,
  };
}

/**
 * Events the actor may see, newest first: LEADER, ADMIN and IT_SUPPORT see events of their unit's
 * subtree (the event's unit or the actor's unit in it). `unitId` narrows to a subtree the viewer
 * holds; a unit outside it is refused. Viewing the trail is itself audited.
 */
export async function listAuditEvents({
  actor,
  filter,
  limit = 200,
  context,
  deps,
  audit = true,
}: {
  actor: Actor;
  filter: Omit<AuditListFilter, 'unitIds'> & { unitId?: string };
  limit?: number;
  context: RequestContext;
  deps: AuditDeps;
  /** Exports record their own event instead. */
  audit?: boolean;
}): Promise<{ events: AuditEventView[]; nextBeforeSeq: number | null }> {
  const { tree } = await loadUnitTree({ unitsRepository: deps.unitsRepository });
  const scopeUnitId = filter.unitId ?? actor.unitId;
  const relation = relationBetween({ tree, actorUnitId: actor.unitId, targetUnitId: scopeUnitId });
  if (!canViewAuditOf({ actor, relation })) {
    throw createForbiddenError();
  }
  const { unitId: _unitId, ...rest } = filter;
  const { events } = await deps.auditRepository.list({
    ...rest,
    unitIds: subtreeOf({ tree, unitId: scopeUnitId }),
    limit,
  });
  if (audit) {
    await deps.auditRepository.record({
      event: {
        action: 'audit.viewed',
        actor,
        unitId: scopeUnitId,
        context,
        details: { filter: describeFilter(filter), returned: events.length },
      },
    });
  }
  const last = events.at(-1);
  return {
    events: events.map(formatAuditEventForApi),
    nextBeforeSeq: events.length === limit && last ? Number(last.seq) : null,
  };
}

function describeFilter(filter: Record<string, unknown>) {
  return Object.fromEntries(
    Object.entries(filter)
      .filter(([, value]) => value !== undefined)
      .map(([key, value]) => [key, value instanceof Date ? value.toISOString() : value]),
  );
}

export interface AuditVerification {
  ok: boolean;
  checked: number;
  /** The first broken link, or null when the chain is intact. */
  firstBreak: ChainBreak | null;
  breaks: ChainBreak[];
  head: { lastSeq: number | null; lastHash: string | null };
}

/**
 * Re-computes every event's hash in chain order and checks each link and the chain head. Names the
 * first broken link (and lists up to `maxBreaks`), so an edited, deleted or reordered event is found.
 */
export async function verifyAuditChain({
  auditRepository,
  maxBreaks = 100,
  pageSize = 1000,
}: {
  auditRepository: AuditRepository;
  maxBreaks?: number;
  pageSize?: number;
}): Promise<AuditVerification> {
  // The head is read first: events appended during the walk come after it and are not judged.
  const { head } = await auditRepository.getChainHead();
  const verifier = createChainVerifier();
  let afterSeq: number | null = null;
  for (;;) {
    const { events } = await auditRepository.chainPage({ afterSeq, limit: pageSize });
    const inScope = events.filter((e) => head.lastSeq === null || Number(e.seq) <= head.lastSeq);
    for (const row of inScope) {
      verifier.check(chainedFieldsOf(row));
    }
    if (events.length < pageSize || inScope.length < events.length) {
      break;
    }
    afterSeq = Number(events.at(-1)!.seq);
  }
  const { checked, breaks } = verifier.finish({ head });
  return {
    ok: breaks.length === 0,
    checked,
    firstBreak: breaks[0] ?? null,
    breaks: breaks.slice(0, maxBreaks),
    head,
  };
}

/** Most events one export holds; a larger period is exported in several files. */
export const AUDIT_EXPORT_MAX_EVENTS = 100_000;

/**
 * The events the actor may see, as a CSV or XLSX file (newest first, up to
 * AUDIT_EXPORT_MAX_EVENTS). The export is audited ('audit.exported', with the filter and count).
 */
export async function exportAuditEvents({
  actor,
  filter,
  format,
  language,
  context,
  deps,
  now = new Date(),
}: {
  actor: Actor;
  filter: Omit<AuditListFilter, 'unitIds' | 'beforeSeq'> & { unitId?: string };
  format: AuditExportFormat;
  language: 'vi' | 'en';
  context: RequestContext;
  deps: AuditDeps;
  now?: Date;
}) {
  const events: AuditEventView[] = [];
  let beforeSeq: number | undefined;
  for (;;) {
    const page = await listAuditEvents({
      actor,
      filter: { ...filter, ...(beforeSeq === undefined ? {} : { beforeSeq }) },
      limit: 5000,
      context,
      deps,
      audit: false,
    });
    events.push(...page.events);
    if (page.nextBeforeSeq === null || events.length >= AUDIT_EXPORT_MAX_EVENTS) {
      break;
    }
    beforeSeq = page.nextBeforeSeq;
  }
  const kept = events.slice(0, AUDIT_EXPORT_MAX_EVENTS);
  const { bytes } = await renderAuditExport({ events: kept, format, language });
  await deps.auditRepository.record({
    event: {
      action: 'audit.exported',
      actor,
      unitId: filter.unitId ?? actor.unitId,
      context,
      details: { filter: describeFilter(filter), format, events: kept.length },
    },
  });
  const stamp = now.toISOString().slice(0, 10);
  return {
    bytes,
    contentType: AUDIT_EXPORT_CONTENT_TYPES[format],
    fileName: `nhat-ky-kiem-toan-${stamp}.${format}`,
    truncated: events.length > AUDIT_EXPORT_MAX_EVENTS,
  };
}

/** `audit verify` over the API: ADMIN and IT_SUPPORT only (the chain spans every unit). */
export async function verifyAuditChainAsAdmin({
  actor,
  deps,
}: {
  actor: Actor;
  deps: Pick<AuditDeps, 'auditRepository'>;
}) {
  if (!actor.roles.some((r) => r === 'ADMIN' || r === 'IT_SUPPORT')) {
    throw createForbiddenError();
  }
  return verifyAuditChain({ auditRepository: deps.auditRepository });
}
