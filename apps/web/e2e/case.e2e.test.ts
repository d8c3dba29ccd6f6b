import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { setupUnitWithClerk } from '@sohoa/api-client/test-utils';
import { createScriptedPageProcessor, startTestHttpServer } from '@sohoa/server/test-utils';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  CHROMIUM,
  builtSpa,
  hasChromium,
  launchChromium,
  screenshot,
  watchBrowserErrors,
} from './support.ts';

/*
 * The case workspace against the real server and job runner, with a scripted page processor (a
 * "PDF" is a JSON list of pages: their text and bút lục) whose page images are drawn as SVG, so
 * thumbnails and the viewer show real pictures. Skipped without Debian's Chromium.
 */
const PASSWORD = 'Matkhau2025user';

const HEADING = 'CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\nĐộc lập - Tự do - Hạnh phúc';
const AGENCY = 'CÔNG AN HUYỆN MƯỜNG TÈ\nCƠ QUAN CẢNH SÁT ĐIỀU TRA';
/**
 * Two documents and a blank back side; the second document's first page was read as bút lục 3
 * instead of 4.
 */
const PAGES = [
  {
    text: `${AGENCY}\n${HEADING}\nSố: 09/QĐ-CSĐT Mường Tè, ngày 11 tháng 5 năm 2023\nQUYẾT ĐỊNH\nKHỞI TỐ VỤ ÁN HÌNH SỰ`,
    butLuc: 1,
  },
  { text: 'Điều 2. Giao cho Cơ quan Cảnh sát điều tra thi hành.', butLuc: 2 },
  { text: 'Bảng kê tài sản thu giữ kèm theo.', butLuc: 3 },
  {
    text: `${AGENCY}\n${HEADING}\nMường Tè, ngày 12 tháng 5 năm 2023\nBIÊN BẢN GHI LỜI KHAI\nHồi 08 giờ 00 ngày 12 tháng 5 năm 2023`,
    butLuc: 3,
  },
  { text: 'Người khai ký tên dưới đây.', butLuc: 5 },
  { text: '', butLuc: null, blank: true },
];

type Processor = ReturnType<typeof createScriptedPageProcessor>;

/** The scripted processor, with an upright image drawn from the page's text (A4 proportions). */
function withPictures(inner: Processor): Processor {
  const escape = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;');
  return {
    ...inner,
    async analyzePage(args) {
      const analysis = await inner.analyzePage(args);
      const page = JSON.parse(new TextDecoder().decode(args.image)) as {
        text: string;
        butLuc: number | null;
      };
      const lines = page.text
        .split('\n')
        .map((line, i) => `<text x="60" y="${140 + i * 40}" font-size="24">${escape(line)}</text>`)
        .join('');
      const stamp =
        page.butLuc === null
          ? ''
          : `<text x="700" y="70" font-size="36" fill="#1a3a8a">${page.butLuc}</text>`;
      const svg = `<svg xmlns="http://www.w3.org/2000/svg" width="800" height="1131"><rect width="800" height="1131" fill="#fff"/>${stamp}${lines}<rect x="60" y="700" width="680" height="8" fill="#ccc"/><rect x="60" y="740" width="600" height="8" fill="#ccc"/></svg>`;
      return {
        ...analysis,
        upright: { bytes: new TextEncoder().encode(svg), widthPx: 800, heightPx: 1131 },
      };
    },
  };
}

describe.skipIf(!hasChromium)(
  hasChromium
    ? 'case workspace in Chromium'
    : `case workspace — SKIPPED: ${CHROMIUM} not found (apt-get install chromium)`,
  () => {
    let tempDir: string;
    let server: { url: string; close(): Promise<void> };
    let browser: Browser;
    let caseId: string;
    let api: Awaited<ReturnType<Awaited<ReturnType<typeof setupUnitWithClerk>>['loginClerk']>>;

    beforeAll(async () => {
      tempDir = await mkdtemp(path.join(tmpdir(), 'sohoa-web-case-e2e-'));
      const webDistDir = await builtSpa();
      server = await startTestHttpServer({
        webDistDir,
        withJobRunner: true,
        pageProcessor: withPictures(createScriptedPageProcessor()),
      });
      const { loginClerk } = await setupUnitWithClerk({ baseUrl: server.url, password: PASSWORD });
      api = await loginClerk();
      caseId = (
        await api.createCase({
          title: 'Vụ Lò Văn Sáng trộm cắp tài sản',
          kind: 'criminal',
          internalNumber: '27/2025/HS',
        })
      ).case.id;
      browser = await launchChromium();
    });

    afterAll(async () => {
      await browser?.close();
      await server?.close();
      if (tempDir) {
        await rm(tempDir, { recursive: true, force: true });
      }
    });

    it(
      'imports a volume by drag and drop, reviews thumbnails, integrity and structure, fixes a bút lục, splits a document and views pages',
      { timeout: 120_000 },
      async () => {
        const context = await browser.newContext({ viewport: { width: 1366, height: 768 } });
        const page = await context.newPage();
        const { errors: browserErrors } = watchBrowserErrors(page);
        try {
          await page.goto(server.url);
          await page.getByLabel('Tên đăng nhập').fill('clerk');
          await page.getByLabel('Mật khẩu').fill(PASSWORD);
          await page.getByRole('button', { name: 'Đăng nhập' }).click();

          // The list links to the case; its page has its own URL.
          await page.getByRole('link', { name: 'Vụ Lò Văn Sáng trộm cắp tài sản' }).click();
          await page.getByRole('heading', { name: 'Vụ Lò Văn Sáng trộm cắp tài sản' }).waitFor();
          expect(new URL(page.url()).pathname).toBe(`/cases/${caseId}`);
          await page.locator('.case-facts').getByText('27/2025/HS').waitFor();
          await page.getByText('Chưa có trang nào.', { exact: false }).waitFor();

          // Drop the scanned volume on the drop zone of volume 1.
          const dataTransfer = await page.evaluateHandle((text) => {
            const transfer = new DataTransfer();
            transfer.items.add(new File([text], 'tap_01.pdf', { type: 'application/pdf' }));
            return transfer;
          }, JSON.stringify(PAGES));
          await page.dispatchEvent('[data-testid="drop-zone-1"]', 'drop', { dataTransfer });
          const row = page.getByRole('row', { name: /tap_01\.pdf/ });
          await row.getByText(`Đã nhận · ${PAGES.length} trang`).waitFor();
          await page.getByText('đã xử lý xong', { exact: false }).waitFor({ timeout: 30_000 });
          await page
            .getByText(`Đã nhận dạng ${PAGES.length}/${PAGES.length} trang`, { exact: false })
            .waitFor();
          await screenshot(page, 'case-1-import');

          // Review: thumbnails with their images, bút lục and marks.
          await page.getByRole('link', { name: 'Rà soát' }).click();
          const thumbs = page.locator('.thumb');
          await expect.poll(() => thumbs.count()).toBe(PAGES.length);
          await expect
            .poll(() =>
              page
                .locator('.thumb img')
                .evaluateAll(
                  (imgs) => imgs.filter((i) => (i as HTMLImageElement).naturalWidth > 0).length,
                ),
            )
            .toBe(PAGES.length);
          expect(await thumbs.nth(3).getAttribute('aria-label')).toContain('Trùng số');
          expect(await thumbs.nth(5).getAttribute('aria-label')).toContain('Trắng');

          // The integrity report: the duplicate 3 (and the missing 4), with a jump to the page.
          const duplicate = page.locator('.anomaly-duplicate');
          await duplicate.getByText('Trùng bút lục 3').waitFor();
          await screenshot(page, 'case-2-integrity');
          await duplicate.getByRole('button').last().click();
          await page.getByRole('heading', { name: 'Tập 1, trang' }).waitFor();
          expect(await thumbs.nth(3).getAttribute('aria-pressed')).toBe('true');

          // Set the bút lục the stamp really says: the report is clean again.
          await page.getByLabel('Số bút lục (để trống để xóa)').fill('4');
          await page.getByRole('button', { name: 'Lưu bút lục' }).click();
          await page.getByText('Đã lưu sửa đổi.').waitFor();
          await expect.poll(() => thumbs.nth(3).getAttribute('aria-label')).toContain('BL 4');
          await screenshot(page, 'case-3-page');
          // Process the page again: its correction stays.
          await page.getByRole('button', { name: 'Xử lý lại' }).click();
          await page.getByText('Đã đưa trang vào hàng đợi xử lý lại.').waitFor();
          // Until the server has processed it again: the integrity report catches up by itself
          // (no reload), with the correction kept.
          await expect
            .poll(async () => (await api.progress(caseId)).progress.finished, { timeout: 30_000 })
            .toBe(true);
          await page.getByRole('tab', { name: 'Bút lục' }).click();
          await page.getByText('Không phát hiện bất thường về bút lục.').waitFor();
          await expect
            .poll(() =>
              page.locator('.integrity').getByText('đang xử lý', { exact: false }).count(),
            )
            .toBe(0);

          // The URL keeps the screen: a reload lands on the same panel and page.
          await page.reload();
          await page.getByText('Không phát hiện bất thường về bút lục.').waitFor();
          expect(await thumbs.nth(3).getAttribute('aria-pressed')).toBe('true');

          // Structure: two documents; split the first at its third page.
          await page.getByRole('tab', { name: 'Cấu trúc' }).click();
          await page.getByRole('heading', { name: 'Cấu trúc hồ sơ (2 văn bản)' }).waitFor();
          await page
            .getByRole('button', { name: /QUYẾT ĐỊNH KHỞI TỐ VỤ ÁN HÌNH SỰ/ })
            .first()
            .click();
          await thumbs.nth(2).click();
          await page.getByText('Trang đang chọn: T1·tr.', { exact: false }).waitFor();
          await page.getByRole('button', { name: 'Tách tại trang đang chọn' }).click();
          await page.getByRole('heading', { name: 'Cấu trúc hồ sơ (3 văn bản)' }).waitFor();
          await page.getByText('BL 1–2', { exact: false }).first().waitFor();
          await screenshot(page, 'case-4-structure');
          // The edit log lists the split, and undo brings the two documents back.
          await page.getByText('Nhật ký chỉnh sửa (1)').click();
          await page.getByRole('button', { name: 'Hoàn tác' }).click();
          await page.getByRole('heading', { name: 'Cấu trúc hồ sơ (2 văn bản)' }).waitFor();
          await page
            .getByRole('button', { name: /QUYẾT ĐỊNH KHỞI TỐ VỤ ÁN HÌNH SỰ/ })
            .first()
            .click();
          await thumbs.nth(2).click();
          await page.getByRole('button', { name: 'Tách tại trang đang chọn' }).click();
          await page.getByRole('heading', { name: 'Cấu trúc hồ sơ (3 văn bản)' }).waitFor();

          // The viewer: go to a bút lục, see its document, step to the previous document.
          await page.getByRole('link', { name: 'Xem trang' }).click();
          await page.getByLabel('Đến bút lục').fill('5');
          await page.getByRole('button', { name: 'Đi', exact: true }).click();
          await page.getByText('Trang 5/6').waitFor();
          await page.getByText('BIÊN BẢN GHI LỜI KHAI', { exact: false }).first().waitFor();
          const image = page.locator('.viewer-canvas img');
          await expect
            .poll(() => image.evaluate((i) => (i as HTMLImageElement).naturalWidth))
            .toBeGreaterThan(0);
          await page.getByRole('button', { name: 'Vừa trang' }).click();
          await screenshot(page, 'case-5-viewer');
          await page.getByRole('button', { name: /Văn bản trước/ }).click();
          await page.getByText('Trang 3/6').waitFor();
          await page.getByLabel('Đến bút lục').fill('99');
          await page.getByRole('button', { name: 'Đi', exact: true }).click();
          await page.getByText('Không có trang mang bút lục 99.').waitFor();

          // Back goes to the review, as the browser's history says.
          await page.goBack();
          await page.getByRole('tab', { name: 'Cấu trúc' }).waitFor();

          // The digitization procedure: the import moved the file to "scanning"; the clerk sends
          // it on, the review step belongs to the assigned prosecutor.
          await page.getByRole('link', { name: 'Quy trình' }).click();
          await page.getByRole('heading', { name: 'Quy trình số hóa' }).waitFor();
          expect(await page.locator('.procedure-step.current').textContent()).toBe('Đang quét');
          await page.getByRole('button', { name: 'Chuyển sang “Đang xử lý”' }).click();
          await page.getByRole('button', { name: 'Chuyển sang “Chờ kiểm tra”' }).click();
          await expect
            .poll(() => page.locator('.procedure-step.current').textContent())
            .toBe('Chờ kiểm tra');
          await page.locator('.case-facts').getByText('Chờ kiểm tra').waitFor();
          const review = page.getByRole('button', { name: 'Chuyển sang “Đã kiểm tra”' });
          expect(await review.isDisabled()).toBe(true);
          await page.getByText('(không thuộc vai trò của bạn)').first().waitFor();
          await page.getByRole('cell', { name: 'Đang quét → Đang xử lý' }).waitFor();
          await page.getByRole('cell', { name: 'Nhập tệp scan' }).waitFor();
          await screenshot(page, 'case-7-procedure');
          expect(browserErrors).toEqual([]);
        } catch (error) {
          await screenshot(page, 'case-failure');
          throw error;
        } finally {
          await context.close();
        }
      },
    );

    it(
      'keeps 5,000 thumbnails smooth: only visible rows are in the DOM while scrolling',
      { timeout: 90_000 },
      async () => {
        const context = await browser.newContext({ viewport: { width: 1366, height: 768 } });
        const page = await context.newPage();
        try {
          // The case's real pages are swapped for 5,000 synthetic ones, and every image for one
          // small picture: what is measured is the grid, not the pipeline.
          const fakePages = Array.from({ length: 5000 }, (_, i) => ({
            id: `pg_bench${String(i).padStart(6, '0')}`,
            volume: 1 + Math.floor(i / 500),
            seq: (i % 500) + 1,
            fileName: 'tap.pdf',
            sourceIndex: i % 500,
            status: 'DONE',
            isBlank: i % 97 === 0,
            rotation: 0,
            skewDegrees: 0,
            butLuc: i + 1,
            butLucRaw: String(i + 1),
            butLucConfidence: 0.9,
            butLucSource: 'READ',
            ocrConfidence: 90,
            hasTextLayer: false,
            error: null,
          }));
          await page.route(/\/api\/cases\/[^/]+\/pages$/, (route) =>
            route.fulfill({ json: { pages: fakePages } }),
          );
          const svg =
            '<svg xmlns="http://www.w3.org/2000/svg" width="100" height="141"><rect width="100" height="141" fill="#fff"/><rect x="10" y="20" width="80" height="6" fill="#888"/></svg>';
          await page.route(/\/pages\/pg_bench\d+\/image/, (route) =>
            route.fulfill({ body: svg, contentType: 'image/svg+xml' }),
          );
          await page.goto(server.url);
          await page.getByLabel('Tên đăng nhập').fill('clerk');
          await page.getByLabel('Mật khẩu').fill(PASSWORD);
          await page.getByRole('button', { name: 'Đăng nhập' }).click();
          await page.getByRole('link', { name: 'Vụ Lò Văn Sáng trộm cắp tài sản' }).waitFor();
          await page.goto(`${server.url}/cases/${caseId}/review`);
          const scroller = page.locator('.thumb-scroller');
          await scroller.waitFor();
          await page.locator('.thumb').first().waitFor();
          // Two scrolls, one animation frame per step: a wheel-like glide (60 px a frame, about
          // a mouse wheel notch) and a drag of the scroll bar from top to bottom (240 frames).
          const result = await scroller.evaluate(async (el) => {
            const measure = async (positions: number[]) => {
              const frames: number[] = [];
              let maxDom = 0;
              let last = performance.now();
              for (const top of positions) {
                el.scrollTop = top;
                await new Promise((r) => requestAnimationFrame(() => r(null)));
                const now = performance.now();
                frames.push(now - last);
                last = now;
                maxDom = Math.max(maxDom, el.querySelectorAll('.thumb').length);
              }
              const sorted = [...frames].sort((a, b) => a - b);
              return {
                frames: frames.length,
                medianFrameMs: Math.round(sorted[Math.floor(sorted.length / 2)]!),
                p95FrameMs: Math.round(sorted[Math.floor(sorted.length * 0.95)]!),
                over50ms: frames.filter((f) => f > 50).length,
                maxThumbsInDom: maxDom,
              };
            };
            const max = el.scrollHeight - el.clientHeight;
            const glide = await measure(Array.from({ length: 300 }, (_, i) => 20_000 + i * 60));
            const drag = await measure(
              Array.from({ length: 240 }, (_, i) => (max * (i + 1)) / 240),
            );
            return { scrollHeight: el.scrollHeight, glide, drag };
          });
          process.stdout.write(
            `5,000-page thumbnail scroll (1366×768): ${JSON.stringify(result)}\n`,
          );
          expect(result.scrollHeight).toBeGreaterThan(100_000);
          expect(result.glide.maxThumbsInDom).toBeLessThan(120);
          expect(result.drag.maxThumbsInDom).toBeLessThan(120);
          await page.locator('[aria-label*="BL 5000"]').waitFor();
          await screenshot(page, 'case-6-5000-pages');
          // Keyboard: End selects the last page, Home the first, and each is scrolled into view.
          const focusedPage = () =>
            page.evaluate(() => document.activeElement?.getAttribute('data-page-id') ?? null);
          await page.locator('.thumb').first().focus();
          await page.keyboard.press('Home');
          await expect.poll(focusedPage).toBe('pg_bench000000');
          await page.keyboard.press('End');
          await expect.poll(focusedPage).toBe('pg_bench004999');
          expect(page.url()).toContain('page=pg_bench004999');
          await page.keyboard.press('ArrowLeft');
          await expect.poll(focusedPage).toBe('pg_bench004998');
          await page.keyboard.press('Home');
          await expect.poll(focusedPage).toBe('pg_bench000000');
          await page.locator('[data-page-id="pg_bench000000"]').waitFor();
        } finally {
          await context.close();
        }
      },
    );
  },
);
