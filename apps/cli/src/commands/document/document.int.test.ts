import { setupUnitWithClerk } from '@sohoa/api-client/test-utils';
import { createApiClient, type ApiClient } from '@sohoa/api-client';
// eslint-disable-next-line no-restricted-imports -- the integration test boots the real server in-process; the CLI itself only talks HTTP.
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
  { text: 'Bảng kê tài sản thu giữ kèm theo.', butLuc: 3 },
];

describe('sohoa case show --structure and sohoa document … against a real server', () => {
  let server: Awaited<ReturnType<typeof startTestHttpServer>>;
  let cli: Awaited<ReturnType<typeof createTestCli>>;
  let api: ApiClient;
  let caseId: string;

  beforeAll(async () => {
    server = await startTestHttpServer({
      withJobRunner: true,
      pageProcessor: createScriptedPageProcessor(),
    });
    const { loginClerk } = await setupUnitWithClerk({ baseUrl: server.url, password: PASSWORD });
    api = await loginClerk();
    caseId = (await api.createCase({ title: 'Vụ cố ý gây thương tích', kind: 'criminal' })).case.id;
    await api.uploadFile(caseId, 1, 'tap_01.pdf', new TextEncoder().encode(JSON.stringify(PAGES)));
    for (;;) {
      const { structure } = await api.getStructure(caseId);
      if (structure.documentCount > 0) {
        break;
      }
      await new Promise((r) => setTimeout(r, 100));
    }
    cli = await createTestCli({
      env: {
        SOHOA_URL: server.url,
        SOHOA_TOKEN:
          (
            await createApiClient({ baseUrl: server.url }).login({
              username: 'clerk',
              password: PASSWORD,
            })
          ).token ?? '',
      },
    });
  });
  afterAll(async () => {
    await cli?.cleanup();
    await server?.close();
  });

  test('shows the case with its sections, documents, numbers, dates and bút lục ranges', async () => {
    const run = await cli.run(['case', 'show', caseId, '--structure']);
    expect(run.stderr).toBe('');
    expect(run.stdout).toContain('Vụ cố ý gây thương tích');
    expect(run.stdout).toMatch(
      /QUYẾT ĐỊNH KHỞI TỐ VỤ ÁN HÌNH SỰ số 09\/QĐ-CSĐT \(2023-05-11\) — BL 1–3 {2}\[QD_KHOI_TO_VU_AN\]/,
    );
  });

  test('splits by bút lục, sets type and note, lists and undoes edits', async () => {
    const split = await cli.run(['document', 'split', caseId, '3']);
    expect(split.code).toBe(0);
    expect(split.stdout).toMatch(/BL 1–2/);
    expect(split.stdout).toMatch(/— BL 3 {2}\[KHAC\] {2}\{đã sửa; ⚠ chưa xác định loại\}/);

    const typed = await cli.run(['document', 'type', caseId, '3', 'BB_THU_GIU_VAT_CHUNG']);
    expect(typed.code).toBe(0);
    const noted = await cli.run(['--json', 'document', 'set', caseId, '3', '--note', 'Bản photo']);
    expect(noted.code).toBe(0);
    const doc = noted
      .json<{ structure: { sections: Array<{ documents: Array<Record<string, unknown>> }> } }>()
      .structure.sections.flatMap((s) => s.documents)
      .find((d) => d.butLucFrom === 3);
    expect(doc).toMatchObject({ notes: 'Bản photo', type: { code: 'BB_THU_GIU_VAT_CHUNG' } });

    const badDate = await cli.run(['document', 'set', caseId, '3', '--date', '2023-13-01']);
    expect(badDate.code).toBe(1);
    const noField = await cli.run(['document', 'set', caseId, '3']);
    expect(noField.code).toBe(2);
    const nowhere = await cli.run(['--lang', 'en', 'document', 'type', caseId, '99', 'KHAC']);
    expect([nowhere.code, nowhere.stderr]).toEqual([
      2,
      expect.stringContaining('No document holds bút lục 99'),
    ]);

    const log = await cli.run(['--json', 'document', 'edits', caseId]);
    const edits = log.json<{ edits: Array<{ id: string; op: string }> }>().edits;
    expect(edits.map((e) => e.op)).toEqual(['split', 'setType', 'editMetadata']);
    const undo = await cli.run(['document', 'undo', caseId, edits[0]!.id]);
    expect(undo.code).toBe(0);
    expect(undo.stdout).toMatch(/BL 1–3/);
  });
});
