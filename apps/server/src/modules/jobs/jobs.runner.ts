import { EventEmitter } from 'node:events';
import { hostname } from 'node:os';
import { randomBytes } from 'node:crypto';
import type { Logger } from '../shared/logger/logger.ts';
import type { JobsRepository } from './jobs.repository.ts';
import {
  JobStoppedError,
  type AnyJobDefinition,
  type ClaimedJob,
  type JobName,
  type JobStopReason,
} from './jobs.types.ts';

export type JobRunner = ReturnType<typeof createJobRunner>;

/** What the runner reports for each job it ran (metrics, logs). */
export interface JobFinishedEvent {
  name: JobName;
  outcome: 'succeeded' | 'retrying' | 'dead' | 'cancelled' | 'returned' | 'lease_lost';
  seconds: number;
}

interface RunningJob {
  job: ClaimedJob;
  promise: Promise<void>;
  /** Set when the worker is shutting down: the job's next checkpoint returns it to the queue. */
  shutdown: boolean;
}

/**
 * Claims and runs jobs with bounded concurrency (overall, and per job name when its definition
 * says so). Idle, it polls (so jobs enqueued by other processes are seen); `wake()` cuts the wait
 * when this process enqueued something. A heartbeat extends the lease of each running job; a
 * worker killed with -9 stops heart-beating and its jobs are released when their lease expires.
 */
export function createJobRunner({
  jobsRepository,
  definitions,
  concurrency,
  logger,
  pollMs = 500,
  exclusive = false,
  heartbeatMs,
}: {
  jobsRepository: JobsRepository;
  definitions: readonly AnyJobDefinition[];
  concurrency: number;
  logger: Logger;
  pollMs?: number;
  /** True when this process is the only worker (embedded PGlite): orphaned jobs are released at start. */
  exclusive?: boolean;
  /** Heartbeat period (default: a third of each job's lease, at least 1 s). */
  heartbeatMs?: number;
}) {
  const workerId = `${hostname()}:${process.pid}:${randomBytes(4).toString('hex')}`;
  const byName = new Map(definitions.map((d) => [d.name, d]));
  const names = [...byName.keys()] as JobName[];
  const events = new EventEmitter();
  const running = new Map<string, RunningJob>();
  let stopped = true;
  let wakeUp: (() => void) | null = null;
  let loop: Promise<void> | null = null;

  const runningOf = (name: JobName) =>
    [...running.values()].filter((r) => r.job.name === name).length;

  /** Names this process may claim now, and how many jobs at most (per-queue caps respected). */
  function claimable(): { names: JobName[]; limit: number } {
    let limit = concurrency - running.size;
    const open: JobName[] = [];
    for (const name of names) {
      const cap = byName.get(name)!.concurrency;
      if (cap === undefined) {
        open.push(name);
        continue;
      }
      const free = cap - runningOf(name);
      if (free > 0) {
        open.push(name);
        // One claim may return any mix of names: never more than the tightest cap allows.
        limit = Math.min(limit, free);
      }
    }
    return { names: open, limit };
  }

  async function runOne(entry: RunningJob) {
    const { job } = entry;
    const definition = byName.get(job.name)!;
    const started = performance.now();
    const finished = (outcome: JobFinishedEvent['outcome']) =>
      events.emit('job.finished', {
        name: job.name,
        outcome,
        seconds: (performance.now() - started) / 1000,
      } satisfies JobFinishedEvent);
    let stopReason: JobStopReason | null = null;
    const heartbeat = setInterval(
      () => {
        jobsRepository
          .heartbeat({ jobId: job.id, workerId, leaseMs: definition.leaseMs })
          .then((state) => {
            if (!state.owned) {
              stopReason ??= 'lease_lost';
            } else if (state.cancelRequested) {
              stopReason ??= 'cancelled';
            }
          })
          .catch(() => undefined);
      },
      heartbeatMs ?? Math.max(1000, definition.leaseMs / 3),
    );
    const checkpoint = async () => {
      if (entry.shutdown) {
        throw new JobStoppedError('shutdown');
      }
      if (!stopReason) {
        const state = await jobsRepository.checkpointState({ jobId: job.id, workerId });
        stopReason = !state.owned ? 'lease_lost' : state.cancelRequested ? 'cancelled' : null;
      }
      if (stopReason) {
        throw new JobStoppedError(stopReason);
      }
    };
    try {
      // The handler type is keyed by name; the claim returned a job of that name.
      await (
        definition.handler as (args: {
          job: ClaimedJob;
          checkpoint: () => Promise<void>;
        }) => Promise<unknown>
      )({ job, checkpoint });
      await jobsRepository.complete({ jobId: job.id, workerId });
      events.emit('job.succeeded', job);
      finished('succeeded');
    } catch (error) {
      if (error instanceof JobStoppedError) {
        if (error.reason === 'cancelled') {
          await jobsRepository.markCancelled({ jobId: job.id, workerId });
          logger.info({ jobId: job.id, name: job.name }, 'job cancelled at a checkpoint');
          finished('cancelled');
        } else if (error.reason === 'shutdown') {
          await jobsRepository.returnToQueue({ jobId: job.id, workerId });
          logger.info({ jobId: job.id, name: job.name }, 'job returned to the queue (shutdown)');
          finished('returned');
        } else {
          // Another worker owns it now (our lease expired): leave the row alone.
          logger.warn({ jobId: job.id, name: job.name }, 'job lease lost, stopped');
          finished('lease_lost');
        }
        return;
      }
      const message = error instanceof Error ? `${error.name}: ${error.message}` : String(error);
      const retry = job.attempts < job.maxAttempts;
      await jobsRepository.fail({
        jobId: job.id,
        workerId,
        error: message,
        retryAt: retry ? new Date(Date.now() + definition.backoffMs(job.attempts)) : null,
      });
      logger.warn(
        { jobId: job.id, name: job.name, attempts: job.attempts, err: error },
        retry ? 'job failed, will retry' : 'job failed for good',
      );
      events.emit(retry ? 'job.retrying' : 'job.dead', job, error);
      finished(retry ? 'retrying' : 'dead');
    } finally {
      clearInterval(heartbeat);
    }
  }

  async function mainLoop() {
    let lastSweep = 0;
    const maxLease = Math.max(...definitions.map((d) => d.leaseMs));
    while (!stopped) {
      try {
        if (Date.now() - lastSweep > 5000) {
          lastSweep = Date.now();
          await jobsRepository.releaseExpired();
        }
        const { names: open, limit } = claimable();
        const jobs =
          limit > 0 && open.length > 0
            ? await jobsRepository.claim({ names: open, workerId, leaseMs: maxLease, limit })
            : [];
        for (const job of jobs) {
          const entry: RunningJob = { job, promise: Promise.resolve(), shutdown: false };
          entry.promise = runOne(entry)
            .catch((error: unknown) =>
              logger.error({ err: error, jobId: job.id }, 'job bookkeeping'),
            )
            .finally(() => {
              running.delete(job.id);
              wakeUp?.();
            });
          running.set(job.id, entry);
        }
        if (jobs.length === 0 || claimable().limit <= 0) {
          await new Promise<void>((resolve) => {
            const timer = setTimeout(resolve, pollMs);
            wakeUp = () => {
              clearTimeout(timer);
              resolve();
            };
          });
          wakeUp = null;
        }
      } catch (error) {
        logger.error({ err: error }, 'job loop error');
        await new Promise((r) => setTimeout(r, pollMs));
      }
    }
  }

  return {
    workerId,
    events,
    /** Jobs running in this process now. */
    get runningCount() {
      return running.size;
    },
    async start() {
      if (!stopped) {
        return;
      }
      if (exclusive) {
        const { released } = await jobsRepository.releaseAllRunning();
        if (released > 0) {
          logger.info({ released }, 'jobs of the previous run resumed');
        }
      }
      stopped = false;
      loop = mainLoop();
    },
    wake() {
      wakeUp?.();
    },
    /**
     * Stops claiming, lets running jobs finish for `graceMs` (default: wait for them all); then
     * each job still running is returned to the queue (at once in the database, so another worker
     * may take it; the job itself stops at its next checkpoint).
     */
    async stop({ graceMs }: { graceMs?: number } = {}) {
      stopped = true;
      wakeUp?.();
      await loop;
      const all = Promise.allSettled([...running.values()].map((r) => r.promise));
      if (graceMs === undefined) {
        await all;
        return { returned: 0 };
      }
      let timer: NodeJS.Timeout | undefined;
      const timedOut = await Promise.race([
        all.then(() => false),
        new Promise<boolean>((r) => (timer = setTimeout(() => r(true), graceMs))),
      ]);
      clearTimeout(timer);
      if (!timedOut) {
        return { returned: 0 };
      }
      let returned = 0;
      for (const entry of running.values()) {
        entry.shutdown = true;
        const result = await jobsRepository.returnToQueue({ jobId: entry.job.id, workerId });
        returned += result.returned ? 1 : 0;
      }
      logger.warn({ returned }, 'grace period over: running jobs returned to the queue');
      // Give handlers a short moment to reach a checkpoint; their writes are idempotent anyway.
      await Promise.race([all, new Promise((r) => setTimeout(r, Math.min(graceMs, 2000)))]);
      return { returned };
    },
    /** Resolves when no job of these names is queued or running (tests, `sohoa analyze`). */
    async idle({ isIdle }: { isIdle: () => Promise<boolean> }) {
      while (!(running.size === 0 && (await isIdle()))) {
        await new Promise((r) => setTimeout(r, 100));
      }
    },
  };
}
