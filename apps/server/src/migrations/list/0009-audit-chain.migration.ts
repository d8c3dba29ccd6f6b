import { sql, type Kysely } from 'kysely';
import { hashAuditEvent } from '../../modules/audit/audit.chain.ts';
import type { Migration } from '../migrations.types.ts';

/*
 * Tamper-evident audit trail (issue 8, item 2).
 * - `actor_roles`: the roles the actor held when acting (who, unit, role).
 * - `audit_chain_head`: one row holding the last event's seq and hash. Appends lock it (FOR UPDATE)
 *   so concurrent writers on PostgreSQL never fork the chain, and `audit verify` compares it with
 *   the last event to detect events deleted from the end.
 * - Events written before this migration are chained here, in seq order.
 * - A trigger refuses UPDATE, DELETE and TRUNCATE on audit_events for every role (including the
 *   owner; only someone who can drop or disable the trigger gets past it, and the chain then shows
 *   what they changed). With a dedicated application role, also REVOKE (docs/audit.md).
 *
 * The hash is `sohoa-audit/1` (audit.chain.ts). Its golden test pins it: a new format gets a new
 * tag and must keep this one for this migration.
 */
export const auditChainMigration: Migration = {
  name: '0009-audit-chain',
  async up(db: Kysely<unknown>) {
    await sql`ALTER TABLE audit_events ADD COLUMN actor_roles text`.execute(db);
    await sql`
      CREATE TABLE audit_chain_head (
        id smallint PRIMARY KEY CHECK (id = 1),
        last_seq bigint,
        last_hash text,
        updated_at timestamptz NOT NULL DEFAULT now()
      )`.execute(db);

    let prevHash: string | null = null;
    let lastSeq: number | null = null;
    for (;;) {
      const { rows }: { rows: LegacyRow[] } = await sql<LegacyRow>`
        SELECT * FROM audit_events WHERE seq > ${lastSeq ?? 0} ORDER BY seq LIMIT 1000
      `.execute(db);
      if (rows.length === 0) {
        break;
      }
      for (const row of rows) {
        const seq: number = Number(row.seq);
        const hash = hashAuditEvent({
          seq,
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
          details: typeof row.details === 'string' ? JSON.parse(row.details) : row.details,
          prevHash,
        });
        await sql`UPDATE audit_events SET prev_hash = ${prevHash}, hash = ${hash} WHERE seq = ${seq}`.execute(
          db,
        );
        prevHash = hash;
        lastSeq = seq;
      }
    }
    await sql`INSERT INTO audit_chain_head (id, last_seq, last_hash) VALUES (1, ${lastSeq}, ${prevHash})`.execute(
      db,
    );

    await sql`
      CREATE FUNCTION audit_events_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        RAISE EXCEPTION 'audit_events is append-only: % refused', TG_OP
          USING ERRCODE = 'insufficient_privilege';
      END
      $$`.execute(db);
    await sql`
      CREATE TRIGGER audit_events_append_only_rows BEFORE UPDATE OR DELETE ON audit_events
      FOR EACH ROW EXECUTE FUNCTION audit_events_append_only()`.execute(db);
    await sql`
      CREATE TRIGGER audit_events_append_only_truncate BEFORE TRUNCATE ON audit_events
      FOR EACH STATEMENT EXECUTE FUNCTION audit_events_append_only()`.execute(db);
    // No effect on the owner; a dedicated application role is revoked explicitly (docs/audit.md).
    await sql`REVOKE UPDATE, DELETE, TRUNCATE ON audit_events FROM PUBLIC`.execute(db);
    await sql`CREATE INDEX audit_events_unit_idx ON audit_events (unit_id, seq)`.execute(db);
    await sql`CREATE INDEX audit_events_time_idx ON audit_events (occurred_at)`.execute(db);
  },
  async down(db: Kysely<unknown>) {
    await sql`DROP TRIGGER audit_events_append_only_truncate ON audit_events`.execute(db);
    await sql`DROP TRIGGER audit_events_append_only_rows ON audit_events`.execute(db);
    await sql`DROP FUNCTION audit_events_append_only()`.execute(db);
    await sql`DROP INDEX audit_events_unit_idx`.execute(db);
    await sql`DROP INDEX audit_events_time_idx`.execute(db);
    await sql`DROP TABLE audit_chain_head`.execute(db);
    await sql`ALTER TABLE audit_events DROP COLUMN actor_roles`.execute(db);
  },
};

interface LegacyRow {
  seq: number | string;
  id: string;
  occurred_at: Date | string;
  actor_user_id: string | null;
  actor_username: string | null;
  actor_unit_id: string | null;
  actor_roles: string | null;
  action: string;
  outcome: string;
  target_kind: string | null;
  target_id: string | null;
  case_id: string | null;
  unit_id: string | null;
  ip: string | null;
  user_agent: string | null;
  details: unknown;
}
