import { describe, expect, it } from 'vitest';
import {
  canonicalJson,
  createChainVerifier,
  hashAuditEvent,
  type ChainedAuditFields,
} from './audit.chain.ts';

const event: ChainedAuditFields = {
  seq: 7,
  id: 'aud_golden',
  occurredAt: new Date('2026-11-30T01:02:03.456Z'),
  actorUserId: 'usr_1',
  actorUsername: 'kiemsat',
  actorUnitId: 'unit_1',
  actorRoles: 'CLERK,LEADER',
  action: 'case.read',
  outcome: 'SUCCESS',
  targetKind: 'case',
  targetId: 'case_1',
  caseId: 'case_1',
  unitId: 'unit_1',
  ip: '10.0.0.1',
  userAgent: 'vitest',
  details: { b: 1, a: { d: [1, 'Biên bản'], c: null } },
  prevHash: null,
};

describe('audit hash chain (sohoa-audit/1)', () => {
  it('hashes a fixed event to a fixed value (migration 0009 depends on this format)', () => {
    expect(hashAuditEvent(event)).toBe(GOLDEN);
  });

  it('serialises details the same whatever their key order', () => {
    expect(canonicalJson({ b: 1, a: { c: null, d: [1, 'Biên bản'] } })).toBe(
      canonicalJson(event.details),
    );
    expect(
      hashAuditEvent({ ...event, details: { a: { c: null, d: [1, 'Biên bản'] }, b: 1 } }),
    ).toBe(GOLDEN);
  });

  it('changes the hash when any covered field changes', () => {
    const changes: Array<Partial<ChainedAuditFields>> = [
      { seq: 8 },
      { occurredAt: new Date('2026-11-30T01:02:03.457Z') },
      { actorRoles: 'CLERK' },
      { ip: null },
      { details: { b: 2, a: { d: [1, 'Biên bản'], c: null } } },
      { prevHash: 'f'.repeat(64) },
    ];
    for (const change of changes) {
      expect(hashAuditEvent({ ...event, ...change })).not.toBe(GOLDEN);
    }
  });

  it('reports the first broken link once, then keeps checking from the stored hash', () => {
    const first = { ...event, seq: 1, hash: '' };
    first.hash = hashAuditEvent(first);
    const second = { ...event, seq: 2, prevHash: first.hash, hash: '' };
    second.hash = hashAuditEvent(second);
    const verifier = createChainVerifier();
    verifier.check({ ...first, ip: '6.6.6.6' });
    verifier.check(second);
    const result = verifier.finish({ head: { lastSeq: 2, lastHash: second.hash } });
    expect(result.breaks).toEqual([
      expect.objectContaining({ reason: 'hash_mismatch', seq: 1, previousSeq: null }),
    ]);
  });
});

// Computed independently: sha256 of the JSON array in Python (json.dumps, separators=(',', ':')).
const GOLDEN = '09e3d104336465c5dc4ac4bb53c3c90d31b7b947def678ad9748359db12ae067';
