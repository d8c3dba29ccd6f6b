import { mkdtemp, readFile, rm, stat, truncate, copyFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setupUnitWithClerk } from '@sohoa/api-client/test-utils';
import { createApiClient, type ApiClient } from '@sohoa/api-client';
// eslint-disable-next-line no-restricted-imports -- the integration test boots the real servers in-process; the CLI itself only talks HTTP.
import { createScriptedPageProcessor, startTestHttpServer } from '@sohoa/server/test-utils';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { createTestCli } from '../../cli.test-utils.ts';

const PASSWORD = 'Matkhau2025user';
const HEADING = 'CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\nĐộc lập - Tự do - Hạnh phúc';
const PAGES = [
  {
    text: `CÔNG AN HUYỆN MƯỜNG TÈ\nCƠ QUAN CẢNH SÁT ĐIỀU TRA\n${HEADING}\nSố: 09/QĐ-CSĐT Mường Tè, ngày 11 tháng 5 năm 2023\nQUYẾT ĐỊNH\nKHỞI TỐ VỤ ÁN HÌNH SỰ`,
    butLuc: 1,
  },
  { text: 'Điều 2. Giao cho Cơ quan Cảnh sát điều tra thi hành.', butLuc: 2 },
  {
    text: `CÔNG AN HUYỆN MƯỜNG TÈ\n${HEADING}\nBIÊN BẢN\nGHI LỜI KHAI\nHồi 08 giờ 00 phút, ngày 12 tháng 5 năm 2023`,
    butLuc: 3,
  },
];

/** A server with a unit, a clerk logged in through the API, and a CLI pointed at it. */
async function installation({ withJobRunner }: { withJobRunner: boolean }) {
  const server = await startTestHttpServer({
    withJobRunner,
    pageProcessor: createScriptedPageProcessor(),
  });
  const { loginClerk } = await setupUnitWithClerk({ baseUrl: server.url, password: PASSWORD });
  const api = await loginClerk();
  const { token } = await createApiClient({ baseUrl: server.url }).login({
    username: 'clerk',
    password: PASSWORD,
  });
  const cli = await createTestCli({ env: { SOHOA_URL: server.url, SOHOA_TOKEN: token ?? '' } });
  return { server, api, cli };
}

describe('sohoa export --package and sohoa import-package between two installations', () => {
  let from: Awaited<ReturnType<typeof installation>>;
  let to: Awaited<ReturnType<typeof installation>>;
  let caseId: string;
  let dir: string;
  let zip: string;

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'sohoa-package-cli-'));
    zip = join(dir, 'ho-so.zip');
    from = await installation({ withJobRunner: true });
    to = await installation({ withJobRunner: false });
    caseId = (await from.api.createCase({ title: 'Vụ cố ý gây thương tích', kind: 'criminal' }))
      .case.id;
    await from.api.uploadFile(
      caseId,
      1,
      'tap_01.pdf',
      new TextEncoder().encode(JSON.stringify(PAGES)),
    );
    for (;;) {
      const { progress } = await from.api.progress(caseId);
      const { structure } = await from.api.getStructure(caseId);
      if (progress.finished && structure.documentCount > 0) {
        break;
      }
      await new Promise((r) => setTimeout(r, 100));
    }
    const pages = (await from.api.listPages(caseId)).pages;
    await from.api.editStructure(caseId, { op: 'split', pageId: pages[1]!.id });
  }, 180_000); // two installations and a pipeline run: slow on a busy machine
  afterAll(async () => {
    await from?.cli.cleanup();
    await to?.cli.cleanup();
    await from?.server.close();
    await to?.server.close();
    await rm(dir, { recursive: true, force: true });
  });

  test('exports the package to a file, streamed, with its size and SHA-256', async () => {
    const run = await from.cli.run(['--json', 'export', caseId, '--package', zip]);
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    const [result] = run.json<{ files: Array<{ bytes: number; sha256: string }> }>().files;
    expect(result!.bytes).toBe((await stat(zip)).size);
    const { createHash } = await import('node:crypto');
    expect(
      createHash('sha256')
        .update(await readFile(zip))
        .digest('hex'),
    ).toBe(result!.sha256);
  });

  test('imports it on the other installation: same pages, same structure, no mismatch', async () => {
    const run = await to.cli.run(['import-package', zip, '--unit', 'hn']);
    expect(run.stderr).toMatch(/^Đang gửi gói \(\d+ byte\) và kiểm tra…\n$/);
    expect(run.code).toBe(0);
    expect(run.stdout).toContain('Vụ cố ý gây thương tích');
    expect(run.stdout).toContain('khớp hoàn toàn');
    const strip = (api: ApiClient) =>
      api.listPages(caseId).then(({ pages }) => pages.map((p) => [p.id, p.butLuc, p.status]));
    expect(await strip(to.api)).toEqual(await strip(from.api));
    expect((await to.api.getStructure(caseId)).structure).toEqual(
      (await from.api.getStructure(caseId)).structure,
    );
    const edits = await to.api.listStructureEdits(caseId);
    expect(edits.edits.map((e) => e.op)).toEqual(['split']);
  });

  test('refuses the same package twice, a truncated one, and an unknown unit', async () => {
    const again = await to.cli.run(['import-package', zip, '--unit', 'HN']);
    expect(again.code).toBe(1);
    expect(again.stderr).toContain('[package.case_exists]');

    const cut = join(dir, 'cut.zip');
    await copyFile(zip, cut);
    await truncate(cut, Math.floor((await stat(zip)).size * 0.6));
    const truncated = await to.cli.run(['--lang', 'en', 'import-package', cut, '--unit', 'HN']);
    expect(truncated.code).toBe(1);
    expect(truncated.stderr).toContain('[package.corrupt]');
    expect(truncated.stderr).toContain('truncated');

    const unknown = await to.cli.run(['import-package', zip, '--unit', 'XX']);
    expect(unknown.code).toBe(2);
  });

  test('a refused export leaves no file behind', async () => {
    const out = join(dir, 'missing.zip');
    const run = await from.cli.run(['export', 'case_khongtontai0000', '--package', out]);
    expect(run.code).toBe(1);
    expect(run.stderr).toContain('[case.not_found]');
    await expect(stat(out)).rejects.toThrow();
    await expect(stat(`${out}.part`)).rejects.toThrow();
  });
});
