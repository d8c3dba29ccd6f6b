/** Every job name with its payload (CONVENTIONS.md §10). */
export interface JobMap {
  /** Split an accepted source file into page rows, one page at a time (idempotent). */
  'source.split': { sourceFileId: string };
  /** Normalise, OCR and read the bút lục of one page (idempotent). */
  'page.process': { pageId: string };
  /** Split the processed pages into documents, classify, extract, place in sections (idempotent). */
  'case.structure': { caseId: string };
}

export type JobName = keyof JobMap;
export type JobOf<N extends JobName> = JobMap[N];
export type JobOutcome = 'success' | 'skipped';

export interface ClaimedJob<N extends JobName = JobName> {
  id: string;
  name: N;
  payload: JobOf<N>;
  attempts: number;
  maxAttempts: number;
  caseId: string | null;
}

export interface JobDefinition<N extends JobName> {
  name: N;
  maxAttempts: number;
  /** Delay before retry n (1-based), in ms. */
  backoffMs: (attempt: number) => number;
  /** Lease: a job not finished (or heart-beaten) within this time is retried by another worker. */
  leaseMs: number;
  /** At most this many jobs of this name run at once in one worker process (default: no cap). */
  concurrency?: number;
  /**
   * `checkpoint()` throws (a JobStoppedError) when the job was cancelled, when this worker lost
   * its lease to another, or when the worker is shutting down: call it between steps.
   */
  handler: (args: { job: ClaimedJob<N>; checkpoint: () => Promise<void> }) => Promise<JobOutcome>;
}

/** Why a running job stopped at a checkpoint. */
export type JobStopReason = 'cancelled' | 'lease_lost' | 'shutdown';

export class JobStoppedError extends Error {
  readonly reason: JobStopReason;
  constructor(reason: JobStopReason) {
    super(`job stopped: ${reason}`);
    this.name = 'JobStoppedError';
    this.reason = reason;
  }
}

export type AnyJobDefinition = { [N in JobName]: JobDefinition<N> }[JobName];
