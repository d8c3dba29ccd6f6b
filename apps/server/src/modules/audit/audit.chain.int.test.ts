import { sql } from 'kysely';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Db } from '../database/database.ts';
import { createTestDatabase, getDbVariants } from '../database/database.test-utils.ts';
import { createAuditRepository, type AuditRepository } from './audit.repository.ts';
import { verifyAuditChain } from './audit.usecases.ts';

/*
 * The hash chain on a real database: appends (also concurrent ones) link up, and every way of
 * tampering with stored events — edit, delete in the middle, delete at the end, reorder — is found
 * by the verifier, which names the first broken event. The tamperer here is a DBA who disables
 * the append-only trigger first (the application role cannot).
 */
const variants = await getDbVariants();
const actor = { userId: 'usr_a', username: 'kiemsat', unitId: 'unit_a', roles: ['CLERK'] as const };

describe.each(variants)('audit hash chain on %s', (variant) => {
  let db: Db;
  let close: () => Promise<void>;
  let audit: AuditRepository;

  beforeEach(async () => {
    ({ db, close } = await createTestDatabase({ variant }));
    audit = createAuditRepository({ db });
  });
  afterEach(async () => close());

  const appendSome = async (n: number) => {
    for (let i = 0; i < n; i++) {
      await audit.record({
        event: {
          action: 'case.read',
          actor,
          caseId: `case_${i}`,
          unitId: 'unit_a',
          targetKind: 'case',
          targetId: `case_${i}`,
          context: { ip: '10.0.0.7', userAgent: 'vitest' },
          details: { n: i, nested: { z: 1, a: [1, 'hai', null] }, text: 'Biên bản' },
        },
      });
    }
    const { events } = await audit.chainPage({ afterSeq: null });
    return events.map((e) => Number(e.seq));
  };

  /** Runs tampering SQL the way a database superuser could: with the trigger off. */
  const asDba = async (statement: ReturnType<typeof sql>) => {
    await sql`ALTER TABLE audit_events DISABLE TRIGGER audit_events_append_only_rows`.execute(db);
    try {
      await statement.execute(db);
    } finally {
      await sql`ALTER TABLE audit_events ENABLE TRIGGER audit_events_append_only_rows`.execute(db);
    }
  };

  it('links every appended event to the one before, and the head to the last', async () => {
    const seqs = await appendSome(5);
    const { events } = await audit.chainPage({ afterSeq: null });
    expect(events[0]!.prev_hash).toBeNull();
    for (let i = 1; i < events.length; i++) {
      expect(events[i]!.prev_hash).toBe(events[i - 1]!.hash);
    }
    const result = await verifyAuditChain({ auditRepository: audit });
    expect(result).toMatchObject({ ok: true, checked: 5, firstBreak: null });
    expect(result.head.lastSeq).toBe(seqs.at(-1));
    expect(events[0]!.actor_roles).toBe('CLERK');
  });

  it('keeps one unforked chain under 40 concurrent appends', async () => {
    await Promise.all(
      Array.from({ length: 40 }, (_, i) =>
        audit.record({ event: { action: 'auth.login', actor, details: { i } } }),
      ),
    );
    const result = await verifyAuditChain({ auditRepository: audit, pageSize: 7 });
    expect(result).toMatchObject({ ok: true, checked: 40 });
    const { rows } = await sql<{
      n: number | string;
    }>`SELECT count(DISTINCT prev_hash) AS n FROM audit_events`.execute(db);
    // 39 distinct predecessors plus the null of the first event (count ignores nulls).
    expect(Number(rows[0]!.n)).toBe(39);
  });

  it('finds an edited event and names it', async () => {
    const seqs = await appendSome(6);
    await asDba(sql`UPDATE audit_events SET ip = '10.9.9.9' WHERE seq = ${seqs[3]}`);
    const result = await verifyAuditChain({ auditRepository: audit });
    expect(result.ok).toBe(false);
    expect(result.firstBreak).toMatchObject({ reason: 'hash_mismatch', seq: seqs[3] });
    expect(result.breaks).toHaveLength(1);
  });

  it('finds an edit inside the jsonb details', async () => {
    const seqs = await appendSome(3);
    await asDba(
      sql`UPDATE audit_events SET details = jsonb_set(details, '{text}', '"khác"') WHERE seq = ${seqs[0]}`,
    );
    const result = await verifyAuditChain({ auditRepository: audit });
    expect(result.firstBreak).toMatchObject({ reason: 'hash_mismatch', seq: seqs[0] });
  });

  it('finds a deleted event: the one after it no longer links', async () => {
    const seqs = await appendSome(6);
    await asDba(sql`DELETE FROM audit_events WHERE seq = ${seqs[2]}`);
    const result = await verifyAuditChain({ auditRepository: audit });
    expect(result.firstBreak).toMatchObject({
      reason: 'prev_hash_mismatch',
      seq: seqs[3],
      previousSeq: seqs[1],
    });
  });

  it('finds events deleted from the end through the chain head', async () => {
    const seqs = await appendSome(4);
    await asDba(sql`DELETE FROM audit_events WHERE seq >= ${seqs[2]}`);
    const result = await verifyAuditChain({ auditRepository: audit });
    expect(result.firstBreak).toMatchObject({
      reason: 'tail_missing',
      seq: seqs[3],
      previousSeq: seqs[1],
    });
  });

  it('finds two events swapped in order', async () => {
    const seqs = await appendSome(5);
    const [a, b] = [seqs[1]!, seqs[2]!];
    await asDba(sql`UPDATE audit_events SET seq = -1 WHERE seq = ${a}`);
    await asDba(sql`UPDATE audit_events SET seq = ${a} WHERE seq = ${b}`);
    await asDba(sql`UPDATE audit_events SET seq = ${b} WHERE seq = -1`);
    const result = await verifyAuditChain({ auditRepository: audit });
    expect(result.ok).toBe(false);
    expect(result.firstBreak?.seq).toBe(a);
  });

  it('finds an event inserted around the application', async () => {
    const seqs = await appendSome(3);
    await sql`
      INSERT INTO audit_events (seq, id, action, prev_hash, hash)
      VALUES (${seqs[2]! + 1000}, 'aud_forged', 'case.read', NULL, NULL)
    `.execute(db);
    await sql`UPDATE audit_chain_head SET last_seq = ${seqs[2]! + 1000}`.execute(db);
    const result = await verifyAuditChain({ auditRepository: audit });
    expect(result.firstBreak).toMatchObject({ reason: 'missing_hash', id: 'aud_forged' });
  });

  it('refuses UPDATE, DELETE and TRUNCATE of audit events for any role', async () => {
    const seqs = await appendSome(2);
    await expect(
      sql`UPDATE audit_events SET ip = 'x' WHERE seq = ${seqs[0]}`.execute(db),
    ).rejects.toThrow(/append-only/);
    await expect(sql`DELETE FROM audit_events`.execute(db)).rejects.toThrow(/append-only/);
    await expect(sql`TRUNCATE audit_events`.execute(db)).rejects.toThrow(/append-only/);
    expect((await verifyAuditChain({ auditRepository: audit })).ok).toBe(true);
  });

  it.runIf(variant === 'postgres')(
    'denies a dedicated application role UPDATE and DELETE on the trail even with the triggers off (docs/audit.md)',
    async () => {
      const seqs = await appendSome(2);
      const role = `sohoa_app_${Math.random().toString(36).slice(2, 8)}`;
      await sql`CREATE ROLE ${sql.raw(role)} NOLOGIN`.execute(db);
      try {
        await sql`GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA public TO ${sql.raw(role)}`.execute(
          db,
        );
        await sql`GRANT USAGE, SELECT ON ALL SEQUENCES IN SCHEMA public TO ${sql.raw(role)}`.execute(
          db,
        );
        await sql`REVOKE UPDATE, DELETE, TRUNCATE ON audit_events FROM ${sql.raw(role)}`.execute(
          db,
        );
        await sql`ALTER TABLE audit_events DISABLE TRIGGER audit_events_append_only_rows`.execute(
          db,
        );
        const asApp = (statement: ReturnType<typeof sql>) =>
          db.transaction().execute(async (trx) => {
            await sql`SET LOCAL ROLE ${sql.raw(role)}`.execute(trx);
            await statement.execute(trx);
          });
        await expect(
          asApp(sql`UPDATE audit_events SET ip = 'x' WHERE seq = ${seqs[0]}`),
        ).rejects.toThrow(/permission denied/);
        await expect(asApp(sql`DELETE FROM audit_events`)).rejects.toThrow(/permission denied/);
        await asApp(sql`SELECT count(*) FROM audit_events`);
      } finally {
        await sql`ALTER TABLE audit_events ENABLE TRIGGER audit_events_append_only_rows`.execute(
          db,
        );
        await sql`DROP OWNED BY ${sql.raw(role)}`.execute(db);
        await sql`DROP ROLE ${sql.raw(role)}`.execute(db);
      }
    },
  );
});
