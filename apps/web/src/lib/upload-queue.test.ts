import type { IntakeResult } from '@sohoa/contracts';
import { describe, expect, it } from 'vitest';
import { createUploadQueue, summarizeUploads, type Uploader } from './upload-queue.ts';

interface FakeFile {
  size: number;
  outcome: 'accept' | 'reject' | 'fail';
}

/** A transport whose uploads finish only when the test says so, to observe the queue between. */
function controlledUploader() {
  const pending = new Map<string, { finish: () => void; file: FakeFile; signal: AbortSignal }>();
  let maxRunning = 0;
  const uploader: Uploader<FakeFile> = ({ file, name, volume, onProgress, signal }) =>
    new Promise<IntakeResult[]>((resolve, reject) => {
      onProgress(Math.floor(file.size / 2));
      pending.set(name, {
        file,
        signal,
        finish: () => {
          pending.delete(name);
          if (file.outcome === 'fail') {
            reject(new Error('mất kết nối'));
          } else if (file.outcome === 'reject') {
            resolve([
              {
                status: 'rejected',
                fileName: name,
                code: 'intake.unsupported',
                message: 'Tệp không được hỗ trợ',
                messages: { vi: 'Tệp không được hỗ trợ', en: 'Unsupported file' },
              },
            ]);
          } else {
            resolve([
              {
                status: 'accepted',
                fileName: name,
                sourceFileId: 'src_1',
                pageCount: 3,
                volumeNumber: volume,
              },
            ]);
          }
        },
      });
      maxRunning = Math.max(maxRunning, pending.size);
    });
  const settle = () => new Promise((r) => setTimeout(r, 0));
  return { uploader, pending, maxRunning: () => maxRunning, settle };
}

describe('upload queue', () => {
  it('uploads at most `concurrency` files at once, in order, and reports results per file', async () => {
    const t = controlledUploader();
    const changes: number[] = [];
    const queue = createUploadQueue({
      uploader: t.uploader,
      concurrency: 2,
      onChange: (e) => changes.push(e.length),
    });
    queue.add([
      { file: { size: 100, outcome: 'accept' }, name: 'a.pdf', volume: 1 },
      { file: { size: 200, outcome: 'reject' }, name: 'b.exe', volume: 1 },
      { file: { size: 300, outcome: 'accept' }, name: 'c.pdf', volume: 2 },
    ]);
    expect([...t.pending.keys()]).toEqual(['a.pdf', 'b.exe']);
    expect(queue.entries().map((e) => e.status)).toEqual(['uploading', 'uploading', 'queued']);
    expect(queue.entries()[0]!.sent).toBe(50);
    t.pending.get('a.pdf')!.finish();
    await t.settle();
    expect([...t.pending.keys()]).toEqual(['b.exe', 'c.pdf']);
    t.pending.get('b.exe')!.finish();
    t.pending.get('c.pdf')!.finish();
    await queue.idle();
    expect(t.maxRunning()).toBe(2);
    expect(queue.entries().map((e) => [e.name, e.status, e.results[0]?.status])).toEqual([
      ['a.pdf', 'done', 'accepted'],
      ['b.exe', 'done', 'rejected'],
      ['c.pdf', 'done', 'accepted'],
    ]);
    expect(summarizeUploads(queue.entries())).toMatchObject({
      files: 3,
      finished: 3,
      accepted: 2,
      rejected: 1,
      failed: 0,
      sentBytes: 600,
      totalBytes: 600,
    });
    expect(changes.length).toBeGreaterThan(3);
  });

  it('keeps a failed upload with its reason and retries it on demand', async () => {
    const t = controlledUploader();
    const file: FakeFile = { size: 10, outcome: 'fail' };
    const queue = createUploadQueue({ uploader: t.uploader });
    const [id] = queue.add([{ file, name: 'x.pdf', volume: 1 }]);
    t.pending.get('x.pdf')!.finish();
    await queue.idle();
    expect(queue.entries()[0]).toMatchObject({ status: 'failed', error: 'mất kết nối' });
    file.outcome = 'accept';
    queue.retry(id!);
    expect(queue.entries()[0]!.status).toBe('uploading');
    t.pending.get('x.pdf')!.finish();
    await queue.idle();
    expect(queue.entries()[0]).toMatchObject({ status: 'done', error: null });
  });

  it('cancels a running upload (aborting its transport) and starts the next one', async () => {
    const t = controlledUploader();
    const queue = createUploadQueue({ uploader: t.uploader, concurrency: 1 });
    const [first] = queue.add([
      { file: { size: 10, outcome: 'accept' }, name: 'a.pdf', volume: 1 },
      { file: { size: 10, outcome: 'accept' }, name: 'b.pdf', volume: 1 },
    ]);
    const signal = t.pending.get('a.pdf')!.signal;
    queue.cancel(first!);
    expect(signal.aborted).toBe(true);
    expect(queue.entries()[0]!.status).toBe('cancelled');
    // The aborted transport may still settle: its outcome no longer counts.
    t.pending.get('a.pdf')!.finish();
    await t.settle();
    expect(queue.entries()[0]!.status).toBe('cancelled');
    expect(t.pending.has('b.pdf')).toBe(true);
    t.pending.get('b.pdf')!.finish();
    await queue.idle();
    queue.clearFinished();
    expect(queue.entries()).toEqual([]);
  });
});
