import { fileURLToPath } from 'node:url';
import { Piscina } from 'piscina';
import { ProcessingError } from '@sohoa/processing';
import type { PageProcessor } from './page-processor.types.ts';
import { createPageProcessorTasks, type TaskSettings } from './page-processor.tasks.ts';

/** In-thread page processor: tests and tiny deployments (blocks the event loop while it works). */
export function createInlinePageProcessor({ settings }: { settings: TaskSettings }): PageProcessor {
  return createPageProcessorTasks({ settings });
}

/**
 * Page processor on a pool of worker threads (piscina), `threads` at most: OCR and image work never
 * block the HTTP event loop. Expected failures come back as data and are rethrown here as
 * ProcessingErrors with their code.
 */
export function createPooledPageProcessor({
  settings,
  threads,
}: {
  settings: TaskSettings;
  threads: number;
}): PageProcessor {
  const pool = new Piscina({
    filename: fileURLToPath(new URL('./page-processor.worker.mjs', import.meta.url)),
    minThreads: 1,
    maxThreads: threads,
    idleTimeout: 60_000,
    workerData: settings,
  });
  // pdf.js has no limit of its own on a pathological page: a task that hangs is aborted (its
  // thread is replaced) and the job is retried or marked failed.
  const TIMEOUT_MS: Record<string, number> = {
    structureCase: 300_000,
    inspectSource: 120_000,
    expandZip: 600_000,
    extractPage: 120_000,
    analyzePage: 180_000,
  };
  const run = async <T>(name: string, args: unknown): Promise<T> => {
    const result = (await pool.run(args, {
      name,
      signal: AbortSignal.timeout(TIMEOUT_MS[name] ?? 120_000),
    })) as {
      ok?: T;
      processingError?: { code: string; message: string };
    };
    if (result.processingError) {
      throw new ProcessingError(result.processingError);
    }
    return result.ok as T;
  };
  return {
    inspectSource: (args) => run('inspectSource', args),
    expandZip: (args) => run('expandZip', args),
    extractPage: (args) => run('extractPage', args),
    analyzePage: (args) => run('analyzePage', args),
    structureCase: (args) => run('structureCase', args),
    close: () => pool.destroy(),
  };
}
