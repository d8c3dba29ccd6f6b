import { sql, type Kysely } from 'kysely';
import type { Migration } from '../migrations.types.ts';

/*
 * The queue at scale (issue 9): fairness between cases, case priorities and cancellation.
 *
 * - `fair_seq`: start-time fair queuing. A job's sequence is one past the last queued job of its
 *   case, but never behind the queue's "clock" (the smallest queued sequence). Claiming in
 *   sequence order serves the cases round-robin: one huge case cannot starve the others, and a
 *   case that arrives late starts at the clock instead of jumping ahead of everybody.
 * - `case_priority`: copied from `cases.queue_priority` at enqueue and when it changes; claimed
 *   first (a hearing tomorrow jumps the queue).
 * - `cancel_requested`: a running job sees it at its next checkpoint.
 */
export const queueFairnessMigration: Migration = {
  name: '0008-queue-fairness',
  async up(db: Kysely<unknown>) {
    await sql`ALTER TABLE cases ADD COLUMN queue_priority integer NOT NULL DEFAULT 0`.execute(db);
    await sql`ALTER TABLE jobs ADD COLUMN fair_seq bigint NOT NULL DEFAULT 0`.execute(db);
    await sql`ALTER TABLE jobs ADD COLUMN case_priority integer NOT NULL DEFAULT 0`.execute(db);
    await sql`ALTER TABLE jobs ADD COLUMN cancel_requested boolean NOT NULL DEFAULT false`.execute(
      db,
    );
    await sql`DROP INDEX jobs_claim_idx`.execute(db);
    // The claim walks this index in order and stops at LIMIT (SKIP LOCKED skips claimed rows).
    await sql`CREATE INDEX jobs_claim_idx ON jobs (case_priority DESC, priority DESC, fair_seq, run_at) WHERE status = 'QUEUED'`.execute(
      db,
    );
    // The queue clock: min(fair_seq) of queued jobs.
    await sql`CREATE INDEX jobs_fair_clock_idx ON jobs (fair_seq) WHERE status = 'QUEUED'`.execute(
      db,
    );
    // A case's last queued sequence, its cancellation and re-prioritisation, progress counts.
    await sql`CREATE INDEX jobs_case_status_idx ON jobs (case_id, status, fair_seq)`.execute(db);
  },
  async down(db: Kysely<unknown>) {
    await sql`DROP INDEX jobs_case_status_idx`.execute(db);
    await sql`DROP INDEX jobs_fair_clock_idx`.execute(db);
    await sql`DROP INDEX jobs_claim_idx`.execute(db);
    await sql`CREATE INDEX jobs_claim_idx ON jobs (name, priority DESC, run_at) WHERE status = 'QUEUED'`.execute(
      db,
    );
    await sql`ALTER TABLE jobs DROP COLUMN cancel_requested`.execute(db);
    await sql`ALTER TABLE jobs DROP COLUMN case_priority`.execute(db);
    await sql`ALTER TABLE jobs DROP COLUMN fair_seq`.execute(db);
    await sql`ALTER TABLE cases DROP COLUMN queue_priority`.execute(db);
  },
};
