import { execFileSync } from 'node:child_process';
import { createWriteStream } from 'node:fs';
import { mkdir, mkdtemp, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { pathToFileURL } from 'node:url';
import { setupUnitWithClerk } from '@sohoa/api-client/test-utils';
import { createScriptedPageProcessor, startTestHttpServer } from '@sohoa/server/test-utils';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  buildSpaWithCourtPlayer,
  hasChromium,
  launchChromium,
  screenshot,
  suiteTitle,
} from './support.ts';

/*
 * Courtroom presentation (issue 7 §4–6) in Chromium: build an exhibit list in the court tab,
 * present it with a second (audience) page that follows every push over the WebSocket, then
 * export the offline court package, unzip it and run presenter + audience windows from file://
 * with the network off. Skipped without Debian's Chromium.
 */
const PASSWORD = 'Matkhau2025user';
const PAGES = Array.from({ length: 6 }, (_, i) => ({
  text: `BIÊN BẢN SỐ ${i + 1}\nTrang có bút lục ${i + 1}`,
  butLuc: i + 1,
}));

type Processor = ReturnType<typeof createScriptedPageProcessor>;

/** Pages drawn as an A4 SVG with their bút lục in large print, so screenshots tell them apart. */
function withPictures(inner: Processor): Processor {
  return {
    ...inner,
    async analyzePage(args) {
      const analysis = await inner.analyzePage(args);
      const page = JSON.parse(new TextDecoder().decode(args.image)) as { butLuc: number };
      const svg = `<svg xmlns="http://www.w3.org/2000/svg" width="800" height="1131"><rect width="800" height="1131" fill="#fff"/><text x="80" y="200" font-size="64" font-family="sans-serif">BIÊN BẢN</text><text x="80" y="600" font-size="240" font-family="sans-serif" fill="#1a3a8a">${page.butLuc}</text></svg>`;
      return {
        ...analysis,
        upright: { bytes: new TextEncoder().encode(svg), widthPx: 800, heightPx: 1131 },
      };
    },
  };
}

/** A small map of the case: a root, an accused's branch with two children, a victim's branch. */
const MAP_NODES = [
  { id: 'r', parentId: null, text: 'Sơ đồ vụ trộm' },
  { id: 'b', parentId: 'r', text: 'Bị can Lê Văn Chân', color: 'blue' as const },
  { id: 'b1', parentId: 'b', text: 'Lời khai ngày 05/3' },
  { id: 'b2', parentId: 'b', text: 'Nhân thân: chưa có tiền án' },
  { id: 'v', parentId: 'r', text: 'Bị hại Trần Thị Dung' },
];

/** Waits until the audience draws the map branch and returns the text drawn. */
async function shownMapText(page: Page): Promise<string> {
  await page.locator('#audience[data-map="shown"] svg').waitFor({ timeout: 10_000 });
  return (await page.locator('#audience svg').textContent()) ?? '';
}

/** Drags on the drawn page of a preview, from and to fractions of the page. */
async function dragOnPage(
  page: Page,
  sheet: string,
  from: [number, number],
  to: [number, number],
): Promise<void> {
  await page.waitForFunction(
    (selector) => document.querySelector<HTMLElement>(selector)?.style.visibility === 'visible',
    sheet,
  );
  const box = (await page.locator(sheet).boundingBox())!;
  await page.mouse.move(box.x + box.width * from[0], box.y + box.height * from[1]);
  await page.mouse.down();
  await page.mouse.move(box.x + box.width * to[0], box.y + box.height * to[1], { steps: 5 });
  await page.mouse.up();
}

/** Waits until the audience root shows `view` (e.g. `page:pg_…`). */
async function expectShown(page: Page, view: string) {
  await page.locator(`#audience[data-view="${view}"]`).waitFor({ timeout: 10_000 });
}

describe.skipIf(!hasChromium)(suiteTitle('court presentation in Chromium'), () => {
  let tempDir: string;
  let server: Awaited<ReturnType<typeof startTestHttpServer>>;
  let browser: Browser;
  let caseId: string;
  let pageIds: string[];
  let mapId: string;
  let api: Awaited<ReturnType<Awaited<ReturnType<typeof setupUnitWithClerk>>['loginClerk']>>;

  beforeAll(async () => {
    tempDir = await mkdtemp(path.join(tmpdir(), 'sohoa-court-e2e-'));
    const webDistDir = path.join(tempDir, 'dist');
    await buildSpaWithCourtPlayer(webDistDir);
    server = await startTestHttpServer({
      webDistDir,
      withJobRunner: true,
      pageProcessor: withPictures(createScriptedPageProcessor()),
    });
    const { loginClerk } = await setupUnitWithClerk({ baseUrl: server.url, password: PASSWORD });
    api = await loginClerk();
    caseId = (await api.createCase({ title: 'Vụ trộm cắp tài sản', kind: 'criminal' })).case.id;
    await api.uploadFile(caseId, 1, 'tap_01.pdf', JSON.stringify(PAGES));
    for (let i = 0; i < 300; i++) {
      const { progress } = await api.progress(caseId);
      if (progress.finished && progress.donePages === PAGES.length) {
        break;
      }
      await new Promise((r) => setTimeout(r, 100));
    }
    pageIds = (await api.listPages(caseId)).pages.map((p) => p.id);
    expect(pageIds).toHaveLength(PAGES.length);
    mapId = (await api.createMap(caseId, { title: 'Sơ đồ vụ án', document: { nodes: MAP_NODES } }))
      .map.id;
    browser = await launchChromium();
  }, 240_000);

  afterAll(async () => {
    await browser?.close();
    await server?.close();
    if (tempDir) {
      await rm(tempDir, { recursive: true, force: true });
    }
  });

  it(
    'builds a 3-item exhibit list and a second page follows every push',
    { timeout: 180_000 },
    async () => {
      const context = await browser.newContext({ viewport: { width: 1366, height: 900 } });
      // The machine may be shared: generous waits, the assertions stay the same.
      context.setDefaultTimeout(60_000);
      const presenter = await context.newPage();
      const errors: string[] = [];
      presenter.on('pageerror', (error) => errors.push(error.message));
      await presenter.goto(server.url);
      await presenter.getByLabel('Tên đăng nhập').fill('clerk');
      await presenter.getByLabel('Mật khẩu').fill(PASSWORD);
      await presenter.getByRole('button', { name: 'Đăng nhập' }).click();
      await presenter.getByRole('link', { name: 'Vụ trộm cắp tài sản' }).waitFor();
      await presenter.goto(`${server.url}/cases/${caseId}/court`);

      const form = presenter.getByRole('form', { name: 'Thêm vào danh mục' });
      const add = async (butLuc: string, label: string, second = '') => {
        await form.getByLabel('Bút lục', { exact: true }).fill(butLuc);
        await form.getByLabel('Bút lục trang thứ hai (để đặt cạnh nhau)').fill(second);
        await form.getByLabel('Tên mục').fill(label);
        await form.getByRole('button', { name: 'Thêm' }).click();
        await presenter.locator('.exhibit-list li', { hasText: label }).waitFor();
      };
      await add('2', 'Biên bản bắt quả tang');
      await add('BL 4', 'Lời khai bị can');
      await add('1', 'Hai lời khai đối chiếu', '3');
      await expect
        .poll(async () => presenter.locator('.exhibit-list li strong').allTextContents())
        .toEqual(['Biên bản bắt quả tang', 'Lời khai bị can', 'Hai lời khai đối chiếu']);
      await presenter
        .locator('.exhibit-list li')
        .nth(1)
        .getByRole('button', { name: 'Lên' })
        .click();
      await expect
        .poll(async () => presenter.locator('.exhibit-list li strong').first().textContent())
        .toBe('Lời khai bị can');

      await presenter.getByRole('button', { name: 'Bắt đầu trình chiếu' }).click();
      const code = await presenter.locator('.join-code').getAttribute('data-code');
      expect(code).toMatch(/^[A-Z2-9]{6}$/);

      // The audience: another page (as if on another device), joined by code over WebSocket.
      const audienceContext = await browser.newContext({
        viewport: { width: 1280, height: 720 },
      });
      audienceContext.setDefaultTimeout(60_000);
      const audience = await audienceContext.newPage();
      await audience.goto(`${server.url}/present`);
      await audience.getByLabel('Tên đăng nhập').fill('clerk');
      await audience.getByLabel('Mật khẩu').fill(PASSWORD);
      await audience.getByRole('button', { name: 'Đăng nhập' }).click();
      await audience.getByLabel('Mã tham gia (6 ký tự)').fill(code!.toLowerCase());
      await audience.getByRole('button', { name: 'Tham gia' }).click();
      await expectShown(audience, 'blank:neutral');

      const items = presenter.locator('.presenter-items button');
      await items.nth(0).click();
      await expectShown(audience, `page:${pageIds[3]}`);
      await items.nth(2).click();
      await expectShown(audience, `pair:${pageIds[0]},${pageIds[2]}`);
      // Both pages are drawn side by side once their images have loaded.
      await audience.waitForFunction(() => {
        const sheets = [
          ...document.querySelectorAll<HTMLElement>('#audience .audience-pane > div'),
        ];
        return sheets.length === 2 && sheets.every((s) => s.style.visibility === 'visible');
      });
      await screenshot(audience, 'court-audience-pair');
      await presenter.getByLabel('Chiếu bút lục (ví dụ BL 125)').fill('BL 6');
      await presenter.getByRole('button', { name: 'Chiếu', exact: true }).click();
      await expectShown(audience, `page:${pageIds[5]}`);

      // A callout: drag a rectangle on the preview.
      const preview = presenter.locator('.presenter-preview');
      await preview.scrollIntoViewIfNeeded();
      // The preview draws the page once its image has loaded; drag on the drawn page.
      await presenter.waitForFunction(() => {
        const sheet = document.querySelector<HTMLElement>('.presenter-screen .audience-pane > div');
        return sheet?.style.visibility === 'visible';
      });
      const box = (await presenter
        .locator('.presenter-screen .audience-pane > div')
        .boundingBox())!;
      await presenter.mouse.move(box.x + box.width * 0.1, box.y + box.height * 0.4);
      await presenter.mouse.down();
      await presenter.mouse.move(box.x + box.width * 0.7, box.y + box.height * 0.6, { steps: 5 });
      await presenter.mouse.up();
      await audience.locator('#audience[data-zoom="on"]').waitFor();
      await screenshot(audience, 'court-audience-callout');
      await screenshot(presenter, 'court-presenter');

      // A reconnecting screen resumes: reload the audience page.
      await audience.reload();
      await expectShown(audience, `page:${pageIds[5]}`);
      await audience.locator('#audience[data-zoom="on"]').waitFor();

      // A map branch: the audience draws the branch (its children's text), not just its name.
      const maps = presenter.locator('.presenter-maps details', { hasText: 'Sơ đồ vụ án' });
      await maps.locator('summary').click();
      await maps.getByRole('button', { name: 'Chiếu nhánh Bị can Lê Văn Chân' }).click();
      await expectShown(audience, `map:${mapId}:b`);
      const drawn = await shownMapText(audience);
      expect(drawn).toContain('Lời khai ngày 05/3');
      expect(drawn).toContain('Nhân thân: chưa có tiền án');
      expect(drawn).not.toContain('Bị hại');
      await screenshot(audience, 'court-audience-map-branch');

      await presenter.getByRole('button', { name: 'Màn hình đen' }).click();
      await expectShown(audience, 'blank:black');

      // "Ghi nhận phiên tòa" posts to the hearings module; without it the error is shown.
      await presenter.getByLabel('Tòa án').fill('TAND TP Hà Nội');
      await presenter.getByRole('button', { name: 'Ghi nhận phiên tòa' }).click();
      await presenter
        .locator('.hearing-record [role="alert"], .hearing-record [role="status"]')
        .first()
        .waitFor();
      expect(errors).toEqual([]);
      await audienceContext.close();
      await context.close();
    },
  );

  it(
    'runs the offline court package from file:// with the network off',
    { timeout: 180_000 },
    async () => {
      const zipPath = path.join(tempDir, 'court.zip');
      const { stream } = await api.downloadCourtPackage(caseId);
      await pipeline(
        Readable.fromWeb(stream as Parameters<typeof Readable.fromWeb>[0]),
        createWriteStream(zipPath),
      );
      const outDir = path.join(tempDir, 'usb');
      await mkdir(outDir);
      execFileSync('unzip', ['-q', zipPath, '-d', outDir]);
      const [folder] = await readdir(outDir);
      const root = path.join(outDir, folder!);
      const files = await readdir(root);
      expect(files).toEqual(
        expect.arrayContaining([
          'index.html',
          'audience.html',
          'data.js',
          'court-player.js',
          'pages',
        ]),
      );
      expect(await readdir(path.join(root, 'pages'))).toHaveLength(PAGES.length);

      const context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
      await context.setOffline(true);
      const requested: string[] = [];
      await context.route(/^(?!file:)/, (route) => {
        requested.push(route.request().url());
        return route.abort();
      });
      const presenter = await context.newPage();
      const errors: string[] = [];
      presenter.on('pageerror', (error) => errors.push(error.message));
      await presenter.goto(pathToFileURL(path.join(root, 'index.html')).href);
      await presenter.getByRole('heading', { name: /Vụ trộm cắp tài sản/ }).waitFor();
      const [audience] = await Promise.all([
        context.waitForEvent('page'),
        presenter.getByRole('button', { name: 'Mở màn hình khán phòng' }).click(),
      ]);
      audience.on('pageerror', (error) => errors.push(error.message));
      await audience.locator('#audience').waitFor();

      const started = Date.now();
      await presenter.locator('#exhibits button').first().click();
      await expectShown(audience, `page:${pageIds[3]}`);
      const firstItemMs = Date.now() - started;
      expect(firstItemMs).toBeLessThan(1000);
      await audience.waitForFunction(() => {
        const img = document.querySelector<HTMLImageElement>('#audience img');
        return Boolean(img && img.complete && img.naturalWidth > 0);
      });
      await screenshot(audience, 'court-offline-audience');
      await presenter.locator('#search').fill('bl 5');
      await presenter.locator('#search').press('Enter');
      await expectShown(audience, `page:${pageIds[4]}`);

      // Callout and live highlight, dragged on the presenter's preview as online.
      const sheet = '#preview .audience-pane > div';
      await dragOnPage(presenter, sheet, [0.1, 0.4], [0.7, 0.6]);
      await audience.locator('#audience[data-zoom="on"]').waitFor();
      await presenter.locator('#tool-pen').click();
      await dragOnPage(presenter, sheet, [0.3, 0.5], [0.6, 0.52]);
      await audience.locator('#audience[data-strokes="1"]').waitFor();
      await expect
        .poll(() => audience.locator('#audience polyline').getAttribute('points'))
        .toMatch(/^[\d.]+,[\d.]+( [\d.]+,[\d.]+){2,}/);
      await screenshot(audience, 'court-offline-callout-highlight');
      await presenter.locator('#clear').click();
      await audience.locator('#audience[data-strokes="0"]').waitFor();
      await presenter.locator('#clear-zoom').click();
      await audience.locator('#audience[data-zoom="off"]').waitFor();

      // The case's maps are listed; a branch is drawn on the audience screen from data.js.
      const maps = presenter.locator('#maps details', { hasText: 'Sơ đồ vụ án' });
      await maps.locator('summary').click();
      await maps.getByRole('button', { name: 'Chiếu nhánh Bị can Lê Văn Chân' }).click();
      await expectShown(audience, `map:${mapId}:b`);
      const drawn = await shownMapText(audience);
      expect(drawn).toContain('Lời khai ngày 05/3');
      expect(drawn).not.toContain('Bị hại');
      await screenshot(audience, 'court-offline-map-branch');
      await maps.getByRole('button', { name: /Cả sơ đồ$/ }).click();
      await expectShown(audience, `map:${mapId}:r`);
      expect(await shownMapText(audience)).toContain('Bị hại Trần Thị Dung');

      await presenter.locator('#black').click();
      await expectShown(audience, 'blank:black');
      // An audience window opened later asks for the current state and gets it.
      await presenter.locator('#next-item').click();
      const late = await context.newPage();
      await late.goto(pathToFileURL(path.join(root, 'audience.html')).href);
      await expectShown(late, `page:${pageIds[1]}`);
      await screenshot(presenter, 'court-offline-presenter');
      expect(requested).toEqual([]);
      expect(errors).toEqual([]);
      await context.close();
    },
  );
});
