import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from 'prom-client';
import type { JobsRepository } from '../jobs/jobs.repository.ts';
import type { JobRunner, JobFinishedEvent } from '../jobs/jobs.runner.ts';

export type Metrics = ReturnType<typeof createMetrics>;

/**
 * The Prometheus metrics of one process (its own registry, so tests may build several servers).
 * Queue depth is read from the database at scrape time: every process reports the same, shared
 * queue; sum job and HTTP series over instances, not the depth.
 */
export function createMetrics({
  jobsRepository,
  mode,
}: {
  jobsRepository: JobsRepository;
  mode: string;
}) {
  const registry = new Registry();
  registry.setDefaultLabels({ mode });
  collectDefaultMetrics({ register: registry, prefix: 'sohoa_' });

  const httpDuration = new Histogram({
    name: 'sohoa_http_request_duration_seconds',
    help: 'HTTP request latency by route template, method and status.',
    labelNames: ['method', 'route', 'status'] as const,
    buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
    registers: [registry],
  });
  const jobDuration = new Histogram({
    name: 'sohoa_job_duration_seconds',
    help: 'Time a job ran in this worker, by job name and outcome.',
    labelNames: ['name', 'outcome'] as const,
    buckets: [0.01, 0.05, 0.1, 0.25, 0.5, 1, 2, 5, 10, 30, 60, 300],
    registers: [registry],
  });
  const pagesProcessed = new Counter({
    name: 'sohoa_ocr_pages_total',
    help: 'Pages processed (normalised and OCRed) by this worker; rate() gives OCR pages/s.',
    registers: [registry],
  });
  new Gauge({
    name: 'sohoa_queue_jobs',
    help: 'Jobs in the shared queue by job name and status (QUEUED, RUNNING, DEAD).',
    labelNames: ['queue', 'status'] as const,
    registers: [registry],
    async collect() {
      this.reset();
      const [{ depth }, { dead }] = await Promise.all([
        jobsRepository.depth(),
        jobsRepository.deadCount(),
      ]);
      for (const row of depth) {
        this.set({ queue: row.name, status: row.status }, row.n);
      }
      for (const row of dead) {
        this.set({ queue: row.name, status: 'DEAD' }, row.n);
      }
    },
  });

  return {
    registry,
    observeHttp({
      method,
      route,
      status,
      seconds,
    }: {
      method: string;
      route: string;
      status: number;
      seconds: number;
    }) {
      httpDuration.observe({ method, route, status: String(status) }, seconds);
    },
    /** Follows a job runner: durations of every job, and the OCR page counter. */
    observeRunner({ runner }: { runner: JobRunner }) {
      runner.events.on('job.finished', (event: JobFinishedEvent) => {
        jobDuration.observe({ name: event.name, outcome: event.outcome }, event.seconds);
        if (event.name === 'page.process' && event.outcome === 'succeeded') {
          pagesProcessed.inc();
        }
      });
    },
    async render() {
      return { contentType: registry.contentType, body: await registry.metrics() };
    },
  };
}
