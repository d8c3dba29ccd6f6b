import { createHash } from 'node:crypto';

/**
 * The fields of an audit event that its hash covers, in the order they are serialised. Every
 * stored column is covered except `hash` itself, so changing any of them breaks the chain.
 */
export interface ChainedAuditFields {
  seq: number;
  id: string;
  occurredAt: Date;
  actorUserId: string | null;
  actorUsername: string | null;
  actorUnitId: string | null;
  actorRoles: string | null;
  action: string;
  outcome: string;
  targetKind: string | null;
  targetId: string | null;
  caseId: string | null;
  unitId: string | null;
  ip: string | null;
  userAgent: string | null;
  details: unknown;
  prevHash: string | null;
}

/** Version tag inside every hashed payload, so a later format can coexist with this one. */
export const AUDIT_CHAIN_FORMAT = 'sohoa-audit/1';

/**
 * JSON with object keys sorted at every level. jsonb reorders keys (by length, then bytes), so the
 * details read back from the database differ in order from what was written; sorting makes both
 * serialise the same. `undefined` members are dropped as JSON.stringify drops them on insert.
 */
export function canonicalJson(value: unknown): string {
  const normalised: unknown = value === undefined ? null : JSON.parse(JSON.stringify(value));
  return JSON.stringify(sortKeys(normalised));
}

function sortKeys(value: unknown): unknown {
  if (Array.isArray(value)) {
    return value.map(sortKeys);
  }
  if (value !== null && typeof value === 'object') {
    const record = value as Record<string, unknown>;
    return Object.fromEntries(
      Object.keys(record)
        .sort()
        .map((key) => [key, sortKeys(record[key])]),
    );
  }
  return value;
}

/** The exact bytes hashed for one event: a JSON array, fields in a fixed order. */
export function canonicalAuditPayload(event: ChainedAuditFields): string {
  return JSON.stringify([
    AUDIT_CHAIN_FORMAT,
    event.seq,
    event.id,
    event.occurredAt.toISOString(),
    event.actorUserId,
    event.actorUsername,
    event.actorUnitId,
    event.actorRoles,
    event.action,
    event.outcome,
    event.targetKind,
    event.targetId,
    event.caseId,
    event.unitId,
    event.ip,
    event.userAgent,
    canonicalJson(event.details),
    event.prevHash,
  ]);
}

/**
 * SHA-256 (lower-case hex) of the canonical payload, which includes the previous event's hash:
 * editing, deleting or reordering any event changes every hash after it.
 *
 * @example
 * const hash = hashAuditEvent({ ...fields, prevHash: head.lastHash });
 */
export function hashAuditEvent(event: ChainedAuditFields): string {
  return createHash('sha256').update(canonicalAuditPayload(event), 'utf8').digest('hex');
}

export type ChainBreakReason =
  /** The stored hash does not match the event's content: the row was edited. */
  | 'hash_mismatch'
  /** The event does not point at the event before it: an event was deleted, inserted or moved. */
  | 'prev_hash_mismatch'
  /** The event carries no hash after the chain began (a row written around the application). */
  | 'missing_hash'
  /** The chain head records more events than the table holds: events at the end were deleted. */
  | 'tail_missing';

export interface ChainBreak {
  reason: ChainBreakReason;
  seq: number | null;
  id: string | null;
  occurredAt: string | null;
  /** The last intact event before the break. */
  previousSeq: number | null;
}

/** Walks events in `seq` order and checks every link; one instance per verification run. */
export function createChainVerifier() {
  let expectedPrev: string | null = null;
  let previousSeq: number | null = null;
  let checked = 0;
  const breaks: ChainBreak[] = [];

  const note = (reason: ChainBreakReason, event: ChainedAuditFields & { hash: string | null }) => {
    breaks.push({
      reason,
      seq: event.seq,
      id: event.id,
      occurredAt: event.occurredAt.toISOString(),
      previousSeq,
    });
  };

  return {
    check(event: ChainedAuditFields & { hash: string | null }) {
      checked += 1;
      if (event.hash === null) {
        note('missing_hash', event);
      } else if (event.prevHash !== expectedPrev) {
        note('prev_hash_mismatch', event);
      } else if (hashAuditEvent(event) !== event.hash) {
        note('hash_mismatch', event);
      }
      // Continue from the stored hash, so one edited row is reported once, not with every later one.
      expectedPrev = event.hash;
      previousSeq = event.seq;
    },
    finish({ head }: { head: { lastSeq: number | null; lastHash: string | null } }) {
      if (head.lastHash !== expectedPrev || head.lastSeq !== previousSeq) {
        breaks.push({
          reason: 'tail_missing',
          seq: head.lastSeq,
          id: null,
          occurredAt: null,
          previousSeq,
        });
      }
      return { checked, breaks, lastSeq: previousSeq, lastHash: expectedPrev };
    },
  };
}
