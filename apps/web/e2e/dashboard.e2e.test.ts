import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { createApiClient } from '@sohoa/api-client';
import { SEED_PASSWORD, seedProvince, startTestHttpServer } from '@sohoa/server/test-utils';
import { chromium } from 'playwright-core';
import type { Browser, Page } from 'playwright-core';
import { build } from 'vite';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

/*
 * The steering dashboard in Chromium against the real server, over the seeded province of
 * dashboard.test-utils.ts (this year's dates). Skipped without /usr/bin/chromium.
 */
const CHROMIUM = '/usr/bin/chromium';
const hasChromium = existsSync(CHROMIUM);
const webDir = fileURLToPath(new URL('..', import.meta.url));
/** Set SOHOA_E2E_SCREENSHOTS=<dir> to keep screenshots for a visual check (never committed). */
const screenshotDir = process.env.SOHOA_E2E_SCREENSHOTS;
const YEAR = new Date().getUTCFullYear();

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
    await page.screenshot({ path: path.join(screenshotDir, `${name}.png`), fullPage: true });
  }
}

describe.skipIf(!hasChromium)(
  hasChromium ? 'steering dashboard in Chromium' : `dashboard — SKIPPED: ${CHROMIUM} not found`,
  () => {
    let tempDir: string;
    let server: { url: string; close(): Promise<void> };
    let browser: Browser;
    let provinceId = '';
    let caseA = '';

    beforeAll(async () => {
      tempDir = await mkdtemp(path.join(tmpdir(), 'sohoa-dashboard-e2e-'));
      const webDistDir = path.join(tempDir, 'dist');
      await buildSpa(webDistDir);
      server = await startTestHttpServer({
        webDistDir,
        seed: async (deps) => {
          const seeded = await seedProvince({ deps, year: YEAR });
          provinceId = seeded.units.P;
          caseA = seeded.cases.A!;
        },
      });
      // The committee's target, set through the API as the committee member would.
      const api = createApiClient({ baseUrl: server.url });
      api.setToken((await api.login({ username: 'bcd', password: SEED_PASSWORD })).token);
      await api.createDashboardTarget({
        unitId: provinceId,
        from: `${YEAR}-01-01`,
        to: `${YEAR}-12-31`,
        metric: 'hearings_with_digitized_file',
        value: 1,
        appliesToSubtree: true,
      });
      browser = await chromium.launch({
        executablePath: CHROMIUM,
        headless: true,
        args: ['--no-sandbox', '--disable-gpu', '--no-first-run', '--disable-sync'],
      });
    }, 180_000);

    afterAll(async () => {
      await browser?.close();
      await server?.close();
      if (tempDir) {
        await rm(tempDir, { recursive: true, force: true });
      }
    });

    it(
      'a steering committee member opens the dashboard, reads the figures and the target status, sets a target',
      { timeout: 90_000 },
      async () => {
        const context = await browser.newContext({ viewport: { width: 1366, height: 900 } });
        const page = await context.newPage();
        const browserErrors: string[] = [];
        page.on('pageerror', (error) => browserErrors.push(error.message));
        page.on('console', (message) => {
          if (message.type() === 'error' && !message.text().startsWith('Failed to load resource')) {
            browserErrors.push(message.text());
          }
        });
        await page.goto(server.url);
        await page.getByLabel('Tên đăng nhập').fill('bcd');
        await page.getByLabel('Mật khẩu').fill(SEED_PASSWORD);
        await page.getByLabel('Mật khẩu').press('Enter');
        await page.getByRole('link', { name: 'Bảng điều khiển' }).click();
        await page.getByRole('heading', { name: 'Bảng điều khiển số hóa' }).waitFor();

        // The table per unit: the totals row of the seeded province (this year).
        const table = page.locator('table.dashboard-table');
        await table.waitFor();
        const unitRows = table.locator('tbody tr');
        expect(await unitRows.count()).toBe(4);
        const kv1 = table.locator('tbody tr', { hasText: 'VKSND khu vực 1' });
        expect(await kv1.locator('td').allInnerTexts()).toEqual([
          '2',
          '1',
          '5',
          '4',
          '1/1 (100%)',
          '1/2',
          '3',
          '1',
        ]);
        const totals = await table.locator('tfoot td').allInnerTexts();
        expect(totals.slice(0, 4)).toEqual(['6', '3', '8', '6']);

        // Target badges: the per-unit hearing target is met by KV1 and KV3, missed by none yet.
        const targets = page.getByRole('region', { name: 'Chỉ tiêu của Ban chỉ đạo' });
        await targets.getByText('Đạt', { exact: true }).first().waitFor();
        expect(await targets.getByText('Đạt', { exact: true }).count()).toBe(2);
        // Charts are images with a name; the report links point at the same scope.
        await page.getByRole('img', { name: 'Hồ sơ đã số hóa theo đơn vị' }).waitFor();
        const xlsx = await page
          .getByRole('link', { name: 'Báo cáo Excel (.xlsx)' })
          .getAttribute('href');
        expect(xlsx).toContain(`/api/dashboard/report.xlsx?unitId=${provinceId}`);
        await screenshot(page, 'dashboard-1');

        // A new target from the editor shows up with its badge.
        await page.getByLabel('Chỉ tiêu', { exact: true }).selectOption('indicted_share_digitized');
        await page.getByLabel('Mức', { exact: true }).fill('60');
        await page.getByLabel('Áp dụng cho từng đơn vị trực thuộc').uncheck();
        await page.getByRole('button', { name: 'Lưu chỉ tiêu' }).click();
        await page.getByText('Đã lưu chỉ tiêu.').waitFor();
        await targets
          .getByRole('cell', { name: 'Tỷ lệ vụ án truy tố đã số hóa (%)', exact: true })
          .waitFor();
        expect(await targets.getByText('Đạt', { exact: true }).count()).toBe(3);
        await screenshot(page, 'dashboard-2');

        expect(browserErrors).toEqual([]);
        await context.close();
      },
    );

    it(
      'a district leader sees only his unit; a prosecutor has no dashboard link',
      { timeout: 60_000 },
      async () => {
        const context = await browser.newContext({ viewport: { width: 1366, height: 900 } });
        const page = await context.newPage();
        await page.goto(`${server.url}/dashboard`);
        await page.getByLabel('Tên đăng nhập').fill('vt-kv1');
        await page.getByLabel('Mật khẩu').fill(SEED_PASSWORD);
        await page.getByLabel('Mật khẩu').press('Enter');
        await page.getByRole('heading', { name: 'Bảng điều khiển số hóa' }).waitFor();
        await page.locator('table.dashboard-table').waitFor();
        expect(await page.locator('table.dashboard-table tbody tr').count()).toBe(1);
        expect(await page.getByLabel('Đơn vị', { exact: true }).locator('option').count()).toBe(1);
        expect(await page.getByRole('button', { name: 'Lưu chỉ tiêu' }).count()).toBe(0);

        // He records a hearing on one of his unit's cases, approved on 10 March of this year.
        await page.goto(`${server.url}/cases/${caseA}/details`);
        const hearings = page.getByRole('region', { name: 'Phiên tòa đã sử dụng hồ sơ số' });
        await hearings.getByRole('table').waitFor();
        expect(await hearings.locator('tbody tr').count()).toBe(2);
        await hearings.getByLabel('Ngày xét xử').fill(`${YEAR}-05-20`);
        await hearings.getByLabel('Tòa án').fill('TAND khu vực 1 tỉnh Hà Tĩnh');
        await hearings.getByLabel('Tài liệu đã trình chiếu').fill('BL 2 – Biên bản ghi lời khai');
        await hearings.getByRole('button', { name: 'Lưu', exact: true }).click();
        await hearings.getByText('Đã ghi nhận phiên tòa.').waitFor();
        const first = hearings.locator('tbody tr').first();
        await first.getByText('TAND khu vực 1 tỉnh Hà Tĩnh').waitFor();
        await first.getByText('Hồ sơ số đã duyệt').waitFor();
        await screenshot(page, 'hearings');
        await context.close();

        const other = await browser.newContext();
        const p2 = await other.newPage();
        await p2.goto(server.url);
        await p2.getByLabel('Tên đăng nhập').fill('ksv-kv1');
        await p2.getByLabel('Mật khẩu').fill(SEED_PASSWORD);
        await p2.getByLabel('Mật khẩu').press('Enter');
        await p2.getByRole('link', { name: 'Hồ sơ vụ án' }).waitFor();
        expect(await p2.getByRole('link', { name: 'Bảng điều khiển' }).count()).toBe(0);
        await other.close();
      },
    );
  },
);
