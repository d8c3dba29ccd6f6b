import { EventEmitter } from 'node:events';
import { hostname } from 'node:os';
import { randomBytes } from 'node:crypto';
import type { Logger } from '../shared/logger/logger.ts';
import type { JobsRepository } from './jobs.repository.ts';
import type { AnyJobDefinition, ClaimedJob, JobName } from './jobs.types.ts';

export type JobRunner = ReturnType<typeof createJobRunner>;

/**
 * Claims and runs jobs with bounded concurrency. Idle, it polls (so jobs enqueued by other
 * processes are seen); `wake()` cuts the wait when this process enqueued something.
 */
export function createJobRunner({
  jobsRepository,
  definitions,
  concurrency,
  logger,
  pollMs = 500,
  exclusive = false,
}: {
  jobsRepository: JobsRepository;
  definitions: readonly AnyJobDefinition[];
  concurrency: number;
  logger: Logger;
  pollMs?: number;
  /** True when this process is the only worker (embedded PGlite): orphaned jobs are released at start. */
  exclusive?: boolean;
}) {
  const workerId = `${hostname()}:${process.pid}:${randomBytes(4).toString('hex')}`;
  const byName = new Map(definitions.map((d) => [d.name, d]));
  const names = [...byName.keys()] as JobName[];
  const events = new EventEmitter();
  const running = new Set<Promise<void>>();
  let stopped = true;
  let wakeUp: (() => void) | null = null;
  let loop: Promise<void> | null = null;

  async function runOne(job: ClaimedJob) {
    const definition = byName.get(job.name)!;
    const heartbeat = setInterval(
      () => {
        jobsRepository
          .heartbeat({ jobId: job.id, workerId, leaseMs: definition.leaseMs })
          .catch(() => undefined);
      },
      Math.max(1000, definition.leaseMs / 3),
    );
    try {
      // The handler type is keyed by name; the claim returned a job of that name.
      await (definition.handler as (args: { job: ClaimedJob }) => Promise<unknown>)({ job });
      await jobsRepository.complete({ jobId: job.id, workerId });
      events.emit('job.succeeded', job);
    } catch (error) {
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
    } finally {
      clearInterval(heartbeat);
    }
  }

  async function mainLoop() {
    let lastSweep = 0;
    while (!stopped) {
      try {
        if (Date.now() - lastSweep > 5000) {
          lastSweep = Date.now();
          await jobsRepository.releaseExpired();
        }
        const free = concurrency - running.size;
        const maxLease = Math.max(...definitions.map((d) => d.leaseMs));
        const jobs =
          free > 0
            ? await jobsRepository.claim({ names, workerId, leaseMs: maxLease, limit: free })
            : [];
        for (const job of jobs) {
          const p = runOne(job).finally(() => {
            running.delete(p);
            wakeUp?.();
          });
          running.add(p);
        }
        if (jobs.length === 0 || running.size >= concurrency) {
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
    /** Stops claiming, waits for running jobs to finish. */
    async stop() {
      stopped = true;
      wakeUp?.();
      await loop;
      await Promise.allSettled([...running]);
    },
    /** Resolves when no job of these names is queued or running (tests, `sohoa analyze`). */
    async idle({ isIdle }: { isIdle: () => Promise<boolean> }) {
      while (!(running.size === 0 && (await isIdle()))) {
        await new Promise((r) => setTimeout(r, 100));
      }
    },
  };
}
