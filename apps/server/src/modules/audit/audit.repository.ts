import { sql, type Selectable, type Transaction } from 'kysely';
import type { Db } from '../database/database.ts';
import type { AuditEventsTable, Database } from '../database/database.types.ts';
import { generateId } from '../shared/ids/ids.ts';
import { hashAuditEvent, type ChainedAuditFields } from './audit.chain.ts';
import type { AuditEventInput } from './audit.types.ts';

export type AuditRepository = ReturnType<typeof createAuditRepository>;
export type AuditEventRow = Selectable<AuditEventsTable>;

/** Filters of the audit views; unit filters match the event's unit or the actor's unit. */
export interface AuditListFilter {
  caseId?: string;
  actorUserId?: string;
  /** Only events whose unit or actor unit is one of these (the viewer's subtree). */
  unitIds?: readonly string[];
  action?: string;
  from?: Date;
  to?: Date;
  /** Keyset pagination: events with a seq below this one (newest first). */
  beforeSeq?: number;
}

/** The chained fields of a stored row, as the hash covers them. */
export function chainedFieldsOf(row: AuditEventRow): ChainedAuditFields & { hash: string | null } {
  return {
    seq: Number(row.seq),
    id: row.id,
    occurredAt: new Date(row.occurred_at),
    actorUserId: row.actor_user_id,
    actorUsername: row.actor_username,
    actorUnitId: row.actor_unit_id,
    actorRoles: row.actor_roles,
    action: row.action,
    outcome: row.outcome,
    targetKind: row.target_kind,
    targetId: row.target_id,
    caseId: row.case_id,
    unitId: row.unit_id,
    ip: row.ip,
    userAgent: row.user_agent,
    details: typeof row.details === 'string' ? (JSON.parse(row.details) as unknown) : row.details,
    prevHash: row.prev_hash,
    hash: row.hash,
  };
}

export function createAuditRepository({ db }: { db: Db }) {
  return {
    /**
     * Appends one event to the hash chain. The chain head row is locked (FOR UPDATE) for the whole
     * append, so concurrent writers (several web processes on PostgreSQL) take turns: the seq is
     * drawn under the lock, which keeps seq order and chain order the same.
     */
    async record({ event, now = new Date() }: { event: AuditEventInput; now?: Date }) {
      const details = JSON.parse(JSON.stringify(event.details ?? {})) as Record<string, unknown>;
      return db.transaction().execute(async (trx) => {
        const head = await lockChainHead(trx);
        const fields: ChainedAuditFields = {
          seq: await nextAuditSeq(trx),
          id: generateId({ prefix: 'aud' }),
          // Millisecond precision: what a JS Date reads back is what was hashed.
          occurredAt: new Date(now.getTime()),
          actorUserId: event.actor?.userId ?? null,
          actorUsername: event.actor?.username ?? event.attemptedUsername ?? null,
          actorUnitId: event.actor?.unitId ?? null,
          actorRoles: event.actor ? [...event.actor.roles].sort().join(',') : null,
          action: event.action,
          outcome: event.outcome ?? 'SUCCESS',
          targetKind: event.targetKind ?? null,
          targetId: event.targetId ?? null,
          caseId: event.caseId ?? null,
          unitId: event.unitId ?? null,
          ip: event.context?.ip ?? null,
          userAgent: event.context?.userAgent ?? null,
          details,
          prevHash: head.last_hash,
        };
        const hash = await insertChained({ trx, fields, now });
        return { id: fields.id, seq: fields.seq, hash };
      });
    },

    /**
     * Appends events recorded by another installation (a unit joining a shared database) at the
     * end of this chain, in their order: each keeps its id, time and content, and gets a new seq
     * and a hash linked to this chain's head. One transaction, the head locked throughout.
     */
    async appendCopies({ events, now = new Date() }: { events: AuditEventRow[]; now?: Date }) {
      if (events.length === 0) {
        return { appended: 0 };
      }
      return db.transaction().execute(async (trx) => {
        const head = await lockChainHead(trx);
        let prevHash = head.last_hash;
        for (const event of events) {
          const { hash: _sourceHash, ...copied } = chainedFieldsOf(event);
          prevHash = await insertChained({
            trx,
            fields: { ...copied, seq: await nextAuditSeq(trx), prevHash },
            now,
          });
        }
        return { appended: events.length };
      });
    },

    /** Events matching the filter, newest first. */
    async list({ limit = 100, ...filter }: AuditListFilter & { limit?: number }) {
      let query = db.selectFrom('audit_events').selectAll().orderBy('seq', 'desc').limit(limit);
      if (filter.caseId) {
        query = query.where('case_id', '=', filter.caseId);
      }
      if (filter.actorUserId) {
        query = query.where('actor_user_id', '=', filter.actorUserId);
      }
      if (filter.action) {
        query = query.where('action', '=', filter.action);
      }
      if (filter.from) {
        query = query.where('occurred_at', '>=', filter.from);
      }
      if (filter.to) {
        query = query.where('occurred_at', '<', filter.to);
      }
      if (filter.beforeSeq !== undefined) {
        query = query.where('seq', '<', filter.beforeSeq);
      }
      if (filter.unitIds) {
        const unitIds = [...filter.unitIds];
        if (unitIds.length === 0) {
          return { events: [] };
        }
        query = query.where((eb) =>
          eb.or([eb('unit_id', 'in', unitIds), eb('actor_unit_id', 'in', unitIds)]),
        );
      }
      return { events: await query.execute() };
    },

    /** Events in chain order, `limit` at a time after `afterSeq` (the verifier's cursor). */
    async chainPage({ afterSeq, limit = 1000 }: { afterSeq: number | null; limit?: number }) {
      let query = db.selectFrom('audit_events').selectAll().orderBy('seq', 'asc').limit(limit);
      if (afterSeq !== null) {
        query = query.where('seq', '>', afterSeq);
      }
      return { events: await query.execute() };
    },

    async findByIds({ ids }: { ids: string[] }) {
      if (ids.length === 0) {
        return { events: [] };
      }
      return {
        events: await db.selectFrom('audit_events').selectAll().where('id', 'in', ids).execute(),
      };
    },

    async getChainHead() {
      const head = await db
        .selectFrom('audit_chain_head')
        .select(['last_seq', 'last_hash'])
        .where('id', '=', 1)
        .executeTakeFirst();
      return {
        head: {
          lastSeq: head?.last_seq === null || head === undefined ? null : Number(head.last_seq),
          lastHash: head?.last_hash ?? null,
        },
      };
    },

    /** The newest event of `action` by `actorUserId` on `caseId` since `since` (for batching). */
    async findRecent({
      action,
      actorUserId,
      caseId,
      since,
    }: {
      action: string;
      actorUserId: string;
      caseId: string;
      since: Date;
    }) {
      const event = await db
        .selectFrom('audit_events')
        .select(['seq', 'occurred_at'])
        .where('action', '=', action)
        .where('actor_user_id', '=', actorUserId)
        .where('case_id', '=', caseId)
        .where('occurred_at', '>=', since)
        .orderBy('seq', 'desc')
        .limit(1)
        .executeTakeFirst();
      return { event: event ?? null };
    },
  };
}

/**
 * The chain head, locked (FOR UPDATE) until the transaction ends: concurrent writers (several web
 * processes on PostgreSQL) take turns, and the seq drawn under the lock keeps seq order and chain
 * order the same.
 */
function lockChainHead(trx: Transaction<Database>) {
  return trx
    .selectFrom('audit_chain_head')
    .select(['last_seq', 'last_hash'])
    .where('id', '=', 1)
    .forUpdate()
    .executeTakeFirstOrThrow();
}

async function nextAuditSeq(trx: Transaction<Database>): Promise<number> {
  const { rows } = await sql<{
    seq: number | string;
  }>`SELECT nextval(pg_get_serial_sequence('audit_events', 'seq')) AS seq`.execute(trx);
  return Number(rows[0]!.seq);
}

/** Writes one event with its hash and moves the chain head to it; the caller holds the head. */
async function insertChained({
  trx,
  fields,
  now,
}: {
  trx: Transaction<Database>;
  fields: ChainedAuditFields;
  now: Date;
}): Promise<string> {
  const hash = hashAuditEvent(fields);
  await trx
    .insertInto('audit_events')
    .values({
      seq: fields.seq,
      id: fields.id,
      occurred_at: fields.occurredAt,
      actor_user_id: fields.actorUserId,
      actor_username: fields.actorUsername,
      actor_unit_id: fields.actorUnitId,
      actor_roles: fields.actorRoles,
      action: fields.action,
      outcome: fields.outcome,
      target_kind: fields.targetKind,
      target_id: fields.targetId,
      case_id: fields.caseId,
      unit_id: fields.unitId,
      ip: fields.ip,
      user_agent: fields.userAgent,
      details: JSON.stringify(fields.details ?? {}),
      prev_hash: fields.prevHash,
      hash,
    })
    .execute();
  await trx
    .updateTable('audit_chain_head')
    .set({ last_seq: fields.seq, last_hash: hash, updated_at: now })
    .where('id', '=', 1)
    .execute();
  return hash;
}
