import { mkdir, mkdtemp, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { createApiClient } from '@sohoa/api-client';
import { createScriptedPageProcessor, startTestHttpServer } from '@sohoa/server/test-utils';
import axe from 'axe-core';
import type { Browser, Locator, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { GUIDE_DOCS } from '../src/lib/guide.ts';
import { CHROMIUM, builtSpa, hasChromium, launchChromium, watchBrowserErrors } from './support.ts';

/*
 * The user guide's walk (docs/guide): a new unit is set up, a clerk imports a volume, checks and
 * fixes the bút lục, splits a document and reads pages, then opens the help menu — with the
 * accessibility checks of the shell on the way (axe-core on each screen, keyboard order, skip
 * link, visible focus, the help menu by keyboard) at 1366×768.
 *
 * With SOHOA_GUIDE_SCREENSHOTS=1 the screenshots are written to docs/guide/img/ (the guide's
 * illustrations); otherwise to a temporary directory, so the walk and its assertions always run.
 * Screens that other parts of the app add (search, annotations, index, persons, timeline,
 * downloads) are photographed when present and skipped with a logged note when not.
 */
const guideImgDir = fileURLToPath(new URL('../../../docs/guide/img', import.meta.url));
const writeGuide = process.env.SOHOA_GUIDE_SCREENSHOTS === '1';

const UNIT = { code: 'VKS-LC', name: 'Viện kiểm sát nhân dân tỉnh Lai Châu' };
const ADMIN = { username: 'quantri', fullName: 'Nguyễn Thị Quản Trị', password: 'Matkhau2025lc' };
const CLERK = { username: 'chuyenvien', fullName: 'Lò Thị Chuyên', password: 'Chuyenvien2025lc' };
const CASE = { title: 'Vụ Lò Văn Sáng trộm cắp tài sản', internalNumber: '27/2025/HS' };

const HEADING = 'CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\nĐộc lập - Tự do - Hạnh phúc';
const AGENCY = 'CÔNG AN HUYỆN MƯỜNG TÈ\nCƠ QUAN CẢNH SÁT ĐIỀU TRA';
/** Two documents and a blank back; the second document's first page was read as 3, not 4. */
const PAGES = [
  {
    text: `${AGENCY}\n${HEADING}\nSố: 09/QĐ-CSĐT Mường Tè, ngày 11 tháng 5 năm 2023\nQUYẾT ĐỊNH\nKHỞI TỐ VỤ ÁN HÌNH SỰ`,
    butLuc: 1,
  },
  { text: 'Điều 2. Giao cho Cơ quan Cảnh sát điều tra thi hành.', butLuc: 2 },
  { text: 'Bảng kê tài sản thu giữ kèm theo.', butLuc: 3 },
  {
    text: `${AGENCY}\n${HEADING}\nMường Tè, ngày 12 tháng 5 năm 2023\nBIÊN BẢN GHI LỜI KHAI\nHồi 08 giờ 00 ngày 12 tháng 5 năm 2023, người làm chứng Lò Thị Mai khai về việc thẩm phán…`,
    butLuc: 3,
  },
  { text: 'Người khai ký tên dưới đây.', butLuc: 5 },
  { text: '', butLuc: null, blank: true },
];

type Processor = ReturnType<typeof createScriptedPageProcessor>;

/** The scripted processor, with an upright picture drawn from the page's text (A4 proportions). */
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
        .map((line, i) => `<text x="60" y="${140 + i * 40}" font-size="22">${escape(line)}</text>`)
        .join('');
      const stamp =
        page.butLuc === null
          ? ''
          : `<text x="700" y="70" font-size="36" fill="#1a3a8a">${page.butLuc}</text>`;
      const svg = `<svg xmlns="http://www.w3.org/2000/svg" width="800" height="1131"><rect width="800" height="1131" fill="#fff"/>${stamp}${lines}<rect x="60" y="700" width="680" height="8" fill="#ccc"/><rect x="60" y="740" width="600" height="8" fill="#ccc"/><rect x="60" y="780" width="640" height="8" fill="#ccc"/></svg>`;
      return {
        ...analysis,
        upright: { bytes: new TextEncoder().encode(svg), widthPx: 800, heightPx: 1131 },
      };
    },
  };
}

const log = (line: string) => process.stdout.write(`[guide] ${line}\n`);

/** axe-core's WCAG 2.1 A/AA rules on the current screen; returns "rule: target" lines. */
async function axeViolations(page: Page): Promise<string[]> {
  await page.evaluate(axe.source);
  const violations = await page.evaluate(async () => {
    const results = await (window as unknown as { axe: typeof axe }).axe.run(document, {
      runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'] },
    });
    return results.violations.map((v) => ({
      id: v.id,
      targets: v.nodes.map((n) => JSON.stringify(n.target)),
    }));
  });
  return violations.flatMap((v) => v.targets.map((target) => `${v.id}: ${target}`));
}

/** The first of `candidates` that is on the screen within a short wait, else null. */
async function firstPresent(candidates: Locator[], timeout = 1500): Promise<Locator | null> {
  for (const candidate of candidates) {
    try {
      await candidate.first().waitFor({ state: 'visible', timeout });
      return candidate.first();
    } catch {
      // not there: try the next one
    }
  }
  return null;
}

describe.skipIf(!hasChromium)(
  hasChromium
    ? 'user guide walk in Chromium'
    : `user guide walk — SKIPPED: ${CHROMIUM} not found (apt-get install chromium)`,
  () => {
    let tempDir: string;
    let shotDir: string;
    let server: { url: string; close(): Promise<void> };
    let browser: Browser;
    const taken: string[] = [];
    const skipped: string[] = [];

    beforeAll(async () => {
      tempDir = await mkdtemp(path.join(tmpdir(), 'sohoa-web-guide-e2e-'));
      shotDir = writeGuide ? guideImgDir : path.join(tempDir, 'img');
      await mkdir(shotDir, { recursive: true });
      const webDistDir = await builtSpa();
      server = await startTestHttpServer({
        webDistDir,
        withJobRunner: true,
        pageProcessor: withPictures(createScriptedPageProcessor()),
      });
      browser = await launchChromium({ args: ['--lang=vi-VN'] });
    }, 180_000);

    afterAll(async () => {
      log(`screenshots in ${shotDir}: ${taken.join(', ')}`);
      if (skipped.length > 0) {
        log(`skipped (not in this version of the app): ${skipped.join('; ')}`);
      }
      await browser?.close();
      await server?.close();
      if (tempDir) {
        await rm(tempDir, { recursive: true, force: true });
      }
    });

    it(
      'walks setup, login, import, bút lục check and fix, structure, viewer and help, accessibly',
      { timeout: 300_000 },
      async () => {
        const context = await browser.newContext({
          viewport: { width: 1366, height: 768 },
          locale: 'vi-VN',
        });
        const page = await context.newPage();
        const { errors: browserErrors } = watchBrowserErrors(page);
        const shot = async (name: string) => {
          await page.screenshot({ path: path.join(shotDir, `${name}.png`) });
          taken.push(name);
        };
        const a11y: Record<string, string[]> = {};
        const checkA11y = async (screen: string) => {
          a11y[screen] = await axeViolations(page);
        };
        const optional = async (name: string, why: string, run: () => Promise<boolean>) => {
          if (await run()) {
            await shot(name);
          } else {
            skipped.push(`${name} (${why})`);
            log(`skip ${name}: ${why}`);
          }
        };

        try {
          // 1. First run: the setup screen (IT staff).
          await page.goto(server.url);
          await page.getByRole('heading', { name: 'Khởi tạo hệ thống' }).waitFor();
          await page.getByLabel('Mã đơn vị').fill(UNIT.code);
          await page.getByLabel('Tên đơn vị').fill(UNIT.name);
          await page.getByLabel('Cấp đơn vị').selectOption('PROVINCIAL');
          await page.getByLabel('Tên đăng nhập').fill(ADMIN.username);
          await page.getByLabel('Họ và tên').fill(ADMIN.fullName);
          await page.getByLabel('Mật khẩu', { exact: true }).fill(ADMIN.password);
          await page.getByLabel('Nhập lại mật khẩu').fill(ADMIN.password);
          await checkA11y('setup');
          await shot('khoi-tao');
          await page.getByRole('button', { name: 'Khởi tạo hệ thống' }).click();
          await page.getByRole('heading', { name: 'Đăng nhập' }).waitFor();

          // The clerk and the case, as the IT staff would create them (CLI / API).
          const api = createApiClient({ baseUrl: server.url });
          const admin = await api.login({ username: ADMIN.username, password: ADMIN.password });
          api.setToken(admin.token);
          await api.createUser({ unitId: admin.unit.id, roles: ['CLERK'], ...CLERK });
          api.setToken(
            (await api.login({ username: CLERK.username, password: CLERK.password })).token,
          );
          const caseId = (
            await api.createCase({ kind: 'criminal', stage: 'INVESTIGATION', ...CASE })
          ).case.id;

          // 2. Login: keyboard first — the skip link is the first Tab stop, with a visible ring.
          await page.reload();
          await page.getByRole('heading', { name: 'Đăng nhập' }).waitFor();
          // The login form focuses the username field; from the top of the document (as after the
          // address bar), Tab goes first to the skip link.
          await page.evaluate(() => {
            document.body.tabIndex = -1;
            document.body.focus();
            document.body.removeAttribute('tabindex');
          });
          await page.keyboard.press('Tab');
          const focused = () =>
            page.evaluate(() => {
              const el = document.activeElement;
              return {
                text: el?.textContent?.trim() ?? '',
                focusVisible: el?.matches(':focus-visible') ?? false,
              };
            });
          expect(await focused()).toEqual({
            text: 'Chuyển đến nội dung chính',
            focusVisible: true,
          });
          const skipLinkBox = await page
            .getByRole('link', { name: 'Chuyển đến nội dung chính' })
            .boundingBox();
          expect(skipLinkBox?.y ?? -1).toBeGreaterThanOrEqual(0);
          await page.getByLabel('Tên đăng nhập').fill(CLERK.username);
          await page.getByLabel('Mật khẩu').fill(CLERK.password);
          await checkA11y('login');
          await shot('dang-nhap');
          await page.getByLabel('Mật khẩu').press('Enter');

          // 3. The case list.
          await page.getByRole('heading', { name: 'Hồ sơ vụ án' }).waitFor();
          await page.getByRole('link', { name: CASE.title }).waitFor();
          await checkA11y('cases');
          await shot('danh-sach-ho-so');

          // 4. The case, import tab; then a volume dropped on volume 1.
          await page.getByRole('link', { name: CASE.title }).click();
          await page.getByRole('heading', { name: CASE.title }).waitFor();
          await page.getByText('Chưa có trang nào.', { exact: false }).waitFor();
          await checkA11y('case-import');
          await shot('ho-so-nhap');
          const dataTransfer = await page.evaluateHandle((text) => {
            const transfer = new DataTransfer();
            transfer.items.add(new File([text], 'tap_01.pdf', { type: 'application/pdf' }));
            return transfer;
          }, JSON.stringify(PAGES));
          await page.dispatchEvent('[data-testid="drop-zone-1"]', 'drop', { dataTransfer });
          await page
            .getByRole('row', { name: /tap_01\.pdf/ })
            .getByText(`Đã nhận · ${PAGES.length} trang`)
            .waitFor({ timeout: 60_000 });
          await page.getByText('đã xử lý xong', { exact: false }).waitFor({ timeout: 60_000 });
          await shot('nhap-tien-do');

          // 5. Review: the integrity report with the duplicate, then the fix.
          await page.getByRole('link', { name: 'Rà soát' }).click();
          const thumbs = page.locator('.thumb');
          await expect.poll(() => thumbs.count(), { timeout: 30_000 }).toBe(PAGES.length);
          await expect
            .poll(
              () =>
                page
                  .locator('.thumb img')
                  .evaluateAll(
                    (imgs) => imgs.filter((i) => (i as HTMLImageElement).naturalWidth > 0).length,
                  ),
              { timeout: 30_000 },
            )
            .toBe(PAGES.length);
          const duplicate = page.locator('.anomaly-duplicate');
          await duplicate.getByText('Trùng bút lục 3').waitFor();
          await checkA11y('review-integrity');
          await shot('kiem-tra-but-luc');
          await duplicate.getByRole('button').last().click();
          await page.getByRole('heading', { name: 'Tập 1, trang' }).waitFor();
          await page.getByLabel('Số bút lục (để trống để xóa)').fill('4');
          await page.getByRole('button', { name: 'Lưu bút lục' }).click();
          await page.getByText('Đã lưu sửa đổi.').waitFor();
          await expect.poll(() => thumbs.nth(3).getAttribute('aria-label')).toContain('BL 4');
          await checkA11y('review-page');
          await shot('sua-but-luc');

          // 6. Structure: split the first document at its third page.
          await page.getByRole('tab', { name: 'Cấu trúc' }).click();
          await page.getByRole('heading', { name: 'Cấu trúc hồ sơ (2 văn bản)' }).waitFor();
          await page
            .getByRole('button', { name: /QUYẾT ĐỊNH KHỞI TỐ VỤ ÁN HÌNH SỰ/ })
            .first()
            .click();
          await thumbs.nth(2).click();
          await page.getByRole('button', { name: 'Tách tại trang đang chọn' }).click();
          await page.getByRole('heading', { name: 'Cấu trúc hồ sơ (3 văn bản)' }).waitFor();
          await checkA11y('review-structure');
          await shot('cau-truc');

          // 7. The viewer at bút lục 4.
          await page.getByRole('link', { name: 'Xem trang' }).click();
          await page.getByLabel('Đến bút lục').fill('4');
          await page.getByRole('button', { name: 'Đi', exact: true }).click();
          await page.getByText('Trang 4/6').waitFor();
          await expect
            .poll(() =>
              page
                .locator('.viewer-canvas img')
                .evaluate((i) => (i as HTMLImageElement).naturalWidth),
            )
            .toBeGreaterThan(0);
          await page.getByRole('button', { name: 'Vừa trang' }).click();
          await checkA11y('viewer');
          await shot('xem-trang');

          // 8. Screens other modules add: photographed when they exist.
          await optional('tim-kiem', 'no search box', async () => {
            const box = await firstPresent([
              page.getByRole('searchbox'),
              page.getByLabel(/Tìm kiếm|Tìm trong/),
            ]);
            if (!box) {
              return false;
            }
            await box.fill('tham phan');
            await box.press('Enter');
            await page.waitForTimeout(1500);
            return true;
          });
          // 8b. The case tabs a prosecutor reads (kiem-sat-vien.md, lanh-dao.md): required.
          const caseTabs = page.getByRole('navigation', { name: 'Các phần của hồ sơ' });
          for (const [name, tab, ready] of [
            ['muc-luc', 'Mục lục', page.locator('.index-view h2')],
            [
              'nguoi-tham-gia',
              'Người tham gia',
              page.getByRole('heading', { name: /^Người tham gia tố tụng/ }),
            ],
            [
              'dong-thoi-gian',
              'Diễn biến, thời hạn',
              page.getByRole('heading', { name: /^Diễn biến/ }).first(),
            ],
            ['tai-ve', 'Tải xuống', page.locator('#dl-pdf-title')],
          ] as const) {
            await page.goto(`${server.url}/cases/${caseId}`);
            await page.getByRole('heading', { name: CASE.title }).waitFor();
            await caseTabs.getByRole('link', { name: tab, exact: true }).click();
            await ready.waitFor();
            await page.waitForLoadState('networkidle');
            await checkA11y(name);
            await shot(name);
          }
          await optional('ghi-chu', 'no annotations list', async () => {
            await page.goto(`${server.url}/cases/${caseId}/view`);
            const notes = await firstPresent(
              [page.getByRole('heading', { name: /Ghi chú/ })],
              5000,
            );
            return notes !== null;
          });

          // 9. Help: the menu by keyboard, then the clerk's guide page.
          await page.goto(`${server.url}/cases/${caseId}`);
          await page.getByRole('heading', { name: CASE.title }).waitFor();
          const helpButton = page.getByRole('button', { name: 'Trợ giúp' });
          await helpButton.focus();
          await page.keyboard.press('Enter');
          const menu = page.getByRole('menu');
          await menu.waitFor();
          const items = menu.getByRole('menuitem');
          // One item per guide page (the contents and each role's page).
          expect(await items.count()).toBe(GUIDE_DOCS.length);
          // The clerk's own page comes first, marked for them, and has the focus.
          expect(await items.first().textContent()).toContain('Chuyên viên');
          expect(await items.first().textContent()).toContain('dành cho bạn');
          await expect
            .poll(() => items.first().evaluate((el) => el === document.activeElement))
            .toBe(true);
          await page.keyboard.press('ArrowUp');
          await expect
            .poll(() => items.last().evaluate((el) => el === document.activeElement))
            .toBe(true);
          await page.keyboard.press('Escape');
          await menu.waitFor({ state: 'detached' });
          expect(await helpButton.evaluate((el) => el === document.activeElement)).toBe(true);
          await page.keyboard.press('ArrowDown');
          await menu.waitFor();
          await checkA11y('help-menu');
          await shot('tro-giup');
          await page.keyboard.press('Enter');
          await page
            .getByRole('heading', { name: 'Hướng dẫn cho chuyên viên', level: 1 })
            .waitFor();
          expect(new URL(page.url()).pathname).toBe('/help/chuyen-vien');
          // Links between guide pages stay in the app; images come from the SPA's own assets.
          await page.getByRole('link', { name: 'Những điều ai cũng cần biết' }).first().click();
          await page.getByRole('heading', { name: 'Hướng dẫn sử dụng sohoa', level: 1 }).waitFor();
          expect(new URL(page.url()).pathname).toBe('/help');
          const images = page.locator('.guide-article img');
          const missing = page.locator('.guide-missing-image');
          expect((await images.count()) + (await missing.count())).toBeGreaterThan(0);
          for (const img of await images.all()) {
            await img.scrollIntoViewIfNeeded();
            await expect
              .poll(() => img.evaluate((i) => (i as HTMLImageElement).naturalWidth))
              .toBeGreaterThan(0);
          }
          await page.getByRole('link', { name: 'Hướng dẫn cho cán bộ CNTT' }).first().click();
          await page
            .getByRole('heading', { name: 'Hướng dẫn cho cán bộ CNTT', level: 1 })
            .waitFor();
          await checkA11y('guide');
          await page.evaluate(() => window.scrollTo(0, 0));
          await shot('huong-dan');

          log(
            `axe (WCAG 2.1 A/AA): ${Object.entries(a11y)
              .map(([screen, v]) => `${screen} ${String(v.length)}`)
              .join(', ')}`,
          );
          expect(a11y).toEqual(Object.fromEntries(Object.keys(a11y).map((k) => [k, []])));
          expect(browserErrors).toEqual([]);
          expect((await readdir(shotDir)).length).toBeGreaterThanOrEqual(taken.length);
        } catch (error) {
          const failure = path.join(tmpdir(), 'sohoa-guide-failure.png');
          await page.screenshot({ path: failure });
          log(`failure screenshot: ${failure}`);
          throw error;
        } finally {
          await context.close();
        }
      },
    );
  },
);
