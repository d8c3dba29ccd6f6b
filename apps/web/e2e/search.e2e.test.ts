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
 * Search in Chromium against the real server and job runner. The scripted page processor's pages
 * are drawn as SVG in a monospace font, and their OCR words get the boxes where the SVG draws
 * them, so hit highlights can be checked on the picture. Skipped without Debian's Chromium.
 */
const PASSWORD = 'Matkhau2025user';

const PAGES = [
  { text: 'QUYẾT ĐỊNH\nGiao cho Thẩm phán Nguyễn Văn Đông\nchủ tọa phiên tòa.', butLuc: 1 },
  { text: 'BIÊN BẢN GHI LỜI KHAI\nNgười khai: Lò Văn Sáng\nĐã đọc lại và ký tên.', butLuc: 2 },
  { text: 'Ban sao khong dau:\ntham phan da ky.', butLuc: 3 },
];

const WIDTH = 800;
const HEIGHT = 1131;
const FONT = 24;
const CHAR = FONT * 0.6; // monospace advance
const X0 = 60;
const lineY = (i: number) => 140 + i * 40;

type Processor = ReturnType<typeof createScriptedPageProcessor>;

/** Pages drawn as SVG, with OCR words boxed where the SVG puts them. */
function withPicturesAndWords(inner: Processor): Processor {
  const escape = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;');
  return {
    ...inner,
    async analyzePage(args) {
      const analysis = await inner.analyzePage(args);
      const page = JSON.parse(new TextDecoder().decode(args.image)) as { text: string };
      const lines = page.text.split('\n');
      const words = lines.flatMap((line, i) =>
        [...line.matchAll(/\S+/g)].map((m) => ({
          text: m[0],
          confidence: 90,
          box: [
            (X0 + m.index * CHAR) / WIDTH,
            (lineY(i) - FONT * 0.85) / HEIGHT,
            (X0 + (m.index + m[0].length) * CHAR) / WIDTH,
            (lineY(i) + FONT * 0.25) / HEIGHT,
          ] as [number, number, number, number],
        })),
      );
      const svgLines = lines
        .map(
          (line, i) =>
            `<text x="${X0}" y="${lineY(i)}" font-size="${FONT}" font-family="DejaVu Sans Mono, monospace" textLength="${line.length * CHAR}">${escape(line)}</text>`,
        )
        .join('');
      const svg = `<svg xmlns="http://www.w3.org/2000/svg" width="${WIDTH}" height="${HEIGHT}"><rect width="${WIDTH}" height="${HEIGHT}" fill="#fff"/>${svgLines}</svg>`;
      return {
        ...analysis,
        upright: { bytes: new TextEncoder().encode(svg), widthPx: WIDTH, heightPx: HEIGHT },
        ocr: analysis.ocr ? { ...analysis.ocr, words } : null,
      };
    },
  };
}

describe.skipIf(!hasChromium)(
  hasChromium
    ? 'search in Chromium'
    : `search — SKIPPED: ${CHROMIUM} not found (apt-get install chromium)`,
  () => {
    let tempDir: string;
    let server: { url: string; close(): Promise<void> };
    let browser: Browser;
    let caseId: string;

    beforeAll(async () => {
      tempDir = await mkdtemp(path.join(tmpdir(), 'sohoa-web-search-e2e-'));
      const webDistDir = await builtSpa();
      server = await startTestHttpServer({
        webDistDir,
        withJobRunner: true,
        pageProcessor: withPicturesAndWords(createScriptedPageProcessor({ structure: 'none' })),
      });
      const { loginClerk } = await setupUnitWithClerk({ baseUrl: server.url, password: PASSWORD });
      const api = await loginClerk();
      caseId = (
        await api.createCase({
          title: 'Vụ Lò Văn Sáng trộm cắp tài sản',
          kind: 'criminal',
          internalNumber: '27/2025/HS',
        })
      ).case.id;
      await api.uploadFile(caseId, 1, 'tap_01.pdf', JSON.stringify(PAGES));
      for (let i = 0; !(await api.progress(caseId)).progress.finished; i += 1) {
        if (i > 600) {
          throw new Error('the pipeline did not finish the scripted volume in 60 s');
        }
        await new Promise((r) => setTimeout(r, 100));
      }
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
      'searches with and without diacritics, opens a hit in the viewer and highlights the words',
      { timeout: 120_000 },
      async () => {
        const context = await browser.newContext({ viewport: { width: 1366, height: 900 } });
        const page = await context.newPage();
        const { errors: browserErrors } = watchBrowserErrors(page);
        try {
          await page.goto(server.url);
          await page.getByLabel('Tên đăng nhập').fill('clerk');
          await page.getByLabel('Mật khẩu').fill(PASSWORD);
          await page.getByRole('button', { name: 'Đăng nhập' }).click();

          // Without diacritics: the marked and the unmarked spellings are both found.
          await page.getByRole('link', { name: 'Tìm kiếm' }).click();
          await page.getByRole('heading', { name: 'Tìm kiếm trong hồ sơ' }).waitFor();
          await page.getByLabel('Từ khóa').fill('tham phan');
          await page.getByRole('button', { name: 'Tìm', exact: true }).click();
          await page.getByText('2 trang khớp').waitFor();
          expect(new URL(page.url()).search).toBe('?q=tham+phan');
          const results = page.locator('.search-result');
          await expect.poll(() => results.count()).toBe(2);
          await expect
            .poll(() => page.locator('.search-result mark').allInnerTexts())
            .toEqual(['Thẩm phán', 'tham phan']);
          await expect.poll(() => results.first().innerText()).toContain('Bút lục 1');
          await screenshot(page, 'search-1-folded');

          // With diacritics, exact: only the marked spelling.
          await page.getByLabel('Từ khóa').fill('thẩm phán');
          await page.getByLabel('Tìm đúng dấu').check();
          await page.getByRole('button', { name: 'Tìm', exact: true }).click();
          await page.getByText('1 trang khớp').waitFor();
          await expect.poll(() => results.count()).toBe(1);
          await page.getByLabel('Tìm đúng dấu').uncheck();

          // A quoted phrase is exact too; a name finds its page.
          await page.getByLabel('Từ khóa').fill('"tham phan"');
          await page.getByRole('button', { name: 'Tìm', exact: true }).click();
          await expect.poll(() => results.first().innerText()).toContain('Bút lục 3');
          await page.getByLabel('Từ khóa').fill('lo van sang');
          await page.getByRole('button', { name: 'Tìm', exact: true }).click();
          await expect.poll(() => results.first().innerText()).toContain('Bút lục 2');

          // Open the first hit of "tham phan": the viewer shows its page with the words boxed.
          await page.getByLabel('Từ khóa').fill('tham phan');
          await page.getByRole('button', { name: 'Tìm', exact: true }).click();
          await page.getByText('2 trang khớp').waitFor();
          await results.first().getByRole('link').click();
          await page.getByRole('heading', { name: 'Vụ Lò Văn Sáng trộm cắp tài sản' }).waitFor();
          expect(new URL(page.url()).pathname).toMatch(new RegExp(`^/cases/${caseId}/view/pg_`));
          await expect
            .poll(() => page.getByRole('searchbox', { name: 'Tìm trong hồ sơ này' }).inputValue())
            .toBe('tham phan');
          const boxes = page.locator('.search-hit-box');
          await expect.poll(() => boxes.count(), { timeout: 15_000 }).toBe(2);
          await page.locator('.viewer-sheet img').waitFor();
          await expect
            .poll(() =>
              page
                .locator('.viewer-sheet img')
                .evaluate((img) => (img as HTMLImageElement).naturalWidth),
            )
            .toBeGreaterThan(0);
          // The boxes lie on the second line of the page, left to right ("Thẩm", "phán").
          const sheet = (await page.locator('.viewer-sheet').boundingBox())!;
          const first = (await boxes.nth(0).boundingBox())!;
          const second = (await boxes.nth(1).boundingBox())!;
          const relTop = (first.y - sheet.y) / sheet.height;
          expect(relTop).toBeGreaterThan((lineY(1) - FONT) / HEIGHT - 0.01);
          expect(relTop).toBeLessThan(lineY(1) / HEIGHT);
          expect(second.x).toBeGreaterThan(first.x + first.width - 1);
          // The in-case hit list groups the hits and marks the page shown.
          const hitButtons = page.locator('.case-search-hit');
          await expect.poll(() => hitButtons.count()).toBe(2);
          await expect.poll(() => hitButtons.first().getAttribute('aria-current')).toBe('true');
          await page.locator('.viewer-stage').scrollIntoViewIfNeeded();
          await screenshot(page, 'search-2-viewer-highlight');

          // Choosing the other hit shows its page and its boxes.
          await hitButtons.nth(1).click();
          await expect.poll(() => hitButtons.nth(1).getAttribute('aria-current')).toBe('true');
          await expect.poll(() => boxes.count()).toBe(2);
          expect(browserErrors).toEqual([]);
        } finally {
          await context.close();
        }
      },
    );
  },
);
