/*
 * Web workspace speed, in Debian's Chromium against the real server (PGlite in memory, memory blob
 * store, the built SPA), on a seeded case of BENCH_PAGES pages (default 5,000; bút lục 1..N, a
 * few hundred documents). Seeding skips OCR: volumes are uploaded through the API (scripted
 * "PDFs": JSON lists of page texts and bút lục), every page is written with the pages repository
 * and the scripted analysis before the queue runs, then the real split jobs and structuring run.
 * Every page's upright image is one of four real A4 JPEGs (1654×2339, 200 dpi) drawn here with
 * sharp, so the server resizes real scans for the viewer and the thumbnails. Port 4400
 * (BENCH_PORT); BENCH_PAGES for a smaller case.
 *
 * Each page gets the display image the page job makes (BENCH_NO_DISPLAY=1: none, rendered on first
 * view as for pages processed before display images existed).
 *
 * Next page presses ArrowRight as soon as the previous image has loaded: the viewer's prefetch of
 * the neighbouring page may still be in flight, so this is the worst case, not a reader's pace.
 *
 * Measured (issue 6, Performance), at 1366×768:
 *  - first page image after opening a case: cold (a fresh browser context, the case's viewer URL:
 *    SPA load + session + pages + structure + image) and in-app (the "Xem trang" tab clicked on the
 *    open case), each from navigation start / click to the image on screen (its `load` event,
 *    `decode()` resolved, then the next animation frame: the frame that paints it); target < 300 ms;
 *  - next page: ArrowRight keydown to the next image on screen (the same three steps), median and
 *    p95 over 50 presses; target < 100 ms (the raw line also gives keydown → bare `load`);
 *  - thumbnail scroll: requestAnimationFrame sampling for ~5 s while the virtualised grid is
 *    scrolled programmatically (one step per frame); fps and dropped frames (frames over 1.5×16.7 ms
 *    counted as the 16.7 ms slots they missed); target 60 fps.
 * Then runs apps/server/bench/search.bench.ts when it exists (not with BENCH_WEB_ONLY=1). Skips
 * when Chromium is absent.
 * Run: npm run bench:web
 */
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { setupUnitWithClerk } from '@sohoa/api-client/test-utils';
import { PAGE_DISPLAY_WIDTH } from '@sohoa/contracts';
import { DISPLAY_JPEG_QUALITY } from '@sohoa/processing';
import { chromium } from 'playwright-core';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import sharp from 'sharp';
import { build } from 'vite';
import { serve } from '@hono/node-server';
import { createTestJobRunner, createTestServer } from '../src/modules/app/server.test-utils.ts';
import {
  createScriptedPageProcessor,
  type ScriptedPage,
} from '../src/modules/pipeline/scripted-page-processor.test-utils.ts';

const out = (line: string) => process.stdout.write(`${line}\n`);
const step = (line: string) => process.stderr.write(`  … ${line}\n`);
const CHROMIUM = process.env.SOHOA_CHROMIUM ?? '/usr/bin/chromium';
const here = path.dirname(fileURLToPath(import.meta.url));
const root = path.resolve(here, '../../..');
const searchBench = path.join(here, 'search.bench.ts');

if (!existsSync(CHROMIUM)) {
  out(`bench:web skipped: ${CHROMIUM} not found (apt-get install chromium).`);
  runSearchBench();
  process.exit(0);
}

const TOTAL = Number(process.env.BENCH_PAGES ?? 5000);
const PER_VOLUME = 500;
const PRESSES = 50;
const COLD_RUNS = 5;
const SCROLL_MS = 5000;
const PASSWORD = 'Matkhau2025bench';
const TITLE = 'Vụ Hoàng Văn Thụ lừa đảo chiếm đoạt tài sản (bench)';
const VIEWPORT = { width: 1366, height: 768 };
/** In this machine's assigned range; BENCH_PORT to change. */
const PORT = Number(process.env.BENCH_PORT ?? 4400);

// ---------- seed data ----------

const HEADER =
  'CÔNG AN TỈNH LAI CHÂU\nCƠ QUAN CẢNH SÁT ĐIỀU TRA\nCỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\nĐộc lập - Tự do - Hạnh phúc';
const TITLES = [
  'BIÊN BẢN GHI LỜI KHAI',
  'BIÊN BẢN HỎI CUNG BỊ CAN',
  'QUYẾT ĐỊNH KHỞI TỐ BỊ CAN',
  'BIÊN BẢN KHÁM NGHIỆM HIỆN TRƯỜNG',
  'KẾT LUẬN GIÁM ĐỊNH',
  'BIÊN BẢN ĐỐI CHẤT',
];
const BODY = [
  'Hồi 08 giờ 30 phút, tại trụ sở Cơ quan Cảnh sát điều tra, chúng tôi gồm có:',
  'Người khai trình bày về việc chiếm đoạt số tiền 350.000.000 đồng của bị hại.',
  'Bị can khai nhận toàn bộ hành vi phạm tội như đã nêu trong quyết định khởi tố.',
  'Biên bản đã được đọc lại cho những người có tên trên cùng nghe và ký xác nhận.',
];

/** A document starts every 10–19 pages (≈ 350 documents on 5,000 pages). */
function seedPages(total: number): ScriptedPage[] {
  const pages: ScriptedPage[] = [];
  let nextStart = 0;
  let doc = 0;
  for (let i = 0; i < total; i++) {
    if (i === nextStart) {
      const day = 1 + (doc % 28);
      pages.push({
        text: `${HEADER}\nSố: ${String(doc + 1)}/CSĐT Lai Châu, ngày ${String(day)} tháng 5 năm 2024\n${TITLES[doc % TITLES.length]!}\n${BODY[0]!}`,
        butLuc: i + 1,
      });
      nextStart += 10 + ((doc * 7) % 10);
      doc++;
    } else {
      pages.push({ text: BODY.slice(1 + (i % 3)).join('\n'), butLuc: i + 1 });
    }
  }
  return pages;
}

/** Four distinct A4 scans at 200 dpi (JPEG q85), drawn as text and lines like a typed page. */
async function scanImages(): Promise<Uint8Array[]> {
  const images: Uint8Array[] = [];
  for (let v = 0; v < 4; v++) {
    const lines = Array.from({ length: 38 }, (_, i) => {
      const width = 1100 + ((i * 37 + v * 101) % 300);
      return `<rect x="180" y="${420 + i * 48}" width="${width}" height="14" fill="#4a4a4a" opacity="${0.55 + ((i + v) % 4) * 0.1}"/>`;
    }).join('');
    const svg = `<svg xmlns="http://www.w3.org/2000/svg" width="1654" height="2339"><rect width="1654" height="2339" fill="#f7f4ec"/><text x="827" y="200" font-size="44" text-anchor="middle" font-family="DejaVu Sans, sans-serif">CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM</text><text x="827" y="300" font-size="56" font-weight="bold" text-anchor="middle" font-family="DejaVu Sans, sans-serif">${TITLES[v]!}</text>${lines}<circle cx="${1200 + v * 40}" cy="2100" r="110" fill="none" stroke="#b22" stroke-width="10"/></svg>`;
    images.push(new Uint8Array(await sharp(Buffer.from(svg)).jpeg({ quality: 85 }).toBuffer()));
  }
  return images;
}

/**
 * The first UNIQUE_PAGES pages (every page the measures open) get a scan of their own: one of the
 * four drawings with a JPEG comment naming the page, so its bytes and its content-addressed blob
 * key differ and no server-side cache is warmed by another page; later pages share the four scans
 * (5,000 distinct 200 kB scans would not fit a shared machine's memory).
 */
const UNIQUE_PAGES = 300;
function pageScan(images: Uint8Array[], butLuc: number): Uint8Array {
  const base = images[butLuc % images.length]!;
  if (butLuc > UNIQUE_PAGES) {
    return base;
  }
  const text = new TextEncoder().encode(`sohoa bench page ${String(butLuc)}`);
  const comment = new Uint8Array(4 + text.length);
  comment.set([0xff, 0xfe, (text.length + 2) >> 8, (text.length + 2) & 0xff]);
  comment.set(text, 4);
  const out = new Uint8Array(base.length + comment.length);
  out.set(base.subarray(0, 2)); // SOI, then the COM segment, then the rest of the scan
  out.set(comment, 2);
  out.set(base.subarray(2), 2 + comment.length);
  return out;
}

/** The scripted processor, with one of the real scans as every page's upright image. */
function withScans(images: Uint8Array[]) {
  const inner = createScriptedPageProcessor();
  return {
    ...inner,
    async analyzePage(args: Parameters<typeof inner.analyzePage>[0]) {
      const analysis = await inner.analyzePage(args);
      const page = JSON.parse(new TextDecoder().decode(args.image)) as ScriptedPage;
      return {
        ...analysis,
        upright: {
          bytes: pageScan(images, page.butLuc ?? 0),
          widthPx: 1654,
          heightPx: 2339,
        },
      };
    },
  };
}

async function buildSpa(outDir: string): Promise<void> {
  const previous = process.env.NODE_ENV;
  process.env.NODE_ENV = 'production';
  try {
    await build({
      configFile: path.join(root, 'apps/web/vite.config.ts'),
      mode: 'production',
      logLevel: 'warn',
      build: { outDir, emptyOutDir: true },
    });
  } finally {
    if (previous === undefined) {
      delete process.env.NODE_ENV;
    } else {
      process.env.NODE_ENV = previous;
    }
  }
}

// ---------- browser-side probes (strings: this file is typed without the DOM library) ----------

/**
 * Records, from the first script on, when viewer images are on screen and when keys go down: an
 * image counts once its `load` fired, `decode()` resolved and the next animation frame ran (the
 * frame that paints it); `loadedAt` keeps the bare `load` time for comparison.
 */
const PROBE = `
  window.__bench = { loads: [], keydown: 0 };
  document.addEventListener('load', (e) => {
    const t = e.target;
    if (t && t.tagName === 'IMG' && t.closest && t.closest('.viewer-canvas')) {
      const loadedAt = performance.now();
      const src = t.currentSrc || t.src;
      const painted = () => requestAnimationFrame(() => {
        window.__bench.loads.push({ at: performance.now(), loadedAt, src });
      });
      t.decode().then(painted, painted);
    }
  }, true);
  window.addEventListener('keydown', (e) => { window.__bench.keydown = e.timeStamp; }, true);
`;

interface Loads {
  loads: Array<{ at: number; loadedAt: number; src: string }>;
  keydown: number;
}
/** The page's globals, as far as the probes use them (this file has no DOM typings). */
interface BenchWindow {
  __bench: Loads;
  requestAnimationFrame(callback: (time: number) => void): number;
}
interface ScrollerElement {
  scrollTop: number;
  scrollHeight: number;
  clientHeight: number;
  querySelectorAll(selector: string): { length: number };
}
// Functions, not strings: the server's CSP forbids eval, which string predicates need.
const probe = (page: Page) => page.evaluate(() => (globalThis as unknown as BenchWindow).__bench);

const stats = (values: number[]) => {
  const sorted = [...values].sort((a, b) => a - b);
  const at = (q: number) => sorted[Math.min(sorted.length - 1, Math.floor(sorted.length * q))]!;
  return { median: at(0.5), p95: at(0.95), max: sorted[sorted.length - 1]!, min: sorted[0]! };
};

async function waitForLoads(page: Page, count: number, timeout = 180_000): Promise<Loads> {
  await page.waitForFunction(
    (n) => (globalThis as unknown as BenchWindow).__bench.loads.length >= n,
    count,
    { timeout },
  );
  return probe(page);
}

// ---------- run ----------

out(`bench:web — ${String(TOTAL)} pages, Chromium ${CHROMIUM}, viewport 1366×768`);
const tempDir = await mkdtemp(path.join(os.tmpdir(), 'sohoa-bench-web-'));
let server: { url: string; close(): Promise<void> } | undefined;
let browser: Browser | undefined;
try {
  let t = performance.now();
  await buildSpa(path.join(tempDir, 'dist'));
  const images = await scanImages();
  out(
    `  SPA built, 4 scans drawn (${images.map((i) => `${String(Math.round(i.length / 1024))} kB`).join(', ')}) in ${((performance.now() - t) / 1000).toFixed(1)} s`,
  );

  t = performance.now();
  const processor = withScans(images);
  const testServer = await createTestServer({
    settings: { webDistDir: path.join(tempDir, 'dist') },
    pageProcessor: processor,
  });
  const { deps } = testServer;
  const runner = createTestJobRunner({ deps });
  const http = await new Promise<ReturnType<typeof serve>>((resolve) => {
    const s = serve({ fetch: testServer.app.fetch, port: PORT, hostname: '127.0.0.1' }, () =>
      resolve(s),
    );
  });
  server = {
    url: `http://127.0.0.1:${String(PORT)}`,
    close: async () => {
      await runner.stop();
      await new Promise<void>((resolve) => http.close(() => resolve()));
      await testServer.close();
    },
  };
  const { loginClerk } = await setupUnitWithClerk({ baseUrl: server.url, password: PASSWORD });
  const api = await loginClerk();
  const caseId = (
    await api.createCase({ title: TITLE, kind: 'criminal', internalNumber: '88/2024/HS' })
  ).case.id;
  const pages = seedPages(TOTAL);
  const volumes: ScriptedPage[][] = [];
  for (let v = 0; v * PER_VOLUME < TOTAL; v++) {
    volumes.push(pages.slice(v * PER_VOLUME, (v + 1) * PER_VOLUME));
  }
  // The volumes are uploaded for real (intake: volume, source file, its split job)...
  for (const [v, slice] of volumes.entries()) {
    await api.uploadFile(
      caseId,
      v + 1,
      `tap_${String(v + 1).padStart(2, '0')}.pdf`,
      JSON.stringify(slice),
    );
  }
  // ...then, before any job runs, every page is written as the split and page jobs would write it
  // (same repository calls, the scripted analysis, the scans in the blob store), without a job
  // per page: seconds instead of minutes. The split jobs then find their pages present, mark the
  // sources split and start the real structuring.
  const sources = await deps.db
    .selectFrom('source_files')
    .select(['id', 'volume_id', 'first_seq', 'page_count'])
    .where('case_id', '=', caseId)
    .orderBy('first_seq')
    .execute();
  const volumeIds = await deps.db
    .selectFrom('volumes')
    .select(['id', 'number'])
    .where('case_id', '=', caseId)
    .execute();
  // As renderDisplay makes it in the page job (from the raster there; from the JPEG here), once
  // per distinct scan.
  const displayKeys = new Map<Uint8Array, Promise<string>>();
  const displayImageKey = (upright: Uint8Array) => {
    let key = displayKeys.get(upright);
    if (!key) {
      key = sharp(upright)
        .resize({ width: PAGE_DISPLAY_WIDTH, withoutEnlargement: true })
        .toColourspace('b-w')
        .jpeg({ quality: DISPLAY_JPEG_QUALITY })
        .toBuffer()
        .then((bytes) => deps.blobStore.put({ bytes: new Uint8Array(bytes) }))
        .then((r) => r.key);
      displayKeys.set(upright, key);
    }
    return key;
  };
  for (const source of sources) {
    const number = volumeIds.find((v) => v.id === source.volume_id)!.number;
    const slice = volumes[number - 1]!;
    for (const [index, scripted] of slice.entries()) {
      const original = new TextEncoder().encode(JSON.stringify(scripted));
      const { key: originalKey } = await deps.blobStore.put({ bytes: original });
      const { pageId } = await deps.pagesRepository.insertPage({
        trx: deps.db,
        page: {
          caseId,
          volumeId: source.volume_id,
          sourceFileId: source.id,
          sourceIndex: index,
          seq: source.first_seq! + index,
          originalBlobKey: originalKey,
          widthPx: 1654,
          heightPx: 2339,
          dpi: 200,
          textLayer: null,
        },
      });
      const analysis = await processor.analyzePage({ image: original, textLayer: null });
      const { key: uprightKey } = await deps.blobStore.put({ bytes: analysis.upright.bytes });
      await deps.pagesRepository.saveAnalysis({
        pageId: pageId!,
        analysis,
        uprightBlobKey: uprightKey,
        // The display image the page job makes with each page (BENCH_NO_DISPLAY=1: none, the
        // server then renders each on its first view, as for pages processed before them).
        display:
          process.env.BENCH_NO_DISPLAY === '1'
            ? null
            : { blobKey: await displayImageKey(analysis.upright.bytes), width: PAGE_DISPLAY_WIDTH },
        engine: 'fake',
      });
    }
  }
  const written = performance.now();
  step(`${String(TOTAL)} pages written in ${((written - t) / 1000).toFixed(1)} s; structuring`);
  await runner.start();
  for (;;) {
    // A kept-alive socket the server closed while the pages were written fails once: poll again.
    const progress = await api.progress(caseId).then(
      (r) => r.progress,
      () => null,
    );
    if (progress?.finished) {
      break;
    }
    await new Promise((r) => setTimeout(r, 250));
  }
  const { structure } = await api.getStructure(caseId);
  const documents = structure.sections.reduce((n, s) => n + s.documents.length, 0);
  out(
    `  seeded ${String(TOTAL)} pages (${String(Math.ceil(TOTAL / PER_VOLUME))} volumes, ${String(documents)} documents) in ${((performance.now() - t) / 1000).toFixed(1)} s (pages written in ${((written - t) / 1000).toFixed(1)} s, then split jobs + structuring)`,
  );

  browser = await chromium.launch({
    executablePath: CHROMIUM,
    headless: true,
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-background-networking',
      '--disable-component-update',
      '--no-first-run',
      '--disable-sync',
      '--disable-quic',
    ],
  });

  step('Chromium started; logging in');
  // Log in once; every measured context starts from that session (and an empty HTTP cache).
  const loginContext = await browser.newContext({ viewport: VIEWPORT });
  loginContext.setDefaultTimeout(180_000);
  const loginPage = await loginContext.newPage();
  await loginPage.goto(server.url);
  await loginPage.getByLabel('Tên đăng nhập').fill('clerk');
  await loginPage.getByLabel('Mật khẩu').fill(PASSWORD);
  await loginPage.getByRole('button', { name: 'Đăng nhập' }).click();
  await loginPage.getByRole('link', { name: TITLE }).waitFor();
  const storageState = await loginContext.storageState();
  await loginContext.close();
  const freshPage = async (): Promise<{ context: BrowserContext; page: Page }> => {
    const context = await browser!.newContext({ viewport: VIEWPORT, storageState });
    // A loaded machine can take long to answer for 5,000 pages: waits fail late, not falsely.
    context.setDefaultTimeout(180_000);
    await context.addInitScript(PROBE);
    return { context, page: await context.newPage() };
  };

  step('logged in; measuring the first page image (cold)');
  // 1a. Cold: the viewer URL in a fresh context, navigation start → first image loaded.
  const cold: number[] = [];
  let coldTrace: Array<{ name: string; start: number; end: number }> = [];
  for (let i = 0; i < COLD_RUNS; i++) {
    const { context, page } = await freshPage();
    await page.goto(`${server.url}/cases/${caseId}/view`);
    const { loads } = await waitForLoads(page, 1);
    cold.push(loads[0]!.at);
    if (i === COLD_RUNS - 1) {
      coldTrace = await page.evaluate(() => {
        // The browser's Performance (this file is typed without the DOM library).
        const perf = performance as unknown as {
          getEntriesByType(
            type: string,
          ): Array<{ name: string; startTime: number; duration: number }>;
        };
        return perf
          .getEntriesByType('resource')
          .concat(perf.getEntriesByType('navigation'))
          .map((e) => ({
            name: e.name.replace(/^https?:\/\/[^/]+/, '').replace(/[0-9a-f-]{36}/g, ':id'),
            start: e.startTime,
            end: e.startTime + e.duration,
          }))
          .sort((a, b) => a.start - b.start);
      });
    }
    await context.close();
  }

  step('first page image (in-app)');
  // 1b. In-app: on the open case (import tab), click "Xem trang" → first image loaded.
  const inApp: number[] = [];
  for (let i = 0; i < COLD_RUNS; i++) {
    const { context, page } = await freshPage();
    await page.goto(`${server.url}/cases/${caseId}`);
    await page.getByRole('heading', { name: TITLE }).waitFor();
    const link = page.getByRole('link', { name: 'Xem trang' });
    await link.waitFor();
    const clickedAt = await link.evaluate((el) => {
      const at = performance.now();
      (el as unknown as { click(): void }).click();
      return at;
    });
    const { loads } = await waitForLoads(page, 1);
    inApp.push(loads[0]!.at - clickedAt);
    await context.close();
  }

  step(`next page × ${String(PRESSES)}`);
  // 2. Next page: ArrowRight → the next image loaded, 50 presses from the first page.
  const next: number[] = [];
  const nextLoaded: number[] = [];
  {
    const { context, page } = await freshPage();
    await page.goto(`${server.url}/cases/${caseId}/view`);
    await waitForLoads(page, 1);
    await page.locator('.viewer-stage').focus();
    for (let i = 0; i < PRESSES; i++) {
      await page.keyboard.press('ArrowRight');
      const { loads, keydown } = await waitForLoads(page, i + 2);
      next.push(loads[i + 1]!.at - keydown);
      nextLoaded.push(loads[i + 1]!.loadedAt - keydown);
    }
    const position = await page.locator('.viewer-position').textContent();
    if (position?.trim() !== `Trang ${String(PRESSES + 1)}/${String(TOTAL)}`) {
      throw new Error(`the viewer is at "${String(position)}" after ${String(PRESSES)} presses`);
    }
    await context.close();
  }

  step('thumbnail scroll');
  // 3. Thumbnail scroll: one scroll step per animation frame for ~5 s, frame intervals sampled.
  let scroll: {
    frames: number;
    seconds: number;
    fps: number;
    dropped: number;
    longest: number;
    maxThumbs: number;
    scrolledPx: number;
  };
  {
    const { context, page } = await freshPage();
    await page.goto(`${server.url}/cases/${caseId}/review`);
    const scroller = page.locator('.thumb-scroller');
    await scroller.waitFor();
    await page.locator('.thumb img').first().waitFor();
    scroll = await scroller.evaluate(
      async (node, { duration, step }) => {
        const el = node as unknown as ScrollerElement;
        const w = globalThis as unknown as BenchWindow;
        const max = el.scrollHeight - el.clientHeight;
        const intervals: number[] = [];
        let maxThumbs = 0;
        const start = performance.now();
        let last = start;
        while (performance.now() - start < duration) {
          el.scrollTop = Math.min(max, el.scrollTop + step);
          const now = await new Promise<number>((r) => w.requestAnimationFrame(r));
          intervals.push(now - last);
          last = now;
          maxThumbs = Math.max(maxThumbs, el.querySelectorAll('.thumb').length);
        }
        const seconds = (last - start) / 1000;
        const slot = 1000 / 60;
        const dropped = intervals.reduce(
          (n, d) => n + (d > slot * 1.5 ? Math.round(d / slot) - 1 : 0),
          0,
        );
        return {
          frames: intervals.length,
          seconds,
          fps: intervals.length / seconds,
          dropped,
          longest: Math.max(...intervals),
          maxThumbs,
          scrolledPx: el.scrollTop,
        };
      },
      // About two screens a second (24 px a frame): reading speed with the wheel.
      { duration: SCROLL_MS, step: 24 },
    );
    await context.close();
  }

  // ---------- report ----------
  const c = stats(cold);
  const a = stats(inApp);
  const n = stats(next);
  const ms = (v: number) => `${v.toFixed(0)} ms`;
  const rows: Array<[string, string, string, boolean]> = [
    [
      `first page image, cold (viewer URL, new context) — median of ${String(COLD_RUNS)}`,
      `${ms(c.median)} (max ${ms(c.max)})`,
      '< 300 ms',
      c.median < 300,
    ],
    [
      `first page image, in-app ("Xem trang" click) — median of ${String(COLD_RUNS)}`,
      `${ms(a.median)} (max ${ms(a.max)})`,
      '< 300 ms',
      a.median < 300,
    ],
    [
      `next page (ArrowRight → image decoded and painted) — median of ${String(PRESSES)}`,
      ms(n.median),
      '< 100 ms',
      n.median < 100,
    ],
    [`next page — p95 of ${String(PRESSES)}`, ms(n.p95), '< 100 ms', n.p95 < 100],
    [
      `thumbnail scroll fps (${scroll.seconds.toFixed(1)} s, ${String(scroll.frames)} frames)`,
      scroll.fps.toFixed(1),
      '≥ 58 fps',
      scroll.fps >= 58,
    ],
    [
      'thumbnail scroll dropped frames',
      `${String(scroll.dropped)} (longest ${ms(scroll.longest)})`,
      'reported',
      true,
    ],
  ];
  const width = Math.max(...rows.map((r) => r[0].length));
  out('');
  out(`${'measure'.padEnd(width)} | ${'result'.padEnd(24)} | ${'target'.padEnd(9)} | verdict`);
  out(`${'-'.repeat(width)}-|-${'-'.repeat(24)}-|-${'-'.repeat(9)}-|--------`);
  for (const [name, value, target, ok] of rows) {
    out(
      `${name.padEnd(width)} | ${value.padEnd(24)} | ${target.padEnd(9)} | ${ok ? 'PASS' : 'FAIL'}`,
    );
  }
  out('');
  out(
    `  machine: ${String(os.cpus().length)} cores, load average ${os
      .loadavg()
      .map((l) => l.toFixed(1))
      .join(
        ' / ',
      )} (1/5/15 min) at the end of the run — other work on the machine slows every figure`,
  );
  out(
    `  last cold run, requests (start → end, ms from navigation start): ${coldTrace
      .map((r) => `${r.name.slice(0, 60)} ${r.start.toFixed(0)}→${r.end.toFixed(0)}`)
      .join('; ')}`,
  );
  out(
    `  raw: cold ${cold.map((v) => v.toFixed(0)).join('/')} ms; in-app ${inApp.map((v) => v.toFixed(0)).join('/')} ms; next page min ${ms(n.min)} max ${ms(n.max)} (keydown → bare load: median ${ms(stats(nextLoaded).median)}, p95 ${ms(stats(nextLoaded).p95)}); scroll ${String(Math.round(scroll.scrolledPx))} px, at most ${String(scroll.maxThumbs)} thumbnails in the DOM`,
  );
} finally {
  await browser?.close();
  await server?.close();
  await rm(tempDir, { recursive: true, force: true });
}
// BENCH_WEB_ONLY=1: the browser measures alone (the search bench seeds 200,000 pages: minutes).
if (process.env.BENCH_WEB_ONLY !== '1') {
  runSearchBench();
}

/** The global-search benchmark belongs to another module; run it when it is there. */
function runSearchBench(): void {
  if (!existsSync(searchBench)) {
    out(`(${path.relative(root, searchBench)} not found: no search benchmark to run)`);
    return;
  }
  out(`\nrunning ${path.relative(root, searchBench)} …`);
  const result = spawnSync(process.execPath, ['--import', 'tsx', searchBench], {
    stdio: 'inherit',
    cwd: root,
  });
  if (result.status !== 0) {
    process.exitCode = result.status ?? 1;
  }
}
