import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { createApiClient, type ApiClient } from '@sohoa/api-client';
import { createScriptedPageProcessor, startTestHttpServer } from '@sohoa/server/test-utils';
import type { Browser } from 'playwright-core';
import sharp from 'sharp';
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
 * The case workspace screens against the real server and job runner: create a case through the
 * form (field errors first), assign a colleague, add a volume, filter the case list (kept in the
 * URL), import a small scripted volume, read the index, the person index and the timeline with its
 * deadline flags, set the crime category, download the case PDF with progress, and move a document
 * boundary by dragging a thumbnail onto the neighbouring document. Skipped without Debian's
 * Chromium. Page images are drawn from the page text and encoded as JPEG, so the PDF export embeds
 * them as it does real scans.
 */
const PASSWORD = 'Matkhau2025user';
const TITLE = 'Vụ Lò Văn Sáng trộm cắp tài sản';

const HEADING = 'CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\nĐộc lập - Tự do - Hạnh phúc';
const AGENCY = 'CÔNG AN HUYỆN MƯỜNG TÈ\nCƠ QUAN CẢNH SÁT ĐIỀU TRA';
/** A decision on three pages, then a statement on two. */
const PAGES = [
  {
    text: `${AGENCY}\n${HEADING}\nSố: 09/QĐ-CSĐT Mường Tè, ngày 11 tháng 5 năm 2023\nQUYẾT ĐỊNH\nKHỞI TỐ VỤ ÁN HÌNH SỰ\nKhởi tố vụ án hình sự Trộm cắp tài sản xảy ra tại xã Ka Lăng.\nTội phạm quy định tại khoản 1 Điều 173 Bộ luật Hình sự.`,
    butLuc: 1,
  },
  { text: 'Điều 2. Giao cho Cơ quan Cảnh sát điều tra thi hành.', butLuc: 2 },
  { text: 'Bảng kê tài sản thu giữ kèm theo.', butLuc: 3 },
  {
    text: `${AGENCY}\n${HEADING}\nMường Tè, ngày 12 tháng 5 năm 2023\nBIÊN BẢN GHI LỜI KHAI\nHồi 08 giờ 00 ngày 12 tháng 5 năm 2023\nGhi lời khai của: Lò Văn Sáng\nTư cách tham gia tố tụng: Bị can`,
    butLuc: 4,
  },
  { text: 'Người khai ký tên dưới đây.', butLuc: 5 },
];

type Processor = ReturnType<typeof createScriptedPageProcessor>;

/** The scripted processor, with an upright JPEG drawn from the page's text (A4 proportions). */
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
      const svg = `<svg xmlns="http://www.w3.org/2000/svg" width="800" height="1131"><rect width="800" height="1131" fill="#fff"/>${stamp}${lines}<rect x="60" y="700" width="680" height="8" fill="#ccc"/></svg>`;
      const jpeg = await sharp(Buffer.from(svg)).jpeg({ quality: 80 }).toBuffer();
      return {
        ...analysis,
        upright: { bytes: new Uint8Array(jpeg), widthPx: 800, heightPx: 1131 },
      };
    },
  };
}

describe.skipIf(!hasChromium)(
  hasChromium
    ? 'case workspace screens in Chromium'
    : `case workspace screens — SKIPPED: ${CHROMIUM} not found (apt-get install chromium)`,
  () => {
    let tempDir: string;
    let server: { url: string; close(): Promise<void> };
    let browser: Browser;
    let prosecutor: ApiClient;

    beforeAll(async () => {
      tempDir = await mkdtemp(path.join(tmpdir(), 'sohoa-web-workspace-e2e-'));
      const webDistDir = await builtSpa();
      server = await startTestHttpServer({
        webDistDir,
        withJobRunner: true,
        pageProcessor: withPictures(createScriptedPageProcessor()),
      });
      const admin = createApiClient({ baseUrl: server.url });
      const { unit } = await admin.setup({
        unit: { code: 'MT', name: 'VKSND khu vực Mường Tè', level: 'REGIONAL' },
        admin: { username: 'admin', fullName: 'Quản trị', password: PASSWORD },
      });
      admin.setToken((await admin.login({ username: 'admin', password: PASSWORD })).token);
      for (const [username, fullName] of [
        ['kiemsat', 'Nguyễn Văn An'],
        ['kiemsat2', 'Trần Thị Bình'],
      ] as const) {
        await admin.createUser({
          unitId: unit.id,
          username,
          fullName,
          roles: ['PROSECUTOR'],
          password: PASSWORD,
        });
      }
      prosecutor = createApiClient({ baseUrl: server.url });
      prosecutor.setToken(
        (await prosecutor.login({ username: 'kiemsat', password: PASSWORD })).token,
      );
      // Another case, so that filtering has something to leave out.
      await prosecutor.createCase({ title: 'Tranh chấp hợp đồng vay tài sản', kind: 'civil' });
      browser = await launchChromium();
      // Building the SPA and starting the server take a while on a loaded machine.
    }, 180_000);

    afterAll(async () => {
      await browser?.close();
      await server?.close();
      if (tempDir) {
        await rm(tempDir, { recursive: true, force: true });
      }
    });

    it(
      'creates, assigns and filters cases, imports a volume, reads index, persons and timeline, downloads the PDF and moves a boundary by drag',
      { timeout: 240_000 },
      async () => {
        const context = await browser.newContext({
          viewport: { width: 1366, height: 768 },
          acceptDownloads: true,
        });
        const page = await context.newPage();
        const { errors: browserErrors } = watchBrowserErrors(page);
        try {
          await page.goto(server.url);
          await page.getByLabel('Tên đăng nhập').fill('kiemsat');
          await page.getByLabel('Mật khẩu').fill(PASSWORD);
          await page.getByRole('button', { name: 'Đăng nhập' }).click();

          // ---- create a case through the form; the empty form shows errors per field
          await page.getByRole('link', { name: 'Tạo hồ sơ mới' }).click();
          await page.getByRole('heading', { name: 'Tạo hồ sơ mới' }).waitFor();
          await page.getByRole('button', { name: 'Thêm tội danh' }).click();
          await page.getByRole('button', { name: 'Tạo hồ sơ', exact: true }).click();
          const titleField = page.getByLabel('Tên vụ án, vụ việc');
          expect(await titleField.getAttribute('aria-invalid')).toBe('true');
          expect(await page.locator('.field-error').count()).toBe(3); // title, kind, charge name
          await page.locator('.field-error').first().waitFor();
          await screenshot(page, 'workspace-1-form-errors');
          await titleField.fill(TITLE);
          await page.getByLabel('Loại án').selectOption({ label: 'Hình sự' });
          await page.getByLabel('Số hồ sơ nội bộ').fill('27/2025/HS');
          await page.getByLabel('Tên tội danh').fill('Trộm cắp tài sản');
          await page.getByLabel('Điều', { exact: true }).fill('17a');
          await page.getByRole('button', { name: 'Thêm người tham gia' }).click();
          await page.getByLabel('Họ và tên').fill('Lò Văn Sáng');
          await page.getByLabel('Tư cách tố tụng').selectOption({ label: 'Bị can' });
          await page.getByRole('button', { name: 'Tạo hồ sơ', exact: true }).click();
          await page.getByText('Điều luật là số nguyên từ 1 đến 999.').waitFor();
          await page.getByLabel('Điều', { exact: true }).fill('173');
          await page.getByLabel('Khoản, điểm').fill('1');
          await page.getByRole('button', { name: 'Tạo hồ sơ', exact: true }).click();

          // ---- the new case opens on its details: the creator is on the team
          await page.getByRole('heading', { name: TITLE }).waitFor();
          const caseId = /\/cases\/(case_[0-9a-z]+)\/details/.exec(page.url())?.[1];
          expect(caseId).toBeTruthy();
          await page.getByText('Trộm cắp tài sản (khoản 1 Điều 173 BLHS 2015)').waitFor();
          await page.getByText('Lò Văn Sáng — Bị can').waitFor();
          const team = page.locator('.assignee-list');
          await team.getByText('Nguyễn Văn An').waitFor();
          // Assign a colleague, then see the team of two.
          await page.getByLabel('Phân công thêm người của đơn vị').selectOption({
            label: 'Trần Thị Bình (kiemsat2) — Kiểm sát viên',
          });
          await page.getByRole('button', { name: 'Phân công', exact: true }).click();
          await team.getByText('Trần Thị Bình').waitFor();
          await page.getByRole('heading', { name: 'Người được phân công (2)' }).waitFor();
          const assigned = (await prosecutor.getCase(caseId!)).case.assigneeIds;
          expect(assigned).toHaveLength(2);
          // Add volume 1 with a title.
          await page.getByLabel('Tên tập mới (không bắt buộc)').fill('Tài liệu tố tụng');
          await page.getByRole('button', { name: 'Thêm tập' }).click();
          await page.getByRole('cell', { name: 'Tài liệu tố tụng' }).waitFor();
          // Edit the case: the stage changes.
          await page.getByRole('button', { name: 'Sửa thông tin' }).click();
          await page.getByLabel('Giai đoạn tố tụng').selectOption({ label: 'Truy tố' });
          await page.getByRole('button', { name: 'Lưu thay đổi' }).click();
          await page.getByText('Đã lưu thông tin hồ sơ.').waitFor();
          await page.locator('.case-facts').getByText('Truy tố').waitFor();
          await screenshot(page, 'workspace-2-details');

          // ---- the case list: filters kept in the URL
          await page
            .getByRole('navigation', { name: 'Điều hướng chính' })
            .getByRole('link', { name: 'Hồ sơ vụ án', exact: true })
            .click();
          const rows = page.locator('tbody tr');
          await expect.poll(() => rows.count()).toBe(2);
          await page.getByLabel('Loại án').selectOption({ label: 'Dân sự' });
          await page.getByRole('link', { name: 'Tranh chấp hợp đồng vay tài sản' }).waitFor();
          await expect.poll(() => rows.count()).toBe(1);
          expect(new URL(page.url()).search).toBe('?kind=civil');
          await page.getByRole('button', { name: 'Bỏ lọc' }).click();
          await expect.poll(() => rows.count()).toBe(2);
          // Free text without diacritics, and "assigned to me".
          await page.getByLabel('Tìm kiếm').fill('lo van sang');
          await page.getByRole('button', { name: 'Tìm', exact: true }).click();
          await expect.poll(() => rows.count()).toBe(1);
          await page.getByLabel('Được phân công cho tôi').check();
          await expect.poll(() => new URL(page.url()).searchParams.get('mine')).toBe('1');
          await page.getByLabel('Giai đoạn tố tụng').selectOption({ label: 'Điều tra' });
          await page.getByText('Không có hồ sơ nào khớp với điều kiện lọc.').waitFor();
          await page.getByLabel('Giai đoạn tố tụng').selectOption({ label: 'Truy tố' });
          await page.getByRole('link', { name: TITLE }).waitFor();
          // A reload keeps the filters.
          await page.reload();
          expect(await page.getByLabel('Tìm kiếm').inputValue()).toBe('lo van sang');
          expect(await page.getByLabel('Được phân công cho tôi').isChecked()).toBe(true);
          await expect.poll(() => rows.count()).toBe(1);
          await screenshot(page, 'workspace-3-list');

          // ---- import the scripted volume into volume 1
          await page.getByRole('link', { name: TITLE }).click();
          await page.getByRole('link', { name: 'Nhập và tiến độ' }).click();
          const dataTransfer = await page.evaluateHandle((text) => {
            const transfer = new DataTransfer();
            transfer.items.add(new File([text], 'tap_01.pdf', { type: 'application/pdf' }));
            return transfer;
          }, JSON.stringify(PAGES));
          await page.dispatchEvent('[data-testid="drop-zone-1"]', 'drop', { dataTransfer });
          await page.getByText('đã xử lý xong', { exact: false }).waitFor({ timeout: 60_000 });
          // Structuring runs as its own job after the pages.
          await expect
            .poll(async () => (await prosecutor.getStructure(caseId!)).structure.documentCount, {
              timeout: 60_000,
            })
            .toBe(2);
          // The details tab shows the volume's progress, from the same live data.
          await page.getByRole('link', { name: 'Thông tin, phân công' }).click();
          await page
            .getByRole('row', { name: /Tài liệu tố tụng/ })
            .getByText(`${PAGES.length}/${PAGES.length} trang đã xử lý`, { exact: false })
            .waitFor();

          // ---- index: the rows of the DOCX, linking to the viewer
          await page.getByRole('link', { name: 'Mục lục' }).click();
          const indexTable = page.locator('.index-table');
          await indexTable.waitFor();
          await expect
            .poll(() => indexTable.locator('tbody tr:not(.index-section-row)').count())
            .toBe(2);
          await indexTable.getByText('09/QĐ-CSĐT').waitFor();
          await indexTable.getByText('11/05/2023').waitFor();
          await indexTable.getByRole('cell', { name: '1–3' }).waitFor();
          await screenshot(page, 'workspace-4-index');
          await indexTable.getByRole('link').first().click();
          await expect.poll(() => page.url()).toMatch(/\/view\/pg_[0-9a-z]+$/);
          await page.getByText('Trang 1/5').waitFor();

          // ---- persons: filter by name typed without diacritics
          await page.getByRole('link', { name: 'Người tham gia' }).click();
          await page.getByRole('heading', { name: /Người tham gia tố tụng \(\d+\)/ }).waitFor();
          const persons = (await prosecutor.listCasePersons(caseId!)).persons;
          expect(persons.map((p) => p.name)).toContain('Lò Văn Sáng');
          await page.getByLabel('Họ tên').fill('lo van');
          await page.locator('.person-card h3', { hasText: 'Lò Văn Sáng' }).waitFor();
          expect(await page.locator('.person-card').count()).toBe(
            persons.filter((p) => /Lò Văn/.test(p.name)).length,
          );
          await page.getByLabel('Họ tên').fill('xyz');
          await expect.poll(() => page.locator('.person-card').count()).toBe(0);
          await page.getByLabel('Họ tên').fill('');
          await screenshot(page, 'workspace-5-persons');

          // ---- timeline: dated events in order, deadline flags citing their article
          await page.getByRole('link', { name: 'Diễn biến, thời hạn' }).click();
          await page.getByRole('heading', { name: /Diễn biến tố tụng \(\d+\)/ }).waitFor();
          const dates = await page.locator('.event-date').allTextContents();
          expect(dates.slice(0, 2)).toEqual(['11/05/2023', '12/05/2023']);
          const timeline = (await prosecutor.getTimeline(caseId!)).timeline;
          const flags = page.locator('.clock .flag');
          await expect.poll(() => flags.count()).toBe(timeline.clocks.length);
          if (timeline.clocks.length > 0) {
            const first = page.locator('.clock').first();
            expect(await first.textContent()).toMatch(/Điều \d+/);
          }
          // Set the crime category by hand: the decision says so.
          await page.getByText('Thiết lập tính thời hạn').click();
          await page.getByLabel('Loại tội phạm (Điều 9 BLHS)').selectOption({ index: 2 });
          const chosen = await page
            .getByLabel('Loại tội phạm (Điều 9 BLHS)')
            .evaluate((s) => (s as HTMLSelectElement).selectedOptions[0]!.textContent);
          await page.getByRole('button', { name: 'Lưu thiết lập' }).click();
          await page.getByText('Đã lưu thiết lập; thời hạn được tính lại.').waitFor();
          await page.getByText(`${chosen} (do người dùng chọn`, { exact: false }).waitFor();
          await screenshot(page, 'workspace-6-timeline');
          // In English, the same flags carry English words.
          await page.getByRole('button', { name: /^EN/ }).click();
          await page.getByRole('heading', { name: /Procedural events \(\d+\)/ }).waitFor();
          if (timeline.clocks.length > 0) {
            expect(await flags.first().textContent()).toMatch(
              /Exceeded|Due soon|Running|Met|Unknown|Lapsed unused|Suspended/,
            );
          }
          await screenshot(page, 'workspace-6b-timeline-en');
          await page.getByRole('button', { name: /^VI/ }).click();
          await page.getByRole('heading', { name: /Diễn biến tố tụng \(\d+\)/ }).waitFor();

          // ---- downloads: the case PDF, streamed with progress, saved with a Vietnamese name
          await page.getByRole('link', { name: 'Tải xuống' }).click();
          await page.getByLabel('Bản làm việc (nhẹ hơn)').check();
          // On a slow link (40 KB/s) the bytes and % are shown, and the download can be cancelled.
          const cdp = await context.newCDPSession(page);
          await cdp.send('Network.enable');
          await cdp.send('Network.emulateNetworkConditions', {
            offline: false,
            latency: 0,
            downloadThroughput: 40 * 1024,
            uploadThroughput: -1,
          });
          await page.getByRole('button', { name: 'Tải hồ sơ PDF' }).click();
          const pdfStatus = page.locator('.download-status').first();
          await pdfStatus.getByText(/Đã tải .+\/.+ \(\d+%\)/).waitFor({ timeout: 60_000 });
          const shownPercent = Number(await pdfStatus.locator('progress').getAttribute('value'));
          expect(shownPercent).toBeGreaterThanOrEqual(0);
          expect(shownPercent).toBeLessThan(100);
          await screenshot(page, 'workspace-7a-download-progress');
          await page.getByRole('button', { name: 'Hủy tải' }).click();
          await page.getByText('Đã hủy tải xuống.').waitFor();
          await cdp.send('Network.emulateNetworkConditions', {
            offline: false,
            latency: 0,
            downloadThroughput: -1,
            uploadThroughput: -1,
          });
          const [download] = await Promise.all([
            page.waitForEvent('download', { timeout: 90_000 }),
            page.getByRole('button', { name: 'Tải hồ sơ PDF' }).click(),
          ]);
          expect(download.suggestedFilename()).toBe(`Hồ sơ vụ án - 27-2025-HS - ${TITLE}.pdf`);
          const bytes = await readFile(await download.path());
          expect(bytes.subarray(0, 5).toString('latin1')).toBe('%PDF-');
          expect(bytes.length).toBeGreaterThan(5_000);
          const done = page.locator('.download-done').first();
          await done.waitFor();
          expect(await done.textContent()).toContain(`Hồ sơ vụ án - 27-2025-HS - ${TITLE}.pdf`);
          process.stdout.write(`case PDF downloaded in the browser: ${bytes.length} bytes\n`);
          // The DOCX index too (a ZIP container: "PK").
          const [docx] = await Promise.all([
            page.waitForEvent('download', { timeout: 60_000 }),
            page.getByRole('button', { name: 'Tải mục lục (Word .docx)' }).click(),
          ]);
          expect(docx.suggestedFilename()).toBe(`Mục lục hồ sơ - 27-2025-HS - ${TITLE}.docx`);
          const docxBytes = await readFile(await docx.path());
          expect(docxBytes.subarray(0, 2).toString('latin1')).toBe('PK');
          // The transfer package is streamed without a size: bytes are counted, then saved.
          const [zip] = await Promise.all([
            page.waitForEvent('download', { timeout: 90_000 }),
            page.getByRole('button', { name: 'Tải gói chuyển giao' }).click(),
          ]);
          expect(zip.suggestedFilename()).toBe(`Gói chuyển giao - 27-2025-HS - ${TITLE}.zip`);
          const zipBytes = await readFile(await zip.path());
          expect(zipBytes.subarray(0, 2).toString('latin1')).toBe('PK');
          await page.getByText('Đã tải xong “Gói chuyển giao', { exact: false }).waitFor();
          await screenshot(page, 'workspace-7-downloads');

          // ---- structure: drag the decision's third page onto the statement
          await page.getByRole('link', { name: 'Rà soát' }).click();
          await page.getByRole('tab', { name: 'Cấu trúc' }).click();
          await page.getByRole('heading', { name: 'Cấu trúc hồ sơ (2 văn bản)' }).waitFor();
          const structure = (await prosecutor.getStructure(caseId!)).structure;
          const docs = structure.sections.flatMap((s) => s.documents);
          const statement = docs.find((d) => d.butLucFrom === 4)!;
          const decision = docs.find((d) => d.butLucFrom === 1)!;
          expect(decision.pageIds).toHaveLength(3);
          const thumbs = page.locator('.thumb');
          await expect.poll(() => thumbs.count()).toBe(PAGES.length);
          await thumbs.nth(2).dragTo(page.locator(`[data-document-id="${statement.id}"] .doc-row`));
          await page.getByText('Đã dời ranh giới: 1 trang thuộc về', { exact: false }).waitFor();
          await page.getByText('BL 1–2', { exact: false }).first().waitFor();
          await page.getByText('BL 3–5', { exact: false }).first().waitFor();
          await screenshot(page, 'workspace-8-drag');
          const after = (await prosecutor.getStructure(caseId!)).structure.sections.flatMap(
            (s) => s.documents,
          );
          expect(after.find((d) => d.butLucFrom === 1)?.pageIds).toEqual(
            decision.pageIds.slice(0, 2),
          );
          expect(after.find((d) => d.butLucFrom === 3)?.pageIds).toEqual([
            decision.pageIds[2],
            ...statement.pageIds,
          ]);
          // The chosen document's last-page edge, dragged onto the next document (in another
          // section), gives it that page.
          const next = after.find((d) => d.butLucFrom === 3)!;
          const nextRow = page.locator(`[data-document-id="${next.id}"] .doc-row`);
          // Held in the middle of the panel: a drag that hovers the panel's bottom edge scrolls
          // it (Chromium's drag autoscroll), and the drop then lands beside the document.
          await nextRow.evaluate((el) => el.scrollIntoView({ block: 'center' }));
          await page
            .locator('.doc-chosen')
            .getByRole('button', { name: 'Trang cuối ⇥' })
            .dragTo(nextRow);
          await expect
            .poll(
              async () =>
                (await prosecutor.getStructure(caseId!)).structure.sections
                  .flatMap((s) => s.documents)
                  .find((d) => d.butLucFrom === 1)?.pageIds,
            )
            .toEqual(decision.pageIds.slice(0, 1));
          await page.getByText('BL 2–5', { exact: false }).first().waitFor();
          const log = (await prosecutor.listStructureEdits(caseId!)).edits;
          expect(log.filter((e) => e.op === 'moveBoundary')).toHaveLength(2);

          expect(browserErrors).toEqual([]);
        } catch (error) {
          await screenshot(page, 'workspace-failure');
          throw error;
        } finally {
          await context.close();
        }
      },
    );
  },
);
