import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { createApiClient } from '@sohoa/api-client';
import { setupUnitWithClerk } from '@sohoa/api-client/test-utils';
import { createScriptedPageProcessor, startTestHttpServer } from '@sohoa/server/test-utils';
import { chromium } from 'playwright-core';
import type { Browser, Page } from 'playwright-core';
import { build } from 'vite';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

/*
 * Case mind maps against the real server and job runner (scripted page processor: a "PDF" is a
 * JSON list of pages). Auto-draft, keyboard editing with undo/redo and autosave, following a node
 * link to the viewer, exporting XMind and importing it back. Skipped without Debian's Chromium.
 */
const CHROMIUM = '/usr/bin/chromium';
const hasChromium = existsSync(CHROMIUM);
const webDir = fileURLToPath(new URL('..', import.meta.url));
/** Set SOHOA_E2E_SCREENSHOTS=<dir> to keep screenshots for a visual check (never committed). */
const screenshotDir = process.env.SOHOA_E2E_SCREENSHOTS;
const PASSWORD = 'Matkhau2025user';

const HEADING = 'CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\nĐộc lập - Tự do - Hạnh phúc';
const AGENCY = 'CÔNG AN HUYỆN MƯỜNG TÈ\nCƠ QUAN CẢNH SÁT ĐIỀU TRA';
const PAGES = [
  {
    text: `${AGENCY}\n${HEADING}\nSố: 09/QĐ-CSĐT Mường Tè, ngày 11 tháng 5 năm 2023\nQUYẾT ĐỊNH\nKHỞI TỐ VỤ ÁN HÌNH SỰ`,
    butLuc: 1,
  },
  { text: 'Điều 2. Giao cho Cơ quan Cảnh sát điều tra thi hành.', butLuc: 2 },
  {
    text: `${AGENCY}\n${HEADING}\nMường Tè, ngày 12 tháng 5 năm 2023\nBIÊN BẢN GHI LỜI KHAI\nHồi 08 giờ 00 ngày 12 tháng 5 năm 2023`,
    butLuc: 3,
  },
  { text: 'Người khai ký tên dưới đây.', butLuc: 4 },
];

async function buildSpa(outDir: string): Promise<void> {
  const previous = process.env.NODE_ENV;
  process.env.NODE_ENV = 'production';
  try {
    await build({
      configFile: path.join(webDir, 'vite.config.ts'),
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

async function screenshot(page: Page, name: string): Promise<void> {
  if (screenshotDir) {
    await mkdir(screenshotDir, { recursive: true });
    await page.screenshot({ path: path.join(screenshotDir, `${name}.png`), fullPage: false });
  }
}

describe.skipIf(!hasChromium)(
  hasChromium
    ? 'case mind maps in Chromium'
    : `case mind maps — SKIPPED: ${CHROMIUM} not found (apt-get install chromium)`,
  () => {
    let tempDir: string;
    let server: { url: string; close(): Promise<void> };
    let browser: Browser;
    let api: ReturnType<typeof createApiClient>;
    let caseId: string;
    let pageIds: string[];

    beforeAll(async () => {
      tempDir = await mkdtemp(path.join(tmpdir(), 'sohoa-web-maps-e2e-'));
      const webDistDir = path.join(tempDir, 'dist');
      await buildSpa(webDistDir);
      server = await startTestHttpServer({
        webDistDir,
        withJobRunner: true,
        pageProcessor: createScriptedPageProcessor(),
      });
      const { loginClerk } = await setupUnitWithClerk({ baseUrl: server.url, password: PASSWORD });
      api = await loginClerk();
      caseId = (
        await api.createCase({
          title: 'Vụ Lò Văn Sáng trộm cắp',
          kind: 'criminal',
          charges: [{ name: 'Trộm cắp tài sản', article: 173, clause: '1', law: 'BLHS 2015' }],
          parties: [{ fullName: 'Lò Văn Sáng', roleCode: 'BI_CAN' }],
        })
      ).case.id;
      await api.uploadFile(caseId, 1, 'tap_01.pdf', JSON.stringify(PAGES));
      for (let i = 0; i < 600; i++) {
        const { progress } = await api.progress(caseId);
        if (progress.finished && progress.donePages === PAGES.length) {
          break;
        }
        await new Promise((r) => setTimeout(r, 100));
      }
      pageIds = (await api.listPages(caseId)).pages.map((p) => p.id);
      expect(pageIds).toHaveLength(PAGES.length);
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
    }, 240_000);

    afterAll(async () => {
      await browser?.close();
      await server?.close();
      if (tempDir) {
        await rm(tempDir, { recursive: true, force: true });
      }
    });

    it(
      'drafts a map, edits it by keyboard with undo/redo, follows a link to the viewer, exports XMind and imports it back',
      { timeout: 240_000 },
      async () => {
        const context = await browser.newContext({
          viewport: { width: 1366, height: 900 },
          acceptDownloads: true,
        });
        const page = await context.newPage();
        const browserErrors: string[] = [];
        page.on('pageerror', (error) => browserErrors.push(error.message));
        page.on('console', (message) => {
          if (message.type() === 'error' && !message.text().startsWith('Failed to load resource')) {
            browserErrors.push(message.text());
          }
        });
        try {
          await page.goto(server.url);
          await page.getByLabel('Tên đăng nhập').fill('clerk');
          await page.getByLabel('Mật khẩu').fill(PASSWORD);
          await page.getByRole('button', { name: 'Đăng nhập' }).click();
          await page.getByRole('link', { name: 'Vụ Lò Văn Sáng trộm cắp' }).waitFor();
          await page.goto(`${server.url}/cases/${caseId}/maps`);
          await page.getByText('Chưa có sơ đồ nào').waitFor();

          // ---- auto-draft: the guidance's branches, the accused from the case's parties
          await page.getByRole('button', { name: 'Tạo bản nháp tự động' }).click();
          const canvas = page.getByRole('application');
          await canvas.getByRole('treeitem', { name: 'Tiến trình tố tụng' }).waitFor();
          await canvas.getByRole('treeitem', { name: 'Bị can: Lò Văn Sáng' }).waitFor();
          await canvas.getByRole('treeitem', { name: /Tóm tắt vụ án/ }).waitFor();
          await screenshot(page, 'maps-1-draft');

          // ---- keyboard: select a node, Tab adds a child and edits it, Enter commits
          await canvas.getByRole('treeitem', { name: 'Vấn đề cần làm rõ' }).click();
          await page.keyboard.press('Tab');
          const input = page.getByLabel(/Nội dung nút/);
          await input.waitFor();
          await page.keyboard.type('Xác minh chứng cứ ngoại phạm');
          await page.keyboard.press('Enter');
          const added = canvas.getByRole('treeitem', { name: 'Xác minh chứng cứ ngoại phạm' });
          await added.waitFor();
          expect(await added.getAttribute('aria-selected')).toBe('true');
          // Typing on a selected node starts editing with that character (F2 keeps the text).
          await page.keyboard.press('F2');
          await page.keyboard.type(' (BL 3)');
          await page.keyboard.press('Enter');
          await canvas
            .getByRole('treeitem', { name: 'Xác minh chứng cứ ngoại phạm (BL 3)' })
            .waitFor();
          // Enter adds a sibling; Escape leaves it empty; Delete removes it again.
          const named = (name: string) => canvas.getByRole('treeitem', { name, exact: true });
          const items = canvas.getByRole('treeitem');
          const before = await items.count();
          await page.keyboard.press('Enter');
          await page.keyboard.press('Escape');
          expect(await items.count()).toBe(before + 1);
          await page.keyboard.press('Delete');
          expect(await items.count()).toBe(before);
          expect(
            await named('Xác minh chứng cứ ngoại phạm (BL 3)').getAttribute('aria-selected'),
          ).toBe('true');
          // Undo: the deletion, the new sibling, then the text edit; redo brings the edit back.
          await page.keyboard.press('Control+z');
          await page.keyboard.press('Control+z');
          await page.keyboard.press('Control+z');
          await named('Xác minh chứng cứ ngoại phạm').waitFor();
          await page.keyboard.press('Control+y');
          await named('Xác minh chứng cứ ngoại phạm (BL 3)').waitFor();
          expect(await items.count()).toBe(before);
          await page.getByRole('status').filter({ hasText: 'Đã lưu' }).waitFor();
          const { maps } = await api.listMaps(caseId);
          expect(maps).toHaveLength(1);
          const savedMap = (await api.getMap(caseId, maps[0]!.id)).map;
          expect(savedMap.document.nodes.map((n) => n.text)).toContain(
            'Xác minh chứng cứ ngoại phạm (BL 3)',
          );
          expect(savedMap.document.nodes.map((n) => n.text)).not.toContain('');
          expect(savedMap.version).toBeGreaterThan(1);
          await screenshot(page, 'maps-2-edited');

          // ---- a leaf linked to its pages opens the viewer at that page
          const leaf = canvas.locator('.map-node.linked', { hasText: 'BL 1' }).first();
          await leaf.waitFor();
          await leaf.getByRole('button', { name: 'Mở tài liệu được liên kết' }).click();
          await page.waitForURL(new RegExp(`/cases/${caseId}/view/${pageIds[0]}$`));
          await page.goto(`${server.url}/cases/${caseId}/maps`);

          // ---- export XMind, import it back: a second map with the same tree
          await canvas.getByRole('treeitem', { name: 'Tiến trình tố tụng' }).waitFor();
          const downloading = page.waitForEvent('download');
          await page.getByRole('button', { name: 'XMIND', exact: true }).click();
          const download = await downloading;
          expect(download.suggestedFilename()).toMatch(/\.xmind$/);
          const file = path.join(tempDir, download.suggestedFilename());
          await download.saveAs(file);
          expect((await readFile(file)).subarray(0, 2).toString('latin1')).toBe('PK');
          await page.getByLabel(/Nhập tệp/).setInputFiles(file);
          await page.getByRole('listitem').filter({ hasText: 'Sơ đồ vụ án' }).nth(1).waitFor();
          const after = (await api.listMaps(caseId)).maps;
          expect(after).toHaveLength(2);
          const [a, b] = await Promise.all(after.map((m) => api.getMap(caseId, m.id)));
          expect(a!.map.document.nodes).toEqual(b!.map.document.nodes);
          await screenshot(page, 'maps-3-imported');
          expect(browserErrors).toEqual([]);
        } finally {
          await context.close();
        }
      },
    );
  },
);
