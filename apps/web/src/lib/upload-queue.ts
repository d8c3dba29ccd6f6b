import type { IntakeResult } from '@sohoa/contracts';

export type UploadStatus = 'queued' | 'uploading' | 'done' | 'failed' | 'cancelled';

export interface UploadEntry {
  id: string;
  name: string;
  volume: number;
  size: number;
  status: UploadStatus;
  /** Bytes the server has acknowledged (resumed uploads start above 0). */
  sent: number;
  /** What the intake made of the file (a zip gives one result per file inside). */
  results: IntakeResult[];
  /** Why the upload itself failed (network, refused), in the UI language. */
  error: string | null;
}

export type Uploader<F> = (args: {
  file: F;
  name: string;
  volume: number;
  onProgress: (sent: number) => void;
  signal: AbortSignal;
}) => Promise<IntakeResult[]>;

/**
 * The files a user dropped, uploaded a few at a time (a scanner PC on a shared LAN link should
 * not open 200 connections). The transport is injected (tus in the browser, a fake in tests);
 * every change is reported through `onChange` with a fresh array, ready for React state.
 */
export function createUploadQueue<F extends { size: number }>({
  uploader,
  concurrency = 2,
  onChange = () => undefined,
  describeError = (error: unknown) => (error instanceof Error ? error.message : String(error)),
}: {
  uploader: Uploader<F>;
  concurrency?: number;
  onChange?: (entries: readonly UploadEntry[]) => void;
  describeError?: (error: unknown) => string;
}) {
  let entries: UploadEntry[] = [];
  const files = new Map<string, F>();
  const controllers = new Map<string, AbortController>();
  let nextId = 1;
  let waiters: Array<() => void> = [];

  const update = (id: string, patch: Partial<UploadEntry>) => {
    entries = entries.map((e) => (e.id === id ? { ...e, ...patch } : e));
    onChange(entries);
  };

  function pump() {
    let running = entries.filter((e) => e.status === 'uploading').length;
    for (const entry of entries) {
      if (running >= concurrency) {
        break;
      }
      if (entry.status === 'queued') {
        running++;
        start(entry);
      }
    }
    if (entries.every((e) => e.status !== 'queued' && e.status !== 'uploading')) {
      const done = waiters;
      waiters = [];
      done.forEach((resolve) => resolve());
    }
  }

  function start(entry: UploadEntry) {
    const controller = new AbortController();
    controllers.set(entry.id, controller);
    update(entry.id, { status: 'uploading', error: null });
    uploader({
      file: files.get(entry.id)!,
      name: entry.name,
      volume: entry.volume,
      signal: controller.signal,
      onProgress: (sent) => {
        if (!controller.signal.aborted) {
          update(entry.id, { sent });
        }
      },
    })
      .then(
        (results) => {
          if (!controller.signal.aborted) {
            update(entry.id, { status: 'done', sent: entry.size, results });
          }
        },
        (error: unknown) => {
          if (!controller.signal.aborted) {
            update(entry.id, { status: 'failed', error: describeError(error) });
          }
        },
      )
      .finally(() => {
        controllers.delete(entry.id);
        pump();
      });
  }

  return {
    entries: () => entries,
    add(items: Array<{ file: F; name: string; volume: number }>) {
      const added = items.map((item) => {
        const id = `u${nextId++}`;
        files.set(id, item.file);
        return {
          id,
          name: item.name,
          volume: item.volume,
          size: item.file.size,
          status: 'queued' as const,
          sent: 0,
          results: [],
          error: null,
        };
      });
      entries = [...entries, ...added];
      onChange(entries);
      pump();
      return added.map((e) => e.id);
    },
    /** A failed or cancelled upload goes back in the queue (tus resumes where it stopped). */
    retry(id: string) {
      const entry = entries.find((e) => e.id === id);
      if (entry && (entry.status === 'failed' || entry.status === 'cancelled')) {
        update(id, { status: 'queued', error: null });
        pump();
      }
    },
    cancel(id: string) {
      const entry = entries.find((e) => e.id === id);
      if (entry && (entry.status === 'queued' || entry.status === 'uploading')) {
        controllers.get(id)?.abort();
        update(id, { status: 'cancelled' });
        pump();
      }
    },
    /** Forgets finished uploads (their results stay in the case's progress). */
    clearFinished() {
      entries = entries.filter((e) => e.status !== 'done' && e.status !== 'cancelled');
      for (const id of [...files.keys()]) {
        if (!entries.some((e) => e.id === id)) {
          files.delete(id);
        }
      }
      onChange(entries);
    },
    /** Resolves when nothing is queued or running. */
    idle(): Promise<void> {
      if (entries.every((e) => e.status !== 'queued' && e.status !== 'uploading')) {
        return Promise.resolve();
      }
      return new Promise((resolve) => waiters.push(resolve));
    },
  };
}

export type UploadQueue<F extends { size: number }> = ReturnType<typeof createUploadQueue<F>>;

export interface UploadSummary {
  files: number;
  finished: number;
  accepted: number;
  duplicate: number;
  rejected: number;
  failed: number;
  sentBytes: number;
  totalBytes: number;
}

export function summarizeUploads(entries: readonly UploadEntry[]): UploadSummary {
  const results = entries.flatMap((e) => e.results);
  return {
    files: entries.length,
    finished: entries.filter((e) => e.status === 'done').length,
    accepted: results.filter((r) => r.status === 'accepted').length,
    duplicate: results.filter((r) => r.status === 'duplicate').length,
    rejected: results.filter((r) => r.status === 'rejected').length,
    failed: entries.filter((e) => e.status === 'failed').length,
    sentBytes: entries.reduce((s, e) => s + (e.status === 'cancelled' ? 0 : e.sent), 0),
    totalBytes: entries.reduce((s, e) => s + (e.status === 'cancelled' ? 0 : e.size), 0),
  };
}
