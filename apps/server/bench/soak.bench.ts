/*
 * Soak (issue 8, "Load and faults"): a real `sohoa serve` process (PGlite, 2 workers, loopback)
 * under 50 concurrent simulated users for SOAK_SECONDS (default 60) — each logs in, lists cases,
 * opens a case, searches, and views page images — while a second volume is being imported and
 * OCRed. Prints the error count (must be 0) and p50/p95 per request kind. Then the server is
 * stopped, one stored page image is corrupted on disk, and `sohoa blobs verify` must report it with
 * its case and page. Last, `sohoa backup` and `sohoa restore` are each SIGKILLed mid-way (twice for
 * the restore); the next run must succeed and the restored data equal the source row for row and
 * blob for blob (soak.faults.ts). Run: npm run soak
 */
import { spawn, spawnSync } from 'node:child_process';
import { chmod, mkdtemp, open, readdir, rm } from 'node:fs/promises';
import { createServer } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { createApiClient } from '@sohoa/api-client';
import { seedInstallationOnDisk } from '../src/modules/backup/backup.faults.test-utils.ts';
import { killDuringBackupAndRestore } from './soak.faults.ts';
import { setupUnitWithClerk } from '@sohoa/api-client/test-utils';
import {
  buildImagePdf,
  renderPage,
} from '../../../packages/processing/src/testing/fixtures.test-utils.ts';

const out = (line: string) => process.stdout.write(`${line}\n`);
const BIN = fileURLToPath(new URL('../../cli/bin/sohoa.mjs', import.meta.url));
const PASSWORD = 'MatKhau2026';
const USERS = Number(process.env.SOAK_USERS ?? 50);
const SECONDS = Number(process.env.SOAK_SECONDS ?? 60);

const port = await new Promise<number>((resolve) => {
  const srv = createServer();
  srv.listen(0, '127.0.0.1', () => {
    const p = (srv.address() as { port: number }).port;
    srv.close(() => resolve(p));
  });
});
const dataDir = await mkdtemp(path.join(os.tmpdir(), 'sohoa-soak-'));
const env = { ...process.env, DATA_DIR: dataDir, LOG_LEVEL: 'warn', DATABASE_URL: '' };
const child = spawn(process.execPath, [BIN, 'serve'], {
  env: { ...env, PORT: String(port), HOST: '127.0.0.1', WORKER_COUNT: '2' },
  stdio: 'ignore',
});
const base = `http://127.0.0.1:${port}`;
let up = false;
// Up to 3 minutes: a loaded machine starts PGlite and its migrations slowly.
for (let i = 0; i < 900 && !up; i++) {
  try {
    up = (await fetch(`${base}/api/health`)).ok;
  } catch {
    await new Promise((r) => setTimeout(r, 200));
  }
}
if (!up) {
  child.kill('SIGKILL');
  throw new Error('soak: the server did not start within 3 minutes');
}
const clerk = await (await setupUnitWithClerk({ baseUrl: base, password: PASSWORD })).loginClerk();
const pdfOf = async (pages: number, from: number) =>
  buildImagePdf({
    jpegs: await Promise.all(
      Array.from({ length: pages }, (_, i) => renderPage({ butLuc: from + i })),
    ),
  });

// A processed case to browse, then a second volume OCRed during the soak.
const { case: browsed } = await clerk.createCase({ title: 'Vụ soak', kind: 'criminal' });
await clerk.uploadFile(browsed.id, 1, 'tap1.pdf', await pdfOf(4, 1));
for (let i = 0; i < 600 && !(await clerk.progress(browsed.id)).progress.finished; i++) {
  await new Promise((r) => setTimeout(r, 500));
}
const pageIds = (await clerk.listPages(browsed.id)).pages.map((p) => p.id);
const { case: importing } = await clerk.createCase({ title: 'Vụ đang nhập', kind: 'criminal' });
await clerk.uploadFile(importing.id, 1, 'tap2.pdf', await pdfOf(8, 1));

const times = new Map<string, number[]>();
const errors: string[] = [];
async function timed<T>(kind: string, work: () => Promise<T>): Promise<T | null> {
  const t = performance.now();
  try {
    const result = await work();
    times.set(kind, [...(times.get(kind) ?? []), performance.now() - t]);
    return result;
  } catch (error) {
    errors.push(`${kind}: ${error instanceof Error ? error.message : String(error)}`);
    return null;
  }
}

const end = Date.now() + SECONDS * 1000;
async function user(n: number) {
  const api = createApiClient({ baseUrl: base });
  const login = await timed('login', () => api.login({ username: 'clerk', password: PASSWORD }));
  if (!login) {
    return;
  }
  api.setToken(login.token);
  for (let i = 0; Date.now() < end; i++) {
    await timed('list cases', () => api.listCases());
    await timed('open case', () => api.getCase(browsed.id));
    await timed('search', () => api.search({ q: i % 2 ? 'biên bản' : 'lời khai' }));
    const pageId = pageIds[(n + i) % pageIds.length]!;
    await timed('page image', async () => {
      const res = await fetch(api.pageImageUrl(browsed.id, pageId, { width: 800 }), {
        headers: { authorization: `Bearer ${login.token}` },
      });
      await res.arrayBuffer();
      if (!res.ok) {
        throw new Error(`page image ${res.status}`);
      }
    });
  }
}
const started = Date.now();
await Promise.all(Array.from({ length: USERS }, (_, n) => user(n)));
const elapsed = (Date.now() - started) / 1000;
const importDone = (await clerk.progress(importing.id)).progress;

out(
  `sohoa soak — ${USERS} users for ${elapsed.toFixed(0)} s on ${os.cpus().length} cores, PGlite, 2 workers`,
);
out(`import during soak: ${JSON.stringify(importDone)}`);
let total = 0;
for (const [kind, list] of times) {
  list.sort((a, b) => a - b);
  total += list.length;
  const q = (p: number) => list[Math.min(list.length - 1, Math.floor(p * list.length))]!;
  out(
    `${kind.padEnd(11)} n=${String(list.length).padStart(6)}  p50 ${q(0.5).toFixed(1)} ms  p95 ${q(0.95).toFixed(1)} ms  max ${list.at(-1)!.toFixed(1)} ms`,
  );
}
out(`requests: ${total}, errors: ${errors.length}${errors.length ? ` (first: ${errors[0]})` : ''}`);

child.kill('SIGTERM');
await new Promise((r) => child.once('exit', r));

// A corrupted blob is found by `sohoa blobs verify`, named by case and page.
const blobRoot = path.join(dataDir, 'blobs', 'sha256');
const a = (await readdir(blobRoot))[0]!;
const b = (await readdir(path.join(blobRoot, a)))[0]!;
const victim = path.join(blobRoot, a, b, (await readdir(path.join(blobRoot, a, b)))[0]!);
await chmod(victim, 0o600);
const handle = await open(victim, 'r+');
const originalByte = Buffer.alloc(1);
await handle.read(originalByte, 0, 1, 10);
await handle.write(Buffer.from([originalByte[0]! ^ 0xff]), 0, 1, 10);
await handle.close();
const verify = spawnSync(process.execPath, [BIN, 'blobs', 'verify', '--lang', 'en'], {
  env,
  encoding: 'utf8',
});
out(
  `sohoa blobs verify after corrupting ${path.basename(victim).slice(0, 12)}…: exit ${verify.status}`,
);
out((verify.stderr || verify.stdout).trim());
// Repaired (the byte put back), so the backup below copies a sound store.
const repair = await open(victim, 'r+');
await repair.write(originalByte, 0, 1, 10);
await repair.close();
await chmod(victim, 0o400);

// kill -9 during backup and during restore (issue 8): the next run succeeds and nothing is lost.
// Extra blobs make both long enough to be killed mid-way; the source is the soak's data dir.
await seedInstallationOnDisk({ dataDir, blobs: 60, auditEvents: 50 });
const faults = await killDuringBackupAndRestore({ dataDir, out });
await rm(dataDir, { recursive: true, force: true });
process.exitCode = errors.length === 0 && verify.status !== 0 && faults.ok ? 0 : 1;
