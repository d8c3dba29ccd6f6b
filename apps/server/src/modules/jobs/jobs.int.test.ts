import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createCasesRepository } from '../cases/cases.repository.ts';
import type { Db } from '../database/database.ts';
import { createTestDatabase, getDbVariants } from '../database/database.test-utils.ts';
import { createSilentLogger } from '../shared/logger/logger.ts';
import { createUnitsRepository } from '../units/units.repository.ts';
import { createJobsRepository, type JobsRepository } from './jobs.repository.ts';
import { createJobRunner, type JobRunner } from './jobs.runner.ts';
import type { AnyJobDefinition, ClaimedJob } from './jobs.types.ts';

/*
 * The queue on both databases (issue 9): exactly-once claims under two concurrent runners, lease
 * expiry and heartbeats, retries and dead letters, fairness between cases, case priorities,
 * cancellation, per-queue concurrency and the graceful shutdown.
 */
const variants = await getDbVariants();
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

async function waitFor(cond: () => Promise<boolean>, timeoutMs = 30_000) {
  const deadline = Date.now() + timeoutMs;
  while (!(await cond())) {
    if (Date.now() > deadline) {
      throw new Error('timed out');
    }
    await sleep(25);
  }
}

type Handler = (args: { job: ClaimedJob; checkpoint: () => Promise<void> }) => Promise<void>;

/** One definition (`page.process`, payload ignored) whose behaviour each test chooses. */
function definition(
  handler: Handler,
  extra: Partial<Pick<AnyJobDefinition, 'leaseMs' | 'concurrency'>> = {},
): AnyJobDefinition {
  return {
    name: 'page.process',
    maxAttempts: 3,
    backoffMs: () => 10,
    leaseMs: 60_000,
    ...extra,
    handler: async (args) => {
      await handler(args);
      return 'success';
    },
  };
}

describe.each(variants)('job queue on %s', (variant) => {
  let db: Db;
  let close: () => Promise<void>;
  let jobs: JobsRepository;
  let unitId: string;
  const runners: JobRunner[] = [];

  beforeAll(async () => {
    ({ db, close } = await createTestDatabase({ variant }));
    jobs = createJobsRepository({ db });
    const { unit } = await createUnitsRepository({ db }).create({
      unit: { code: 'HN', name: 'VKSND TP Hà Nội', level: 'PROVINCIAL', parentId: null },
    });
    unitId = unit.id;
  });

  afterAll(async () => {
    await Promise.all(runners.map((r) => r.stop()));
    await close();
  });

  async function newCase(title: string) {
    const { case: created } = await createCasesRepository({ db }).create({
      fields: {
        unitId,
        title,
        kind: 'criminal',
        nationalCode: null,
        internalNumber: null,
        charges: [],
        stage: 'INVESTIGATION',
        confidentiality: 'NORMAL',
        parties: [],
      },
      createdBy: null,
      assigneeIds: [],
    });
    return created.id;
  }

  async function enqueue(caseId: string, n: number, tag: string) {
    const ids: string[] = [];
    for (let i = 0; i < n; i++) {
      const { jobId } = await jobs.enqueue({
        name: 'page.process',
        payload: { pageId: `${tag}-${i}` },
        caseId,
      });
      ids.push(jobId!);
    }
    return ids;
  }

  function runner(defs: AnyJobDefinition[], options: { concurrency?: number; hb?: number } = {}) {
    const r = createJobRunner({
      jobsRepository: jobs,
      definitions: defs,
      concurrency: options.concurrency ?? 4,
      logger: createSilentLogger(),
      pollMs: 20,
      ...(options.hb ? { heartbeatMs: options.hb } : {}),
    });
    runners.push(r);
    return r;
  }

  async function statusOf(id: string) {
    const { job } = await jobs.getById({ jobId: id });
    return job!;
  }

  /** Claims one job at a time (no runner) and returns their payload tags in order. */
  async function claimOrder(n: number) {
    const order: string[] = [];
    for (let i = 0; i < n; i++) {
      const [job] = await jobs.claim({
        names: ['page.process'],
        workerId: 'probe',
        leaseMs: 60_000,
        limit: 1,
      });
      if (!job) {
        break;
      }
      order.push((job.payload as { pageId: string }).pageId);
      await jobs.complete({ jobId: job.id, workerId: 'probe' });
    }
    return order;
  }

  it('runs every job exactly once with two runners claiming concurrently', async () => {
    const caseA = await newCase('Vụ án A');
    const caseB = await newCase('Vụ án B');
    const ids = [...(await enqueue(caseA, 40, 'a')), ...(await enqueue(caseB, 40, 'b'))];
    const seen = new Map<string, string[]>();
    const handlerFor = (name: string) =>
      definition(async ({ job }) => {
        seen.set(job.id, [...(seen.get(job.id) ?? []), name]);
        await sleep(2);
      });
    const one = runner([handlerFor('one')]);
    const two = runner([handlerFor('two')]);
    await Promise.all([one.start(), two.start()]);
    await waitFor(async () => {
      const states = await Promise.all(ids.map(statusOf));
      return states.every((j) => j.status === 'SUCCEEDED');
    }, 60_000);
    await Promise.all([one.stop(), two.stop()]);
    expect(seen.size).toBe(ids.length);
    expect([...seen.values()].every((runs) => runs.length === 1)).toBe(true);
    const byRunner = [...seen.values()].flat();
    expect(byRunner.filter((n) => n === 'one').length).toBeGreaterThan(0);
    expect(byRunner.filter((n) => n === 'two').length).toBeGreaterThan(0);
  }, 90_000);

  it('retries the job of a worker that died once its lease expired; the dead worker cannot complete it', async () => {
    const caseId = await newCase('Vụ án lease');
    const [id] = await enqueue(caseId, 1, 'lease');
    // "Worker A" claims with a short lease, then dies (never heart-beats, never completes).
    const [claimed] = await jobs.claim({
      names: ['page.process'],
      workerId: 'dead-worker',
      leaseMs: 100,
      limit: 1,
    });
    expect(claimed?.id).toBe(id);
    let runs = 0;
    const b = runner([
      definition(async () => {
        runs++;
      }),
    ]);
    await sleep(150);
    await b.start();
    await waitFor(async () => (await statusOf(id!)).status === 'SUCCEEDED');
    await b.stop();
    expect(runs).toBe(1);
    expect((await statusOf(id!)).attempts).toBe(2);
    // The zombie wakes up and tries to finish or fail: nothing changes.
    await jobs.complete({ jobId: id!, workerId: 'dead-worker' });
    await jobs.fail({ jobId: id!, workerId: 'dead-worker', error: 'late', retryAt: new Date() });
    expect((await statusOf(id!)).status).toBe('SUCCEEDED');
    expect((await statusOf(id!)).last_error).toBe('lease expired (worker stopped)');
  });

  it('keeps a long job with a short lease alive by heartbeats (no second run)', async () => {
    const caseId = await newCase('Vụ án heartbeat');
    const [id] = await enqueue(caseId, 1, 'hb');
    let runs = 0;
    const slow = definition(
      async () => {
        runs++;
        await sleep(900);
      },
      { leaseMs: 300 },
    );
    const a = runner([slow], { hb: 50 });
    const b = runner([slow], { hb: 50 });
    await a.start();
    await waitFor(async () => (await statusOf(id!)).status === 'RUNNING');
    await b.start();
    await waitFor(async () => (await statusOf(id!)).status === 'SUCCEEDED');
    await Promise.all([a.stop(), b.stop()]);
    expect(runs).toBe(1);
    expect((await statusOf(id!)).attempts).toBe(1);
  });

  it('retries with backoff, then dead-letters', async () => {
    const caseId = await newCase('Vụ án lỗi');
    const [id] = await enqueue(caseId, 1, 'fail');
    const times: number[] = [];
    const failing: AnyJobDefinition = {
      ...definition(async () => {
        times.push(Date.now());
        throw new Error('OCR exploded');
      }),
      backoffMs: (attempt) => 150 * attempt,
    };
    const r = runner([failing]);
    // Attempts come from the row: make it three.
    await r.start();
    await waitFor(async () => (await statusOf(id!)).status === 'DEAD');
    await r.stop();
    const job = await statusOf(id!);
    expect(job.attempts).toBe(3);
    expect(job.last_error).toContain('OCR exploded');
    expect(times).toHaveLength(3);
    expect(times[1]! - times[0]!).toBeGreaterThanOrEqual(140);
    expect(times[2]! - times[1]!).toBeGreaterThanOrEqual(290);
  });

  it('serves cases round-robin: a huge case does not starve a small one, nor one that comes late', async () => {
    const huge = await newCase('Vụ án lớn');
    const small = await newCase('Vụ án nhỏ');
    const late = await newCase('Vụ án đến sau');
    await enqueue(huge, 60, 'huge');
    await enqueue(small, 5, 'small');
    const first = await claimOrder(10);
    // Strict alternation while both have work.
    expect(first.filter((t) => t.startsWith('small'))).toEqual([
      'small-0',
      'small-1',
      'small-2',
      'small-3',
      'small-4',
    ]);
    expect(first.filter((t) => t.startsWith('huge'))).toHaveLength(5);
    await claimOrder(20);
    // A case that arrives now starts at the queue clock: served at once, alternating.
    await enqueue(late, 3, 'late');
    const next = await claimOrder(6);
    expect(next.filter((t) => t.startsWith('late'))).toEqual(['late-0', 'late-1', 'late-2']);
    // And the huge case still finishes.
    const rest = await claimOrder(100);
    expect(rest.filter((t) => t.startsWith('huge'))).toHaveLength(60 - 5 - 20 - 3);
  });

  it('lets a prioritised case jump the queue, including jobs it enqueues later', async () => {
    const normal = await newCase('Vụ án thường');
    const urgent = await newCase('Vụ án mở phiên tòa ngày mai');
    await enqueue(normal, 20, 'normal');
    await enqueue(urgent, 3, 'urgent');
    await jobs.setCasePriority({ caseId: urgent, priority: 10 });
    expect(await claimOrder(3)).toEqual(['urgent-0', 'urgent-1', 'urgent-2']);
    await enqueue(urgent, 2, 'urgent-more');
    expect(await claimOrder(2)).toEqual(['urgent-more-0', 'urgent-more-1']);
    expect((await jobs.getCasePriority({ caseId: urgent })).priority).toBe(10);
    const rest = await claimOrder(100);
    expect(rest).toHaveLength(20);
  });

  it("cancels a case's pending jobs; a running one stops at its next checkpoint", async () => {
    const doomed = await newCase('Vụ án hủy');
    const other = await newCase('Vụ án khác');
    const doomedIds = await enqueue(doomed, 5, 'doomed');
    const otherIds = await enqueue(other, 2, 'other');
    const checkpoints: string[] = [];
    let release = false;
    const r = runner(
      [
        definition(async ({ job, checkpoint }) => {
          const tag = (job.payload as { pageId: string }).pageId;
          if (tag.startsWith('doomed')) {
            // A long job: step, checkpoint, step…
            for (let step = 0; step < 400 && !release; step++) {
              await checkpoint();
              checkpoints.push(tag);
              await sleep(10);
            }
          }
        }),
      ],
      { concurrency: 1 },
    );
    await r.start();
    await waitFor(async () => checkpoints.length > 2);
    const result = await jobs.cancelCase({ caseId: doomed });
    expect(result).toEqual({ cancelled: 4, stopping: 1 });
    await waitFor(async () =>
      (await Promise.all(doomedIds.map(statusOf))).every((j) => j.status === 'CANCELLED'),
    );
    await waitFor(async () =>
      (await Promise.all(otherIds.map(statusOf))).every((j) => j.status === 'SUCCEEDED'),
    );
    release = true;
    await r.stop();
    const stoppedAt = checkpoints.length;
    await sleep(50);
    expect(checkpoints.length).toBe(stoppedAt);
    expect(new Set(checkpoints)).toEqual(new Set(['doomed-0']));
  });

  it('respects a per-queue concurrency cap', async () => {
    const caseId = await newCase('Vụ án giới hạn');
    const ids = await enqueue(caseId, 8, 'cap');
    let current = 0;
    let peak = 0;
    const r = runner(
      [
        definition(
          async () => {
            current++;
            peak = Math.max(peak, current);
            await sleep(30);
            current--;
          },
          { concurrency: 2 },
        ),
      ],
      { concurrency: 6 },
    );
    await r.start();
    await waitFor(async () =>
      (await Promise.all(ids.map(statusOf))).every((j) => j.status === 'SUCCEEDED'),
    );
    await r.stop();
    expect(peak).toBe(2);
  });

  it('returns a job to the queue on shutdown after the grace period (the attempt does not count)', async () => {
    const caseId = await newCase('Vụ án dừng máy');
    const [id] = await enqueue(caseId, 1, 'shutdown');
    let stoppedBy: unknown = null;
    const r = runner([
      definition(async ({ checkpoint }) => {
        try {
          for (;;) {
            await checkpoint();
            await sleep(20);
          }
        } catch (error) {
          stoppedBy = error;
          throw error;
        }
      }),
    ]);
    await r.start();
    await waitFor(async () => (await statusOf(id!)).status === 'RUNNING');
    const { returned } = await r.stop({ graceMs: 100 });
    expect(returned).toBe(1);
    const job = await statusOf(id!);
    expect(job.status).toBe('QUEUED');
    expect(job.attempts).toBe(0);
    expect(job.locked_by).toBeNull();
    expect((stoppedBy as Error | null)?.name).toBe('JobStoppedError');
    // Another worker takes it at once.
    const [again] = await jobs.claim({
      names: ['page.process'],
      workerId: 'next',
      leaseMs: 1000,
      limit: 1,
    });
    expect(again?.id).toBe(id);
  });
});
