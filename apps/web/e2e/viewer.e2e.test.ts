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
 * The viewer against the real server: pages drawn as SVG from their text, with OCR word boxes laid
 * on the drawn words, so the transparent text layer lies on the picture and can be selected.
 * Zoom and pan, select text, side by side, annotate (region, words, note), reload, share.
 * Skipped without Debian's Chromium.
 */
const PASSWORD = 'Matkhau2025user';

const PAGES = [
  {
    text: 'CÔNG AN HUYỆN MƯỜNG TÈ\nBIÊN BẢN GHI LỜI KHAI\nHồi 08 giờ 00 ngày 12 tháng 5 năm 2023\nNgười khai: Lò Văn Sáng, sinh năm 1990',
    butLuc: 1,
  },
  { text: 'Tôi khai rằng tối ngày 10 tháng 5\ntôi không có mặt tại nhà ông Tòng.', butLuc: 2 },
  {
    text: 'BIÊN BẢN GHI LỜI KHAI (lần 2)\nNgười khai: Lò Văn Sáng\nTôi thừa nhận đã lấy chiếc xe máy.',
    butLuc: 3,
  },
];

/** Page drawing: 800 × 1131 px, lines at x = 60, baseline 140 + 40·i, 24 px monospace. */
const W = 800;
const H = 1131;
const CHAR = 14.4;
const lineWords = (text: string) =>
  text.split('\n').flatMap((line, i) => {
    let at = 0;
    return line.split(' ').map((word) => {
      const x0 = 60 + at * CHAR;
      at += word.length + 1;
      const y = 140 + i * 40;
      return {
        text: word,
        confidence: 90,
        box: [x0 / W, (y - 22) / H, (x0 + word.length * CHAR) / W, (y + 6) / H] as [
          number,
          number,
          number,
          number,
        ],
      };
    });
  });

type Processor = ReturnType<typeof createScriptedPageProcessor>;

function withPicturesAndWords(inner: Processor): Processor {
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
        .map(
          (line, i) =>
            `<text x="60" y="${140 + i * 40}" font-family="monospace" font-size="24" textLength="${line.length * CHAR}">${escape(line)}</text>`,
        )
        .join('');
      const stamp =
        page.butLuc === null
          ? ''
          : `<text x="700" y="70" font-size="36" fill="#1a3a8a">${page.butLuc}</text>`;
      const svg = `<svg xmlns="http://www.w3.org/2000/svg" width="${W}" height="${H}"><rect width="${W}" height="${H}" fill="#fff"/>${stamp}${lines}</svg>`;
      return {
        ...analysis,
        upright: { bytes: new TextEncoder().encode(svg), widthPx: W, heightPx: H },
        ocr: analysis.ocr ? { ...analysis.ocr, words: lineWords(page.text) } : null,
      };
    },
  };
}

describe.skipIf(!hasChromium)(
  hasChromium
    ? 'viewer and annotations in Chromium'
    : `viewer and annotations — SKIPPED: ${CHROMIUM} not found (apt-get install chromium)`,
  () => {
    let tempDir: string;
    let server: { url: string; close(): Promise<void> };
    let browser: Browser;
    let caseId: string;
    let pageIds: string[];
    let api: Awaited<ReturnType<Awaited<ReturnType<typeof setupUnitWithClerk>>['loginClerk']>>;

    beforeAll(async () => {
      tempDir = await mkdtemp(path.join(tmpdir(), 'sohoa-web-viewer-e2e-'));
      const webDistDir = await builtSpa();
      server = await startTestHttpServer({
        webDistDir,
        withJobRunner: true,
        pageProcessor: withPicturesAndWords(createScriptedPageProcessor()),
      });
      const { loginClerk } = await setupUnitWithClerk({ baseUrl: server.url, password: PASSWORD });
      api = await loginClerk();
      caseId = (await api.createCase({ title: 'Vụ Lò Văn Sáng trộm cắp', kind: 'criminal' })).case
        .id;
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
      browser = await launchChromium();
    }, 180_000);

    afterAll(async () => {
      await browser?.close();
      await server?.close();
      if (tempDir) {
        await rm(tempDir, { recursive: true, force: true });
      }
    });

    it(
      'zooms and pans, selects OCR text, shows two pages side by side, annotates and shares',
      { timeout: 180_000 },
      async () => {
        const context = await browser.newContext({ viewport: { width: 1366, height: 768 } });
        const page = await context.newPage();
        const { errors: browserErrors } = watchBrowserErrors(page);
        try {
          await page.goto(server.url);
          await page.getByLabel('Tên đăng nhập').fill('clerk');
          await page.getByLabel('Mật khẩu').fill(PASSWORD);
          await page.getByRole('button', { name: 'Đăng nhập' }).click();
          await page.getByRole('link', { name: 'Vụ Lò Văn Sáng trộm cắp' }).waitFor();
          await page.goto(`${server.url}/cases/${caseId}/view/${pageIds[0]}`);
          const primary = page.locator('[data-pane="primary"]');
          const image = primary.locator('.viewer-sheet img');
          await expect
            .poll(() => image.evaluate((i) => (i as HTMLImageElement).naturalWidth), {
              timeout: 20_000,
            })
            .toBeGreaterThan(0);
          const words = primary.locator('.text-layer [data-word]');
          await expect
            .poll(() => words.count(), { timeout: 20_000 })
            .toBe(lineWords(PAGES[0]!.text).length);
          await screenshot(page, 'viewer-1-page');

          // Zoom in: the page outgrows the stage; the hand tool drags it.
          for (let i = 0; i < 4; i++) {
            await page.getByRole('button', { name: 'Phóng to' }).first().click();
          }
          const stage = primary.locator('.viewer-stage');
          await expect
            .poll(() => stage.evaluate((s) => s.scrollWidth > s.clientWidth + 50), {
              timeout: 20_000,
            })
            .toBe(true);
          await page.getByRole('button', { name: /Kéo trang/ }).click();
          const before = await stage.evaluate((s) => ({ left: s.scrollLeft, top: s.scrollTop }));
          const box = (await stage.boundingBox())!;
          await page.mouse.move(box.x + box.width / 2, box.y + box.height / 2);
          await page.mouse.down();
          await page.mouse.move(box.x + box.width / 2 - 150, box.y + box.height / 2 - 120, {
            steps: 6,
          });
          await page.mouse.up();
          const after = await stage.evaluate((s) => ({ left: s.scrollLeft, top: s.scrollTop }));
          expect(after.left - before.left).toBeGreaterThan(100);
          expect(after.top - before.top).toBeGreaterThan(80);
          await screenshot(page, 'viewer-2-zoomed-panned');

          // Select the words of the second line in the text layer: the selection is the OCR text.
          await page.getByRole('button', { name: 'Vừa chiều rộng' }).first().click();
          await page.getByRole('button', { name: /Chọn chữ/ }).click();
          const first = (await words.nth(5).boundingBox())!; // "BIÊN"
          const last = (await words.nth(9).boundingBox())!; // "KHAI"
          await page.mouse.move(first.x + 2, first.y + first.height / 2);
          await page.mouse.down();
          await page.mouse.move(last.x + last.width - 2, last.y + last.height / 2, { steps: 8 });
          await page.mouse.up();
          const selected = await page.evaluate(() => window.getSelection()?.toString() ?? '');
          expect(selected.replace(/\s+/g, ' ').trim()).toBe('BIÊN BẢN GHI LỜI KHAI');
          await screenshot(page, 'viewer-3-text-selected');

          // Highlight the selected words.
          await page.getByRole('button', { name: 'Đánh dấu chữ đã chọn' }).click();
          const panel = page.locator('.annotations-panel');
          await panel.getByText('BIÊN BẢN GHI LỜI KHAI').waitFor();
          await expect
            .poll(() => primary.locator('.ann-words').count(), { timeout: 20_000 })
            .toBe(5);

          // Draw a region highlight.
          await page.getByRole('button', { name: /Đánh dấu vùng/ }).click();
          const sheet = (await primary.locator('.viewer-sheet').boundingBox())!;
          await page.mouse.move(sheet.x + sheet.width * 0.1, sheet.y + sheet.height * 0.15);
          await page.mouse.down();
          await page.mouse.move(sheet.x + sheet.width * 0.7, sheet.y + sheet.height * 0.2, {
            steps: 5,
          });
          await page.mouse.up();
          await panel.getByRole('button', { name: /Vùng đánh dấu/ }).waitFor();

          // A sticky note.
          await page.getByRole('button', { name: /Thêm ghi chú/ }).click();
          // Measured again: the list beside the page grew. A point right of the region, kept
          // inside the window (the sheet at 125 % is taller than the window).
          const noteSheet = (await primary.locator('.viewer-sheet').boundingBox())!;
          await page.mouse.click(
            noteSheet.x + noteSheet.width * 0.8,
            noteSheet.y + Math.min(noteSheet.height * 0.3, 150),
          );
          await page.getByLabel('Nội dung ghi chú').fill('Đối chiếu với lời khai lần 2 (BL 3)');
          await page.getByRole('button', { name: 'Lưu ghi chú' }).click();
          await primary
            .getByRole('button', { name: 'Ghi chú: Đối chiếu với lời khai lần 2 (BL 3)' })
            .waitFor();
          await expect
            .poll(() => panel.locator('.annotation-item').count(), { timeout: 20_000 })
            .toBe(3);
          await screenshot(page, 'viewer-4-annotated');

          // Side by side: the second statement next to the first, its own rotation once unsynced.
          await page.getByRole('button', { name: /Xem song song/ }).click();
          await page.getByLabel('Chọn trang bên cạnh').selectOption(pageIds[2]!);
          const second = page.locator('[data-pane="second"]');
          await second.locator(`.viewer-sheet[data-page-id="${pageIds[2]}"]`).waitFor();
          await expect
            .poll(() => second.locator('.text-layer [data-word]').first().textContent(), {
              timeout: 20_000,
            })
            .toBe('BIÊN ');
          await page.getByLabel('Đồng bộ thu phóng và xoay').uncheck();
          await page
            .getByRole('toolbar', { name: 'Trang bên cạnh' })
            .getByRole('button', { name: 'Xoay phải khi xem' })
            .click();
          await expect
            .poll(() => second.locator('.viewer-sheet').evaluate((s) => s.style.transform), {
              timeout: 20_000,
            })
            .toContain('rotate(90deg)');
          expect(
            await primary.locator('.viewer-sheet').evaluate((s) => s.style.transform),
          ).toContain('rotate(0deg)');
          await screenshot(page, 'viewer-5-side-by-side');

          // From the viewer to the exhibit list: a drawn callout, and the two pages side by side.
          await page.getByRole('button', { name: 'Chọn vùng trình chiếu' }).click();
          // Drag inside the visible part of the (scrolled) page.
          const calloutSheet = (await primary.locator('.viewer-sheet').boundingBox())!;
          const calloutStage = (await primary.locator('.viewer-stage').boundingBox())!;
          const from = { x: calloutStage.x + 40, y: calloutStage.y + 30 };
          const to = { x: calloutStage.x + 240, y: calloutStage.y + 90 };
          await page.mouse.move(from.x, from.y);
          await page.mouse.down();
          await page.mouse.move(to.x, to.y, { steps: 5 });
          await page.mouse.up();
          const calloutForm = page.getByRole('form', { name: 'Vùng trình chiếu đã chọn' });
          await calloutForm.getByLabel('Tên mục').fill('Lời khai: đoạn nhận tội');
          await calloutForm.getByRole('button', { name: 'Thêm vào danh mục trình chiếu' }).click();
          await page
            .getByText('Đã thêm "Lời khai: đoạn nhận tội" vào danh mục trình chiếu.')
            .waitFor();
          await expect(calloutForm.count()).resolves.toBe(0);
          await page
            .getByRole('button', { name: 'Thêm hai trang cạnh nhau vào danh mục trình chiếu' })
            .click();
          await page.getByText('Đã thêm "BL 1 và BL 3" vào danh mục trình chiếu.').waitFor();
          const { exhibits } = await api.listExhibits(caseId);
          expect(exhibits.map((e) => [e.kind, e.label, e.page?.id, e.secondPage?.id])).toEqual([
            ['region', 'Lời khai: đoạn nhận tội', pageIds[0], undefined],
            ['pair', 'BL 1 và BL 3', pageIds[0], pageIds[2]],
          ]);
          const rect = exhibits[0]!.rect!;
          expect(rect.x).toBeCloseTo((from.x - calloutSheet.x) / calloutSheet.width, 2);
          expect(rect.w).toBeCloseTo((to.x - from.x) / calloutSheet.width, 2);
          expect(rect.h).toBeCloseTo((to.y - from.y) / calloutSheet.height, 2);
          // No annotation was made by the callout tool.
          expect((await api.listAnnotations(caseId)).annotations).toHaveLength(3);
          await screenshot(page, 'viewer-5b-exhibit-added');

          // Reload: the annotations come back from the server.
          await page.reload();
          await expect
            .poll(() => panel.locator('.annotation-item').count(), { timeout: 20_000 })
            .toBe(3);
          await expect
            .poll(() => primary.locator('.ann-region').count(), { timeout: 20_000 })
            .toBe(1);
          await expect
            .poll(() => primary.locator('.ann-words').count(), { timeout: 20_000 })
            .toBe(5);

          // Share the note with the case team.
          const note = panel.locator('.annotation-item', { hasText: 'Đối chiếu với lời khai' });
          await note.getByText('Riêng tư').waitFor();
          await note.getByRole('button', { name: 'Chia sẻ với nhóm vụ án' }).click();
          await note.getByText('Chia sẻ', { exact: true }).waitFor();
          await page.reload();
          await panel
            .locator('.annotation-item', { hasText: 'Đối chiếu với lời khai' })
            .getByText('Chia sẻ', { exact: true })
            .waitFor();
          const { annotations } = await api.listAnnotations(caseId);
          expect(annotations.map((a) => [a.kind, a.visibility]).sort()).toEqual([
            ['note', 'shared'],
            ['region', 'private'],
            ['words', 'private'],
          ]);
          // Going to an annotation's page from the list.
          await page.goto(`${server.url}/cases/${caseId}/view/${pageIds[1]}`);
          await panel
            .getByRole('button', { name: /Chữ đánh dấu · BL 1/ })
            .first()
            .click();
          await expect
            .poll(() => new URL(page.url()).pathname, { timeout: 20_000 })
            .toContain(pageIds[0]!);
          await screenshot(page, 'viewer-6-shared');
          expect(browserErrors).toEqual([]);
        } catch (error) {
          await screenshot(page, 'viewer-failure');
          throw error;
        } finally {
          await context.close();
        }
      },
    );
  },
);
