/*
 * Courtroom presentation speed (issue 7, Performance):
 *  - same machine (BroadcastChannel): the offline court package of a synthetic case, presenter
 *    and audience windows from file:// in Debian's Chromium; push-to-display = the presenter's
 *    Date.now() stamped on the message to the audience having drawn the new state (DOM updated),
 *    p95 over PUSHES page changes; target < 50 ms;
 *  - loopback WebSocket: the real server; the presenter POSTs a command, an audience socket
 *    receives the new state; send-to-receipt, p95 over PUSHES; target < 100 ms (a socket client in
 *    Node, not a browser paint: the browser adds the same DOM update as above);
 *  - the offline package of a BENCH_PAGES-page case (default 1,000; every page the same small
 *    JPEG, so generating it is cheap) opens its first item: navigation to index.html, the audience
 *    window opened, the first item clicked, until the audience's image has loaded; target < 1 s.
 * Run: npm run bench:present
 */
import { existsSync } from 'node:fs';
import { copyFile, mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import type { Exhibit, PresentationMessage } from '@sohoa/contracts';
import { chromium, type Page } from 'playwright-core';
import sharp from 'sharp';
import { build } from 'vite';
import WebSocket from 'ws';
import { startTestHttpServer } from '../src/modules/app/server.test-utils.ts';
import {
  buildCourtPackageManifest,
  courtPackageDataScript,
  courtPackageHtml,
} from '../src/modules/court-package/court-package.manifest.ts';
import { seedCasePages, seedCourtUsers } from '../src/modules/exhibits/exhibits.test-utils.ts';

const out = (line: string) => process.stdout.write(`${line}\n`);
const CHROMIUM = process.env.SOHOA_CHROMIUM ?? '/usr/bin/chromium';
const here = path.dirname(fileURLToPath(import.meta.url));
const webDir = path.resolve(here, '../../web');
const PAGES = Number(process.env.BENCH_PAGES ?? 1000);
const PUSHES = 60;

const p95 = (values: number[]) => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.ceil(sorted.length * 0.95) - 1)] ?? NaN;
};
const median = (values: number[]) => [...values].sort((a, b) => a - b)[values.length >> 1] ?? NaN;
const verdict = (value: number, target: number) => (value < target ? 'OK' : 'MISSED');

async function writeSyntheticPackage(dir: string) {
  await build({
    configFile: path.join(webDir, 'vite.player.config.ts'),
    logLevel: 'warn',
    build: { outDir: path.join(dir, 'player-build'), emptyOutDir: true },
  });
  const root = path.join(dir, 'package');
  await mkdir(path.join(root, 'pages'), { recursive: true });
  const jpeg = await sharp({
    create: { width: 1400, height: 1980, channels: 3, background: '#ffffff' },
  })
    .composite([
      {
        input: Buffer.from(
          '<svg xmlns="http://www.w3.org/2000/svg" width="1400" height="1980"><text x="100" y="400" font-size="200">BIÊN BẢN</text></svg>',
        ),
      },
    ])
    .jpeg({ quality: 78 })
    .toBuffer();
  const template = path.join(dir, 'page.jpg');
  await writeFile(template, jpeg);
  const pages = Array.from({ length: PAGES }, (_, i) => ({
    id: `pg_bench${String(i).padStart(6, '0')}`,
    volume: 1 + Math.floor(i / 500),
    seq: i + 1,
    butLuc: i + 1,
  }));
  const exhibits: Exhibit[] = pages.slice(0, 20).map((p, i) => ({
    id: `exh_bench${String(i).padStart(6, '0')}`,
    caseId: 'case_bench',
    position: i + 1,
    kind: 'page',
    label: `Mục ${i + 1}`,
    notes: '',
    page: p,
    secondPage: null,
    rect: null,
    media: null,
    createdAt: '',
    updatedAt: '',
  }));
  const { data, pageFiles } = buildCourtPackageManifest({
    caseInfo: { id: 'case_bench', title: 'Vụ án đo hiệu năng', number: null },
    pages,
    exhibits,
    maps: [],
    generatedAt: new Date(),
  });
  for (const file of pageFiles) {
    await copyFile(template, path.join(root, file.name));
  }
  await writeFile(path.join(root, 'data.js'), courtPackageDataScript(data));
  await writeFile(
    path.join(root, 'index.html'),
    courtPackageHtml({ role: 'presenter', title: 'x' }),
  );
  await writeFile(
    path.join(root, 'audience.html'),
    courtPackageHtml({ role: 'audience', title: 'x' }),
  );
  await copyFile(
    path.join(dir, 'player-build', 'court-player.js'),
    path.join(root, 'court-player.js'),
  );
  return { root, pageIds: pages.map((p) => p.id) };
}

async function benchBroadcastChannel(dir: string) {
  const { root, pageIds } = await writeSyntheticPackage(dir);
  const browser = await chromium.launch({
    executablePath: CHROMIUM,
    headless: true,
    args: ['--no-sandbox', '--disable-gpu', '--no-first-run'],
  });
  try {
    const context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
    await context.setOffline(true);
    const presenter = await context.newPage();
    // Page-side clocks (one machine, one Date.now()): playwright's own round trips are left out.
    const nav = async (page: Page) =>
      Number(
        await page.evaluate('performance.timing.loadEventEnd - performance.timing.navigationStart'),
      );
    await presenter.goto(pathToFileURL(path.join(root, 'index.html')).href);
    const presenterLoadMs = await nav(presenter);
    const [audience] = await Promise.all([
      context.waitForEvent('page'),
      presenter.getByRole('button', { name: 'Mở màn hình khán phòng' }).click(),
    ]);
    await audience.locator('#audience[data-view]').waitFor();
    await audience.waitForLoadState('load');
    const audienceLoadMs = await nav(audience);
    const clickedAt = Number(
      await presenter.evaluate(
        "(() => { const t = Date.now(); document.querySelector('#exhibits button').click(); return t; })()",
      ),
    );
    const shownAt = Number(
      await (
        await audience.waitForFunction(`(() => {
          const img = document.querySelector('#audience img');
          return document.querySelector('#audience')?.getAttribute('data-view') === 'page:${pageIds[0]}'
            && img && img.complete && img.naturalWidth > 0 ? Date.now() : 0;
        })()`)
      ).jsonValue(),
    );
    const firstItemMs = presenterLoadMs + audienceLoadMs + (shownAt - clickedAt);

    const latencies: number[] = [];
    for (let i = 0; i < PUSHES; i++) {
      const pageId = pageIds[100 + i]!;
      await presenter.evaluate(
        `window.sohoaCourtPush({ type: 'show', view: { kind: 'page', pageId: '${pageId}', label: 'x' } })`,
      );
      await audience.locator(`#audience[data-view="page:${pageId}"]`).waitFor();
      latencies.push(Number(await audience.locator('#audience').getAttribute('data-latency-ms')));
    }
    return {
      firstItemMs,
      presenterLoadMs,
      audienceLoadMs,
      clickToImageMs: shownAt - clickedAt,
      latencies,
    };
  } finally {
    await browser.close();
  }
}

async function benchWebSocket() {
  const server = await startTestHttpServer();
  try {
    const { tokens, caseId } = await seedCourtUsers({
      request: (p, init) => fetch(server.url + p, init),
    });
    const { pageIds } = await seedCasePages({ deps: server.deps, caseId, count: 10 });
    const call = (method: string, p: string, body?: unknown) =>
      fetch(server.url + p, {
        method,
        headers: { 'content-type': 'application/json', authorization: `Bearer ${tokens.leader}` },
        ...(body === undefined ? {} : { body: JSON.stringify(body) }),
      });
    const opened = (await (await call('POST', `/api/cases/${caseId}/presentations`)).json()) as {
      presentation: { id: string; code: string };
    };
    const ws = new WebSocket(
      `${server.url.replace('http', 'ws')}/api/presentations/by-code/${opened.presentation.code}/socket`,
      { headers: { authorization: `Bearer ${tokens.prosecutor}` } },
    );
    let resolveNext: ((m: PresentationMessage) => void) | null = null;
    ws.on('message', (data: Buffer) =>
      resolveNext?.(JSON.parse(data.toString()) as PresentationMessage),
    );
    await new Promise<void>((resolve, reject) => {
      ws.once('message', () => resolve());
      ws.once('error', reject);
    });
    const latencies: number[] = [];
    for (let i = 0; i < PUSHES; i++) {
      const received = new Promise<PresentationMessage>((resolve) => (resolveNext = resolve));
      const t0 = performance.now();
      await Promise.all([
        call('POST', `/api/presentations/${opened.presentation.id}/commands`, {
          type: 'show',
          view: { kind: 'page', pageId: pageIds[i % pageIds.length], label: 'x' },
        }),
        received,
      ]);
      latencies.push(performance.now() - t0);
    }
    ws.close();
    return { latencies };
  } finally {
    await server.close();
  }
}

if (!existsSync(CHROMIUM)) {
  out(
    `bench:present: ${CHROMIUM} not found; the BroadcastChannel and package figures are skipped.`,
  );
}
const dir = await mkdtemp(path.join(os.tmpdir(), 'sohoa-bench-present-'));
try {
  out(`bench:present — ${PAGES}-page synthetic offline package, ${PUSHES} pushes each`);
  if (existsSync(CHROMIUM)) {
    const bc = await benchBroadcastChannel(dir);
    out(
      `  same machine (BroadcastChannel, file://): push-to-display median ${median(bc.latencies)} ms, p95 ${p95(bc.latencies)} ms (target < 50 ms) ${verdict(p95(bc.latencies), 50)}`,
    );
    out(
      `  offline package, ${PAGES} pages: first item ${bc.firstItemMs} ms = index.html load ${bc.presenterLoadMs} + audience.html load ${bc.audienceLoadMs} + click to image loaded ${bc.clickToImageMs} (target < 1000 ms) ${verdict(bc.firstItemMs, 1000)}`,
    );
  }
  const ws = await benchWebSocket();
  out(
    `  loopback WebSocket (POST command → audience socket receives): median ${median(ws.latencies).toFixed(1)} ms, p95 ${p95(ws.latencies).toFixed(1)} ms (target < 100 ms) ${verdict(p95(ws.latencies), 100)}`,
  );
} finally {
  await rm(dir, { recursive: true, force: true });
}
