/*
 * Responsiveness during a large ingest: a real `sohoa serve` process OCRs a volume with 2 workers
 * while a light authenticated call (GET /api/auth/me) is timed every 50 ms. Prints p50/p95/max
 * while idle and while busy, and their ratio. Uses P1's tap_01.pdf when ../shared/samples exists,
 * else 30 synthetic pages. Run: npm run bench:latency
 */
import { spawn } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { createServer } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { setupUnitWithClerk } from '@sohoa/api-client/test-utils';
import {
  buildImagePdf,
  renderPage,
} from '../../../packages/processing/src/testing/fixtures.test-utils.ts';

const out = (line: string) => process.stdout.write(`${line}\n`);
const BIN = fileURLToPath(new URL('../../cli/bin/sohoa.mjs', import.meta.url));
const sample = fileURLToPath(
  new URL('../../../../shared/samples/P1_hinhsu_trom_cap_le_chan/tap_01.pdf', import.meta.url),
);
const PASSWORD = 'MatKhau2026';

const port = await new Promise<number>((resolve) => {
  const srv = createServer();
  srv.listen(0, '127.0.0.1', () => {
    const p = (srv.address() as { port: number }).port;
    srv.close(() => resolve(p));
  });
});
const dataDir = await mkdtemp(path.join(os.tmpdir(), 'sohoa-latency-'));
const child = spawn(process.execPath, [BIN, 'serve'], {
  env: {
    ...process.env,
    DATA_DIR: dataDir,
    PORT: String(port),
    HOST: '127.0.0.1',
    LOG_LEVEL: 'warn',
    WORKER_COUNT: '2',
    DATABASE_URL: '',
  },
  stdio: 'ignore',
});
const base = `http://127.0.0.1:${port}`;
for (let i = 0; i < 300; i++) {
  try {
    if ((await fetch(`${base}/api/health`)).ok) {
      break;
    }
  } catch {
    await new Promise((r) => setTimeout(r, 200));
  }
}
const api = await (await setupUnitWithClerk({ baseUrl: base, password: PASSWORD })).loginClerk();
const { case: created } = await api.createCase({ title: 'bench', kind: 'criminal' });

async function sampleLatency(untilFinished: boolean, seconds: number) {
  const times: number[] = [];
  const end = Date.now() + seconds * 1000;
  for (;;) {
    const t = performance.now();
    await api.me();
    times.push(performance.now() - t);
    if (untilFinished ? (await api.progress(created.id)).progress.finished : Date.now() > end) {
      break;
    }
    await new Promise((r) => setTimeout(r, 50));
  }
  times.sort((a, b) => a - b);
  const q = (p: number) => times[Math.min(times.length - 1, Math.floor(p * times.length))]!;
  return { n: times.length, p50: q(0.5), p95: q(0.95), max: times[times.length - 1]! };
}

const idle = await sampleLatency(false, 5);
const pdf = existsSync(sample)
  ? new Uint8Array(readFileSync(sample))
  : await buildImagePdf({
      jpegs: await Promise.all(Array.from({ length: 30 }, (_, i) => renderPage({ butLuc: i + 1 }))),
    });
const started = Date.now();
const { results } = await api.uploadFile(created.id, 1, 'volume.pdf', pdf);
const busy = await sampleLatency(true, 0);
const seconds = (Date.now() - started) / 1000;
const pages = results[0]?.status === 'accepted' ? results[0].pageCount : 0;
out(
  `sohoa bench:latency — ${pages} pages (${existsSync(sample) ? 'P1 tap_01.pdf' : 'synthetic'}), 2 workers, ${((pages / seconds) * 60).toFixed(1)} pages/min`,
);
out(
  `GET /api/auth/me idle: p50 ${idle.p50.toFixed(1)} ms, p95 ${idle.p95.toFixed(1)} ms, max ${idle.max.toFixed(1)} ms (${idle.n} calls)`,
);
out(
  `GET /api/auth/me during OCR: p50 ${busy.p50.toFixed(1)} ms, p95 ${busy.p95.toFixed(1)} ms, max ${busy.max.toFixed(1)} ms (${busy.n} calls)`,
);
out(`p95 ratio busy/idle: ${(busy.p95 / idle.p95).toFixed(2)}×`);
child.kill('SIGTERM');
await new Promise((r) => child.once('exit', r));
await rm(dataDir, { recursive: true, force: true });
