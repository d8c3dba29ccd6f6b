import { mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
// eslint-disable-next-line no-restricted-imports -- tests start the real server in-process
import { startTestHttpServer } from '@sohoa/server/test-utils';
import { setupUnitWithClerk } from '@sohoa/api-client/test-utils';
import { strFromU8, unzipSync } from 'fflate';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { renderPage } from '../../../../../packages/processing/src/testing/fixtures.test-utils.ts';
import { createTestCli } from '../../cli.test-utils.ts';

const PASSWORD = 'MatKhau2026';

/** Text of the Word document's paragraphs, runs joined. */
const docxText = (bytes: Uint8Array) =>
  strFromU8(unzipSync(bytes)['word/document.xml']!)
    .replace(/<\/w:p>/g, '\n')
    .replace(/<[^>]+>/g, '');

describe('sohoa export --index against a real server', () => {
  let server: Awaited<ReturnType<typeof startTestHttpServer>>;
  let cli: Awaited<ReturnType<typeof createTestCli>>;
  let folder: string;
  let caseId: string;

  beforeAll(async () => {
    server = await startTestHttpServer({ withJobRunner: true });
    await setupUnitWithClerk({ baseUrl: server.url, password: PASSWORD });
    cli = await createTestCli({ env: { SOHOA_URL: server.url } });
    expect(
      (await cli.run(['login', '--username', 'clerk', '--password-stdin'], { stdin: PASSWORD }))
        .code,
    ).toBe(0);
    caseId = (
      await cli.run([
        'case',
        'create',
        '--title',
        'Vụ trộm cắp tài sản',
        '--kind',
        'criminal',
        '--json',
      ])
    ).json<{ case: { id: string } }>().case.id;
    folder = await mkdtemp(join(tmpdir(), 'sohoa-export-'));
    // Two statement records (national heading + title), structured by the real pipeline.
    await writeFile(join(folder, 'scan_1.jpg'), await renderPage({ butLuc: 1, dpi: 150 }));
    await writeFile(join(folder, 'scan_2.jpg'), await renderPage({ butLuc: 2, dpi: 150 }));
    expect((await cli.run(['import', folder, '--case', caseId, '--json'])).code).toBe(0);
    for (let i = 0; i < 100; i++) {
      const run = await cli.run(['structure', caseId, '--json']);
      if (run.json<{ structure: { documentCount: number } }>().structure.documentCount === 2) {
        break;
      }
      await new Promise((r) => setTimeout(r, 100));
    }
  }, 180_000);

  afterAll(async () => {
    await cli.cleanup();
    await server.close();
    await rm(folder, { recursive: true, force: true });
  });

  test('writes the DOCX index with one row per document', async () => {
    const out = join(folder, 'muc-luc.docx');
    const run = await cli.run(['export', caseId, '--index', out]);
    expect(run.code).toBe(0);
    expect(run.stdout).toContain('Đã ghi thống kê tài liệu DOCX');
    expect(run.stdout).toContain(out);
    const text = docxText(await readFile(out));
    expect(text).toContain('THỐNG KÊ TÀI LIỆU CÓ TRONG HỒ SƠ VỤ ÁN');
    expect(text).toContain('Vụ án: Vụ trộm cắp tài sản');
    expect(text.match(/Biên bản ghi lời khai/g)).toHaveLength(2);
    expect(text).toContain('Tổng cộng: 2 tài liệu, 2 bút lục');
  });

  test('writes the XLSX index in English with --lang en and reports it as JSON', async () => {
    const out = join(folder, 'index.xlsx');
    const run = await cli.run(['--lang', 'en', 'export', caseId, '--index', out, '--json']);
    expect(run.code).toBe(0);
    const { files } = run.json<{
      files: Array<{ kind: string; format: string; file: string; bytes: number }>;
    }>();
    const bytes = await readFile(out);
    expect(files).toEqual([{ kind: 'index', format: 'xlsx', file: out, bytes: bytes.byteLength }]);
    const sheet = strFromU8(unzipSync(bytes)['xl/sharedStrings.xml']!);
    expect(sheet).toContain('LIST OF DOCUMENTS IN THE CASE FILE');
    expect(sheet).toContain('Bút lục from');
  });

  test('refuses an unknown extension before contacting the server, and needs an output', async () => {
    const bad = await cli.run(['export', caseId, '--index', join(folder, 'index.pdf')]);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain('.docx hoặc .xlsx');
    const none = await cli.run(['export', caseId]);
    expect(none.code).toBe(2);
    expect(none.stderr).toContain('--index <file>');
    expect((await readdir(folder)).filter((f) => f.endsWith('.part'))).toEqual([]);
  });

  test('a case the user may not see fails with the server error and writes nothing', async () => {
    const out = join(folder, 'none.docx');
    const run = await cli.run(['export', 'case_00000000000000000000', '--index', out]);
    expect(run.code).toBe(1);
    expect(run.stderr).toContain('case.not_found');
    expect(
      (await readdir(folder)).filter((f) => f.startsWith('none') || f.endsWith('.part')),
    ).toEqual([]);
  });
});
