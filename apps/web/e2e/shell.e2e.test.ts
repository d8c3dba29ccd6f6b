import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { createApiClient } from '@sohoa/api-client';
import { startTestHttpServer } from '@sohoa/server/test-utils';
import type { Browser, Page } from 'playwright-core';
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
 * The web shell against the real server (in-memory PGlite) in Debian's Chromium. CI installs it
 * with `apt-get install chromium`; without it the suite is skipped rather than failed, so the rest
 * of the int project still runs on machines without a browser.
 */

const UNIT = { code: 'VKS-HN', name: 'Viện kiểm sát nhân dân thành phố Hà Nội' };
const ADMIN = { username: 'quantri', fullName: 'Nguyễn Thị Quản Trị', password: 'matkhau2025hn' };
const CLERK = { username: 'canbo', fullName: 'Lê Văn Cán Bộ', password: 'canbo2025hanoi' };
const CASE = { title: 'Vụ Trần Văn Bình trộm cắp tài sản', internalNumber: '15/2025/HS' };

/**
 * An ADMIN sees no case contents (access policy), so a clerk with one case is prepared through the
 * API, the way the CLI would, to check that the list renders rows with their labels.
 */
async function createClerkWithOneCase(baseUrl: string): Promise<void> {
  const api = createApiClient({ baseUrl });
  const admin = await api.login({ username: ADMIN.username, password: ADMIN.password });
  api.setToken(admin.token);
  await api.createUser({ unitId: admin.unit.id, roles: ['CLERK'], ...CLERK });
  const clerk = await api.login({ username: CLERK.username, password: CLERK.password });
  api.setToken(clerk.token);
  await api.createCase({ kind: 'criminal', stage: 'INVESTIGATION', ...CASE });
}

const heading = (page: Page, name: string) => page.getByRole('heading', { name, exact: true });

describe.skipIf(!hasChromium)(
  hasChromium
    ? 'web shell in Chromium'
    : `web shell — SKIPPED: ${CHROMIUM} not found (apt-get install chromium)`,
  () => {
    let tempDir: string;
    let server: { url: string; close(): Promise<void> };
    let browser: Browser;

    beforeAll(async () => {
      tempDir = await mkdtemp(path.join(tmpdir(), 'sohoa-web-e2e-'));
      const webDistDir = await builtSpa();
      server = await startTestHttpServer({ webDistDir });
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
      'sets up, signs in, switches language, signs out, then lists a clerk’s case',
      { timeout: 90_000 },
      async () => {
        const context = await browser.newContext({ viewport: { width: 1366, height: 768 } });
        const page = await context.newPage();
        const htmlLang = () => page.locator('html').getAttribute('lang');
        // Script errors and CSP violations (the server sends a strict CSP) must fail the test.
        // Chromium logs every non-2xx response too; the 401 of /api/auth/me is expected.
        const { errors: browserErrors } = watchBrowserErrors(page);
        try {
          await page.goto(server.url);

          // First run: the setup screen, in Vietnamese.
          await heading(page, 'Khởi tạo hệ thống').waitFor();
          expect(await htmlLang()).toBe('vi');
          await page.getByLabel('Mã đơn vị').fill(UNIT.code);
          await page.getByLabel('Tên đơn vị').fill(UNIT.name);
          await page.getByLabel('Cấp đơn vị').selectOption('PROVINCIAL');
          await page.getByLabel('Tên đăng nhập').fill(ADMIN.username);
          await page.getByLabel('Họ và tên').fill(ADMIN.fullName);
          await page.getByLabel('Mật khẩu', { exact: true }).fill(ADMIN.password);
          await page.getByLabel('Nhập lại mật khẩu').fill(`${ADMIN.password}x`);
          await screenshot(page, '1-setup');
          await page.getByRole('button', { name: 'Khởi tạo hệ thống' }).click();
          // The client catches the mismatch before anything reaches the server.
          await page.getByText('Mật khẩu nhập lại không khớp.').waitFor();
          await page.getByLabel('Nhập lại mật khẩu').fill(ADMIN.password);
          await page.getByRole('button', { name: 'Khởi tạo hệ thống' }).click();

          // Then login, with the new username prefilled; Enter submits (keyboard use).
          await heading(page, 'Đăng nhập').waitFor();
          expect(await page.getByLabel('Tên đăng nhập').inputValue()).toBe(ADMIN.username);
          await page.getByLabel('Mật khẩu').fill(ADMIN.password);
          await page.getByLabel('Mật khẩu').press('Enter');

          // The shell: who is signed in, where, as what; no cases yet.
          await heading(page, 'Hồ sơ vụ án').waitFor();
          const header = page.locator('header');
          await header.getByText(ADMIN.fullName).waitFor();
          await header.getByText(UNIT.name).waitFor();
          await header.getByText('Quản trị hệ thống').waitFor();
          await page.getByText('Chưa có hồ sơ vụ án nào').waitFor();
          await screenshot(page, '2-shell-vi');

          // English on demand, remembered across reloads.
          await page.getByRole('button', { name: /^EN\b/ }).click();
          await heading(page, 'Case files').waitFor();
          await header.getByText('Administrator').waitFor();
          expect(await htmlLang()).toBe('en');
          await screenshot(page, '3-shell-en');

          // Logout ends the server session: a reload still lands on login (in English).
          await page.getByRole('button', { name: 'Sign out' }).click();
          await heading(page, 'Sign in').waitFor();
          await page.reload();
          await heading(page, 'Sign in').waitFor();

          // Back to Vietnamese: a wrong password shows the server's Vietnamese message.
          await page.getByRole('button', { name: /^VI\b/ }).click();
          await heading(page, 'Đăng nhập').waitFor();
          expect(await htmlLang()).toBe('vi');
          await page.getByLabel('Tên đăng nhập').fill(ADMIN.username);
          await page.getByLabel('Mật khẩu').fill('saimatkhau123');
          await page.getByRole('button', { name: 'Đăng nhập' }).click();
          const alert = page.getByRole('alert');
          await alert.waitFor();
          expect(await alert.textContent()).toBe('Tên đăng nhập hoặc mật khẩu không đúng.');
          await screenshot(page, '4-login-error');

          // A clerk of the unit sees its case, with kind and stage labels from @sohoa/contracts.
          await createClerkWithOneCase(server.url);
          await page.getByLabel('Tên đăng nhập').fill(CLERK.username);
          await page.getByLabel('Mật khẩu').fill(CLERK.password);
          await page.getByRole('button', { name: 'Đăng nhập' }).click();
          await header.getByText(CLERK.fullName).waitFor();
          await header.getByText('Chuyên viên').waitFor();
          const row = page.getByRole('row', { name: new RegExp(CASE.internalNumber) });
          await row.waitFor();
          // Number, title (marked as assigned to me), kind, stage, digitization state, unit.
          expect(await row.getByRole('cell').allTextContents()).toEqual([
            CASE.internalNumber,
            `${CASE.title}Được phân công`,
            'Hình sự',
            'Điều tra',
            'Đã tiếp nhận',
            expect.stringContaining('Hà Nội'),
          ]);
          await screenshot(page, '5-cases');
          expect(browserErrors).toEqual([]);
        } finally {
          await context.close();
        }
      },
    );
  },
);
