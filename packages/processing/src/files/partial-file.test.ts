import fs, { createWriteStream, existsSync } from 'node:fs';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { discardPartialFile, writeNewFile } from './partial-file.ts';

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe('partial files', () => {
  let dir: string;
  beforeAll(async () => {
    dir = await mkdtemp(path.join(tmpdir(), 'sohoa-partial-'));
  });
  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('writes the file when the stream completes', async () => {
    const target = path.join(dir, 'ok.bin');
    await writeNewFile({
      path: target,
      write: (output) => pipeline(Readable.from([Buffer.from('bút lục 1')]), output),
    });
    expect(await readFile(target, 'utf8')).toBe('bút lục 1');
  });

  it('rethrows a failed write and leaves no file', async () => {
    const target = path.join(dir, 'cut.part');
    const cut = new Readable({
      read() {
        this.push(Buffer.alloc(64 * 1024, 1));
        this.destroy(new Error('connection reset by peer'));
      },
    });
    await expect(
      writeNewFile({ path: target, write: (output) => pipeline(cut, output) }),
    ).rejects.toThrow('connection reset by peer');
    await sleep(50);
    expect(existsSync(target)).toBe(false);
  });

  it('waits for a late open() before removing, so the file it creates does not survive', async () => {
    // On a busy thread pool the open() of a write stream can complete after a failed pipeline
    // has already rejected (seen in CI as a stray `.part`): an open delayed on purpose makes it
    // certain here.
    const target = path.join(dir, 'late-open.part');
    const slowOpen = ((...args: Parameters<typeof fs.open>) => {
      setTimeout(() => (fs.open as (...a: unknown[]) => void)(...args), 40);
    }) as typeof fs.open;
    const output = createWriteStream(target, { fs: { ...fs, open: slowOpen } });
    await discardPartialFile({ output, path: target });
    await sleep(80);
    expect(existsSync(target)).toBe(false);
  });
});
