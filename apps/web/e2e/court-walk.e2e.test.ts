import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { setupUnitWithClerk } from '@sohoa/api-client/test-utils';
import { startTestHttpServer } from '@sohoa/server/test-utils';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  buildSpaWithCourtPlayer,
  hasChromium,
  launchChromium,
  screenshot,
  signIn,
  watchBrowserErrors,
} from './support.ts';

/*
 * The "done when" walk of issue 7 on the public criminal sample (../shared/samples, read by the
 * real pipeline: raster, OCR, structure): auto-draft a map, edit it, follow a node to its page,
 * export XMind and import it back, build a 10-item exhibit list, present it with a second window
 * that follows every push, then run the offline package from a folder with the network off and do
 * the same. Slow (the whole OCR of 39 pages): it runs only where the samples are, and says so.
 * SOHOA_E2E_SCREENSHOTS=<dir> keeps a screenshot of each step.
 */
const repoRoot = fileURLToPath(new URL('../../..', import.meta.url));
const SAMPLE = path.resolve(repoRoot, '../shared/samples/P1_hinhsu_trom_cap_le_chan');
const hasSample = existsSync(path.join(SAMPLE, 'tap_01.pdf'));
const PASSWORD = 'Matkhau2025user';
const TITLE = 'Vụ trộm cắp tài sản — Vũ Hữu Long';

// A walk OCRs a whole sample volume (minutes on 2 cores): it runs on request, not in every
// `npm test` (CI machines may hold ../shared too). SOHOA_E2E_WALKS=1 npx vitest run --project int <file>
const skipReason =
  process.env.SOHOA_E2E_WALKS !== '1'
    ? 'set SOHOA_E2E_WALKS=1 to run this walk (it OCRs a whole sample volume)'
    : !hasChromium
      ? 'Chromium not found'
      : !hasSample
        ? `${SAMPLE} is absent (the public sample case files are needed)`
        : null;

async function expectShown(page: Page, view: string) {
  await page.locator(`#audience[data-view="${view}"]`).waitFor({ timeout: 15_000 });
}

describe.skipIf(skipReason !== null)(
  skipReason
    ? `court walk on the criminal sample — SKIPPED: ${skipReason}`
    : 'court walk on the criminal sample',
  () => {
    let tempDir: string;
    let server: Awaited<ReturnType<typeof startTestHttpServer>>;
    let browser: Browser;
    let caseId: string;
    let pages: Array<{ id: string; butLuc: number | null }>;

    beforeAll(async () => {
      tempDir = await mkdtemp(path.join(tmpdir(), 'sohoa-court-walk-'));
      const webDistDir = path.join(tempDir, 'dist');
      await buildSpaWithCourtPlayer(webDistDir);
      server = await startTestHttpServer({ webDistDir, withJobRunner: true });
      const { loginClerk } = await setupUnitWithClerk({ baseUrl: server.url, password: PASSWORD });
      const api = await loginClerk();
      caseId = (
        await api.createCase({
          title: TITLE,
          kind: 'criminal',
          charges: [{ name: 'Trộm cắp tài sản', article: 173, clause: '1', law: 'BLHS 2015' }],
          parties: [
            { fullName: 'Vũ Hữu Long', roleCode: 'BI_CAN' },
            { fullName: 'Phan Mạnh Huy', roleCode: 'BI_CAN' },
          ],
        })
      ).case.id;
      for (const [volume, file] of [
        [1, 'tap_01.pdf'],
        [2, 'tap_02.pdf'],
      ] as const) {
        await api.uploadFile(caseId, volume, file, await readFile(path.join(SAMPLE, file)));
      }
      for (let i = 0; i < 1800; i++) {
        const { progress } = await api.progress(caseId);
        if (progress.finished) {
          break;
        }
        await new Promise((r) => setTimeout(r, 1000));
      }
      pages = (await api.listPages(caseId)).pages;
      browser = await launchChromium();
    }, 1_900_000);

    afterAll(async () => {
      await browser?.close();
      await server?.close();
      if (tempDir) {
        await rm(tempDir, { recursive: true, force: true });
      }
    });

    it(
      'maps, exhibit list, presenter with a following window, then offline',
      { timeout: 900_000 },
      async () => {
        const context = await browser.newContext({
          viewport: { width: 1366, height: 900 },
          acceptDownloads: true,
        });
        context.setDefaultTimeout(60_000);
        const page = await context.newPage();
        const watched = watchBrowserErrors(page);
        await page.goto(server.url);
        await signIn(page, { username: 'clerk', password: PASSWORD });

        // 1. Auto-draft a map of the case.
        await page.goto(`${server.url}/cases/${caseId}/maps`);
        await page.getByRole('button', { name: 'Tạo bản nháp tự động' }).click();
        const canvas = page.getByRole('application');
        await canvas.getByRole('treeitem', { name: /Bị can: Vũ Hữu Long/ }).waitFor();
        await screenshot(page, 'walk-01-map-draft');

        // 2. Edit it: rename the root (the canvas draws only the nodes in view; the root is).
        await canvas.getByRole('treeitem', { name: TITLE }).click();
        await page.keyboard.press('F2');
        await page.getByLabel(/Nội dung nút/).waitFor();
        await page.keyboard.type(' (trình bày)');
        await page.keyboard.press('Enter');
        await canvas.getByRole('treeitem', { name: `${TITLE} (trình bày)` }).waitFor();
        await page.getByRole('status').filter({ hasText: 'Đã lưu' }).waitFor();
        await screenshot(page, 'walk-02-map-edited');

        // 3. Follow a linked node to its page.
        const leaf = canvas.locator('.map-node.linked').first();
        await leaf.getByRole('button', { name: 'Mở tài liệu được liên kết' }).click();
        await page.waitForURL(new RegExp(`/cases/${caseId}/view/pg_`));
        await page.locator('[data-pane="primary"] .viewer-sheet img').waitFor();
        await screenshot(page, 'walk-03-node-to-page');

        // 4. Export XMind and import it back.
        await page.goto(`${server.url}/cases/${caseId}/maps`);
        await canvas.getByRole('treeitem', { name: `${TITLE} (trình bày)` }).waitFor();
        const downloading = page.waitForEvent('download');
        await page.getByRole('button', { name: 'XMIND', exact: true }).click();
        const xmind = path.join(tempDir, (await downloading).suggestedFilename());
        await (await downloading).saveAs(xmind);
        await page.getByLabel(/Nhập tệp/).setInputFiles(xmind);
        await expect.poll(() => page.locator('.maps-list > ul > li').count()).toBeGreaterThan(1);
        await screenshot(page, 'walk-04-xmind-imported');

        // 5. A 10-item exhibit list: nine pages and one pair, by bút lục.
        const numbered = [
          ...new Set(pages.map((p) => p.butLuc).filter((n): n is number => n !== null)),
        ];
        expect(numbered.length).toBeGreaterThanOrEqual(11);
        await page.goto(`${server.url}/cases/${caseId}/court`);
        const form = page.getByRole('form', { name: 'Thêm vào danh mục' });
        for (let i = 0; i < 10; i++) {
          const bl = numbered[i]!;
          await form.getByLabel('Bút lục', { exact: true }).fill(String(bl));
          await form
            .getByLabel('Bút lục trang thứ hai (để đặt cạnh nhau)')
            .fill(i === 9 ? String(numbered[10]) : '');
          await form.getByLabel('Tên mục').fill(`Mục ${i + 1}: BL ${bl}`);
          await form.getByRole('button', { name: 'Thêm' }).click();
          await page.locator('.exhibit-list li', { hasText: `Mục ${i + 1}: BL ${bl}` }).waitFor();
        }
        await screenshot(page, 'walk-05-exhibit-list', { fullPage: true });

        // 6. Present with a second window that follows every push.
        await page.getByRole('button', { name: 'Bắt đầu trình chiếu' }).click();
        const [audience] = await Promise.all([
          context.waitForEvent('page'),
          page.getByRole('button', { name: 'Mở màn hình khán phòng' }).click(),
        ]);
        const audienceWatched = watchBrowserErrors(audience);
        await audience.setViewportSize({ width: 1280, height: 720 });
        await audience.locator('#audience[data-view]').waitFor();
        const items = page.locator('.presenter-items button');
        expect(await items.count()).toBe(10);
        const byBl = new Map(pages.map((p) => [p.butLuc, p.id]));
        for (let i = 0; i < 10; i++) {
          await items.nth(i).click();
          const view =
            i === 9
              ? `pair:${byBl.get(numbered[9]!)},${byBl.get(numbered[10]!)}`
              : `page:${byBl.get(numbered[i]!)}`;
          await expectShown(audience, view);
        }
        await audience.waitForFunction(() =>
          [...document.querySelectorAll<HTMLElement>('#audience .audience-pane > div')].every(
            (s) => s.style.visibility === 'visible',
          ),
        );
        await screenshot(audience, 'walk-06-audience-pair');
        const mapGroup = page.locator('.presenter-maps details').first();
        await mapGroup.locator('summary').click();
        await mapGroup.locator('button[data-branch-id]').nth(1).click();
        await audience.locator('#audience[data-map="shown"] svg').waitFor();
        await screenshot(audience, 'walk-07-audience-map-branch');
        await screenshot(page, 'walk-07-presenter', { fullPage: true });

        // 7. The offline package, from a folder, network off.
        const pkgDownload = page.waitForEvent('download');
        await page.getByRole('link', { name: 'Tải gói trình chiếu ngoại tuyến (.zip)' }).click();
        const zip = path.join(tempDir, 'court.zip');
        await (await pkgDownload).saveAs(zip);
        const usb = path.join(tempDir, 'usb');
        await mkdir(usb);
        execFileSync('unzip', ['-q', zip, '-d', usb]);
        const [folder] = await readdir(usb);
        const offline = await browser.newContext({ viewport: { width: 1366, height: 900 } });
        await offline.setOffline(true);
        const requested: string[] = [];
        await offline.route(/^(?!file:)/, (route) => {
          requested.push(route.request().url());
          return route.abort();
        });
        const presenter = await offline.newPage();
        const offlineWatched = watchBrowserErrors(presenter);
        await presenter.goto(pathToFileURL(path.join(usb, folder!, 'index.html')).href);
        const [screen] = await Promise.all([
          offline.waitForEvent('page'),
          presenter.locator('#open-audience').click(),
        ]);
        const screenWatched = watchBrowserErrors(screen);
        await screen.locator('#audience').waitFor();
        for (let i = 0; i < 10; i++) {
          await presenter.locator('#exhibits button').nth(i).click();
          const view =
            i === 9
              ? `pair:${byBl.get(numbered[9]!)},${byBl.get(numbered[10]!)}`
              : `page:${byBl.get(numbered[i]!)}`;
          await expectShown(screen, view);
        }
        await screenshot(screen, 'walk-08-offline-pair');
        await presenter.locator('#exhibits button').first().click();
        // The preview must show the single page (not still the pair) before the drag.
        const first = `page:${byBl.get(numbered[0]!)}`;
        await expectShown(screen, first);
        await presenter.locator(`#preview-screen[data-view="${first}"]`).waitFor();
        const sheet = '#preview .audience-pane > div';
        await presenter.waitForFunction(
          (s) => document.querySelector<HTMLElement>(s)?.style.visibility === 'visible',
          sheet,
        );
        // The offline console lists the maps above the preview: bring the preview into view, or
        // the drag would happen outside the viewport.
        await presenter.locator(sheet).scrollIntoViewIfNeeded();
        const box = (await presenter.locator(sheet).boundingBox())!;
        await presenter.mouse.move(box.x + box.width * 0.1, box.y + box.height * 0.1);
        await presenter.mouse.down();
        await presenter.mouse.move(box.x + box.width * 0.9, box.y + box.height * 0.35, {
          steps: 5,
        });
        await presenter.mouse.up();
        await screen.locator('#audience[data-zoom="on"]').waitFor();
        await screenshot(screen, 'walk-09-offline-callout');
        await presenter.locator('#maps details').first().locator('summary').click();
        await presenter
          .locator('#maps details')
          .first()
          .locator('button[data-branch-id]')
          .nth(1)
          .click();
        await screen.locator('#audience[data-map="shown"] svg').waitFor();
        await screenshot(screen, 'walk-10-offline-map-branch');
        await screenshot(presenter, 'walk-10-offline-presenter', { fullPage: true });

        const errors = {
          online: watched.errors,
          audience: audienceWatched.errors,
          offline: offlineWatched.errors,
          offlineAudience: screenWatched.errors,
        };
        expect(requested).toEqual([]);
        expect(errors).toEqual({ online: [], audience: [], offline: [], offlineAudience: [] });
        await offline.close();
        await context.close();
      },
    );
  },
);
