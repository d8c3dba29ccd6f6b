import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { createServer } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { setupUnitWithClerk } from '@sohoa/api-client/test-utils';
import { afterAll, describe, expect, it } from 'vitest';
import {
  buildImagePdf,
  renderPage,
} from '../../../../../../packages/processing/src/testing/fixtures.test-utils.ts';

/*
 * Nothing lost, nothing duplicated: a real `sohoa serve` child process is killed with SIGKILL twice
 * while it ingests a 12-page scan (once right after the upload is accepted, once in the middle of
 * OCR), restarted on the same data folder each time, and in the end every page exists exactly once,
 * processed, with its bút lục.
 */
const BIN = fileURLToPath(new URL('../../../../../cli/bin/sohoa.mjs', import.meta.url));
const PAGES = 12;
const PASSWORD = 'MatKhau2026';

async function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const srv = createServer();
    srv.listen(0, '127.0.0.1', () => {
      const { port } = srv.address() as { port: number };
      srv.close(() => resolve(port));
    });
  });
}

describe('crash recovery of the ingestion pipeline', () => {
  let dataDir: string;
  let child: ChildProcess | null = null;
  let port: number;
  let output = '';

  async function start() {
    child = spawn(process.execPath, [BIN, 'serve'], {
      env: {
        ...process.env,
        DATA_DIR: dataDir,
        PORT: String(port),
        HOST: '127.0.0.1',
        LOG_LEVEL: 'warn',
        WORKER_COUNT: '2',
        PASSWORD_HASH_COST: '10',
        DATABASE_URL: '',
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    child.stdout?.on('data', (d: Buffer) => (output += d.toString()));
    child.stderr?.on('data', (d: Buffer) => (output += d.toString()));
    const deadline = Date.now() + 60_000;
    while (Date.now() < deadline) {
      try {
        if ((await fetch(`http://127.0.0.1:${port}/api/health`)).ok) {
          return;
        }
      } catch {
        // not listening yet
      }
      await new Promise((r) => setTimeout(r, 200));
    }
    throw new Error(`server did not start:\n${output}`);
  }

  async function kill() {
    const proc = child!;
    const exited = new Promise((r) => proc.once('exit', r));
    proc.kill('SIGKILL');
    await exited;
    child = null;
  }

  afterAll(async () => {
    if (child) {
      await kill();
    }
    await rm(dataDir, { recursive: true, force: true });
  });

  it('keeps every accepted page exactly once across two kill -9', async () => {
    dataDir = await mkdtemp(path.join(os.tmpdir(), 'sohoa-crash-'));
    port = await freePort();
    const jpegs = await Promise.all(
      Array.from({ length: PAGES }, (_, i) => renderPage({ butLuc: i + 1, dpi: 150 })),
    );
    const pdf = await buildImagePdf({ jpegs, dpi: 150 });

    await start();
    const base = `http://127.0.0.1:${port}`;
    const { loginClerk: login } = await setupUnitWithClerk({ baseUrl: base, password: PASSWORD });
    let api = await login();
    const { case: created } = await api.createCase({
      title: 'Vụ án kiểm thử khôi phục',
      kind: 'criminal',
    });
    const { results } = await api.uploadFile(created.id, 1, 'tap_01.pdf', pdf);
    expect(results).toMatchObject([{ status: 'accepted', pageCount: PAGES }]);

    // Kill 1: right after the upload was accepted, while the source is being split.
    await kill();
    await start();
    api = await login();

    // Kill 2: in the middle of OCR.
    for (;;) {
      const { progress } = await api.progress(created.id);
      if (progress.donePages >= 3) {
        expect(progress.donePages).toBeLessThan(PAGES);
        break;
      }
      await new Promise((r) => setTimeout(r, 100));
    }
    await kill();
    await start();
    api = await login();

    const deadline = Date.now() + 180_000;
    for (;;) {
      const { progress } = await api.progress(created.id);
      if (progress.finished) {
        expect(progress).toMatchObject({ expectedPages: PAGES, donePages: PAGES, failedPages: 0 });
        break;
      }
      expect(Date.now()).toBeLessThan(deadline);
      await new Promise((r) => setTimeout(r, 250));
    }
    const { pages } = await api.listPages(created.id);
    expect(pages.map((p) => p.sourceIndex)).toEqual(Array.from({ length: PAGES }, (_, i) => i));
    expect(pages.map((p) => p.seq)).toEqual(Array.from({ length: PAGES }, (_, i) => i + 1));
    expect(pages.every((p) => p.status === 'DONE')).toBe(true);
    const read = pages.filter((p, i) => p.butLuc === i + 1).length;
    expect(read).toBeGreaterThanOrEqual(PAGES - 1);
    // Re-uploading the same file is reported, not duplicated.
    const again = await api.uploadFile(created.id, 1, 'tap_01 (copy).pdf', pdf);
    expect(again.results[0]?.status).toBe('duplicate');
    expect((await api.listPages(created.id)).pages).toHaveLength(PAGES);
  }, 300_000);
});
