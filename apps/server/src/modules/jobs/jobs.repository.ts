import { sql } from 'kysely';
import type { Db } from '../database/database.ts';
import { generateId } from '../shared/ids/ids.ts';
import type { ClaimedJob, JobName, JobOf } from './jobs.types.ts';

export type JobsRepository = ReturnType<typeof createJobsRepository>;

export interface EnqueueArgs<N extends JobName> {
  name: N;
  payload: JobOf<N>;
  caseId?: string | null;
  unitId?: string | null;
  priority?: number;
  maxAttempts?: number;
  /** At most one queued or running job per key: enqueueing again is a no-op. */
  singletonKey?: string;
  runAt?: Date;
  trx?: Db;
}

/**
 * The durable queue on PostgreSQL/PGlite: rows in `jobs`, claimed with FOR UPDATE SKIP LOCKED so
 * each job goes to exactly one worker; a lease (`locked_until`) hands the job of a killed worker
 * to another after it expires.
 */
export function createJobsRepository({ db }: { db: Db }) {
  return {
    async enqueue<N extends JobName>(args: EnqueueArgs<N>): Promise<{ jobId: string | null }> {
      const id = generateId({ prefix: 'job' });
      const caseId = args.caseId ?? null;
      // Start-time fair queuing (migration 0008): one past the case's last queued job, never
      // behind the queue clock (the smallest queued sequence). Both are index lookups.
      const fairSeq = caseId
        ? sql`GREATEST(
            COALESCE((SELECT max(fair_seq) + 1 FROM jobs WHERE case_id = ${caseId} AND status = 'QUEUED'), 0),
            COALESCE((SELECT min(fair_seq) FROM jobs WHERE status = 'QUEUED'), 0))`
        : sql`COALESCE((SELECT min(fair_seq) FROM jobs WHERE status = 'QUEUED'), 0)`;
      const casePriority = caseId
        ? sql`COALESCE((SELECT queue_priority FROM cases WHERE id = ${caseId}), 0)`
        : sql`0`;
      const result = await sql<{ id: string }>`
        INSERT INTO jobs (id, name, payload, priority, max_attempts, run_at, unit_id, case_id,
                          singleton_key, fair_seq, case_priority)
        VALUES (${id}, ${args.name}, ${JSON.stringify(args.payload)}::jsonb, ${args.priority ?? 0},
                ${args.maxAttempts ?? 3}, ${args.runAt ?? new Date()}, ${args.unitId ?? null},
                ${caseId}, ${args.singletonKey ?? null}, ${fairSeq}, ${casePriority})
        ON CONFLICT (singleton_key) WHERE singleton_key IS NOT NULL AND status IN ('QUEUED','RUNNING') DO NOTHING
        RETURNING id`.execute(args.trx ?? db);
      return { jobId: result.rows[0]?.id ?? null };
    },

    /**
     * Claims up to `limit` due jobs of the given names for `workerId`: case priority first, then
     * job priority, then the fair sequence (round-robin between cases).
     */
    async claim({
      names,
      workerId,
      leaseMs,
      limit,
      now = new Date(),
    }: {
      names: JobName[];
      workerId: string;
      leaseMs: number;
      limit: number;
      now?: Date;
    }): Promise<ClaimedJob[]> {
      if (limit <= 0 || names.length === 0) {
        return [];
      }
      const lockedUntil = new Date(now.getTime() + leaseMs);
      const result = await sql<{
        id: string;
        name: JobName;
        payload: unknown;
        attempts: number;
        max_attempts: number;
        case_id: string | null;
      }>`
        UPDATE jobs SET status = 'RUNNING', attempts = attempts + 1, locked_by = ${workerId},
               locked_until = ${lockedUntil}, updated_at = ${now}
        WHERE id IN (
          SELECT id FROM jobs
          WHERE status = 'QUEUED' AND run_at <= ${now} AND name IN (${sql.join(names)})
          ORDER BY case_priority DESC, priority DESC, fair_seq, run_at, created_at
          LIMIT ${limit}
          FOR UPDATE SKIP LOCKED)
        RETURNING id, name, payload, attempts, max_attempts, case_id`.execute(db);
      return result.rows.map((r) => ({
        id: r.id,
        name: r.name,
        payload: (typeof r.payload === 'string'
          ? JSON.parse(r.payload)
          : r.payload) as ClaimedJob['payload'],
        attempts: r.attempts,
        maxAttempts: r.max_attempts,
        caseId: r.case_id,
      }));
    },

    /**
     * Extends the lease of a running job. Answers whether this worker still owns it and whether
     * its cancellation was asked for (the job's next checkpoint then stops it).
     */
    async heartbeat({
      jobId,
      workerId,
      leaseMs,
      now = new Date(),
    }: {
      jobId: string;
      workerId: string;
      leaseMs: number;
      now?: Date;
    }): Promise<{ owned: boolean; cancelRequested: boolean }> {
      const row = await db
        .updateTable('jobs')
        .set({ locked_until: new Date(now.getTime() + leaseMs), updated_at: now })
        .where('id', '=', jobId)
        .where('locked_by', '=', workerId)
        .where('status', '=', 'RUNNING')
        .returning(['cancel_requested'])
        .executeTakeFirst();
      return { owned: row !== undefined, cancelRequested: row?.cancel_requested ?? false };
    },

    /** The checkpoint of a running job: still ours, and not cancelled? (one primary-key read) */
    async checkpointState({ jobId, workerId }: { jobId: string; workerId: string }) {
      const row = await db
        .selectFrom('jobs')
        .select(['status', 'locked_by', 'cancel_requested'])
        .where('id', '=', jobId)
        .executeTakeFirst();
      return {
        owned: row?.status === 'RUNNING' && row.locked_by === workerId,
        cancelRequested: row?.cancel_requested ?? false,
      };
    },

    /** A running job that stopped at a checkpoint because its case's jobs were cancelled. */
    async markCancelled({
      jobId,
      workerId,
      now = new Date(),
    }: {
      jobId: string;
      workerId: string;
      now?: Date;
    }) {
      await db
        .updateTable('jobs')
        .set({
          status: 'CANCELLED',
          finished_at: now,
          updated_at: now,
          locked_by: null,
          locked_until: null,
          singleton_key: null,
          last_error: 'cancelled',
        })
        .where('id', '=', jobId)
        .where('locked_by', '=', workerId)
        .execute();
    },

    /**
     * Graceful shutdown: a job this worker will not finish goes back to the queue at once, and the
     * attempt does not count (the worker stopped, the job did not fail).
     */
    async returnToQueue({
      jobId,
      workerId,
      now = new Date(),
    }: {
      jobId: string;
      workerId: string;
      now?: Date;
    }) {
      const result = await sql<{ id: string }>`
        UPDATE jobs SET status = 'QUEUED', attempts = GREATEST(attempts - 1, 0), run_at = ${now},
               locked_by = NULL, locked_until = NULL, updated_at = ${now}
        WHERE id = ${jobId} AND locked_by = ${workerId} AND status = 'RUNNING'
        RETURNING id`.execute(db);
      return { returned: result.rows.length > 0 };
    },

    /**
     * Cancels a case's work: queued jobs become CANCELLED at once, running ones are flagged and
     * stop at their next checkpoint.
     */
    async cancelCase({ caseId, now = new Date() }: { caseId: string; now?: Date }) {
      const queued = await sql<{ id: string }>`
        UPDATE jobs SET status = 'CANCELLED', finished_at = ${now}, updated_at = ${now},
               singleton_key = NULL, last_error = 'cancelled'
        WHERE case_id = ${caseId} AND status = 'QUEUED'
        RETURNING id`.execute(db);
      const running = await sql<{ id: string }>`
        UPDATE jobs SET cancel_requested = true, updated_at = ${now}
        WHERE case_id = ${caseId} AND status = 'RUNNING'
        RETURNING id`.execute(db);
      return { cancelled: queued.rows.length, stopping: running.rows.length };
    },

    /** Sets a case's queue priority; its queued and running jobs take it at once. */
    async setCasePriority({ caseId, priority }: { caseId: string; priority: number }) {
      return db.transaction().execute(async (trx) => {
        await trx
          .updateTable('cases')
          .set({ queue_priority: priority })
          .where('id', '=', caseId)
          .execute();
        const result = await trx
          .updateTable('jobs')
          .set({ case_priority: priority })
          .where('case_id', '=', caseId)
          .where('status', 'in', ['QUEUED', 'RUNNING'])
          .executeTakeFirst();
        return { updated: Number(result.numUpdatedRows) };
      });
    },

    async getCasePriority({ caseId }: { caseId: string }) {
      const row = await db
        .selectFrom('cases')
        .select('queue_priority')
        .where('id', '=', caseId)
        .executeTakeFirst();
      return { priority: row?.queue_priority ?? 0 };
    },

    /** Queue depth per job name and status (metrics); finished jobs are not counted. */
    async depth() {
      const rows = await db
        .selectFrom('jobs')
        .select(['name', 'status', (eb) => eb.fn.countAll<number>().as('n')])
        .where('status', 'in', ['QUEUED', 'RUNNING'])
        .groupBy(['name', 'status'])
        .execute();
      return { depth: rows.map((r) => ({ name: r.name, status: r.status, n: Number(r.n) })) };
    },

    /** Dead letters per job name (metrics). */
    async deadCount() {
      const rows = await db
        .selectFrom('jobs')
        .select(['name', (eb) => eb.fn.countAll<number>().as('n')])
        .where('status', '=', 'DEAD')
        .groupBy('name')
        .execute();
      return { dead: rows.map((r) => ({ name: r.name, n: Number(r.n) })) };
    },

    async complete({
      jobId,
      workerId,
      now = new Date(),
    }: {
      jobId: string;
      workerId: string;
      now?: Date;
    }) {
      await db
        .updateTable('jobs')
        .set({
          status: 'SUCCEEDED',
          finished_at: now,
          updated_at: now,
          locked_by: null,
          locked_until: null,
          singleton_key: null,
        })
        .where('id', '=', jobId)
        .where('locked_by', '=', workerId)
        .where('status', '=', 'RUNNING')
        .execute();
    },

    /** A failed attempt: retried after `retryAt`, or DEAD (dead letter) when attempts are used up. */
    async fail({
      jobId,
      workerId,
      error,
      retryAt,
      now = new Date(),
    }: {
      jobId: string;
      workerId: string;
      error: string;
      retryAt: Date | null;
      now?: Date;
    }) {
      await db
        .updateTable('jobs')
        .set(
          retryAt
            ? {
                status: 'QUEUED',
                run_at: retryAt,
                last_error: error.slice(0, 4000),
                updated_at: now,
                locked_by: null,
                locked_until: null,
              }
            : {
                status: 'DEAD',
                last_error: error.slice(0, 4000),
                finished_at: now,
                updated_at: now,
                locked_by: null,
                locked_until: null,
                singleton_key: null,
              },
        )
        .where('id', '=', jobId)
        .where('locked_by', '=', workerId)
        .execute();
    },

    /**
     * Jobs whose lease expired (their worker died: kill -9, power cut) go back to the queue, or to
     * DEAD when that was their last attempt. Run at start and periodically.
     */
    async releaseExpired({ now = new Date() }: { now?: Date } = {}) {
      const result = await sql<{ id: string }>`
        UPDATE jobs SET
          status = CASE WHEN cancel_requested THEN 'CANCELLED'
                        WHEN attempts >= max_attempts THEN 'DEAD' ELSE 'QUEUED' END,
          singleton_key = CASE WHEN cancel_requested OR attempts >= max_attempts THEN NULL
                               ELSE singleton_key END,
          last_error = COALESCE(last_error, 'lease expired (worker stopped)'),
          locked_by = NULL, locked_until = NULL, updated_at = ${now}
        WHERE status = 'RUNNING' AND locked_until < ${now}
        RETURNING id`.execute(db);
      return { released: result.rows.length };
    },

    /**
     * The embedded installation is one process: at start, every RUNNING job was orphaned by the
     * previous run (crash, kill -9), so it is released at once instead of waiting for its lease.
     */
    async releaseAllRunning({ now = new Date() }: { now?: Date } = {}) {
      await db
        .updateTable('jobs')
        .set({ locked_until: now })
        .where('status', '=', 'RUNNING')
        .execute();
      return this.releaseExpired({ now: new Date(now.getTime() + 1) });
    },

    async countByStatus({ caseId }: { caseId: string }) {
      const rows = await db
        .selectFrom('jobs')
        .select(['name', 'status', (eb) => eb.fn.countAll<number>().as('n')])
        .where('case_id', '=', caseId)
        .groupBy(['name', 'status'])
        .execute();
      return { counts: rows.map((r) => ({ name: r.name, status: r.status, n: Number(r.n) })) };
    },

    async getById({ jobId }: { jobId: string }) {
      return {
        job:
          (await db.selectFrom('jobs').selectAll().where('id', '=', jobId).executeTakeFirst()) ??
          null,
      };
    },
  };
}
