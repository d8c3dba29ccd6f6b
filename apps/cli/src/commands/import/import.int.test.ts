import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
// eslint-disable-next-line no-restricted-imports -- tests start the real server in-process
import { startTestHttpServer } from '@sohoa/server/test-utils';
import { setupUnitWithClerk } from '@sohoa/api-client/test-utils';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { renderPage } from '../../../../../packages/processing/src/testing/fixtures.test-utils.ts';
import { createTestCli } from '../../cli.test-utils.ts';

const PASSWORD = 'MatKhau2026';

describe('sohoa import, page and integrity against a real server', () => {
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
    const created = await cli.run([
      'case',
      'create',
      '--title',
      'Vụ trộm cắp tài sản',
      '--kind',
      'criminal',
      '--json',
    ]);
    caseId = created.json<{ case: { id: string } }>().case.id;
    folder = await mkdtemp(join(tmpdir(), 'sohoa-import-'));
    // Scan order is the number in the file name: scan_2 before scan_10 (natural sort).
    await writeFile(join(folder, 'scan_1.jpg'), await renderPage({ butLuc: 1, dpi: 150 }));
    await writeFile(join(folder, 'scan_2.jpg'), await renderPage({ butLuc: 2, dpi: 150 }));
    await writeFile(join(folder, 'scan_10.jpg'), await renderPage({ butLuc: 3, dpi: 150 }));
    await writeFile(join(folder, 'ghi_chu.jpg'), 'không phải ảnh');
  }, 60_000);

  afterAll(async () => {
    await cli.cleanup();
    await server.close();
    await rm(folder, { recursive: true, force: true });
  });

  test('imports a folder in natural order, reports the bad file and waits for processing', async () => {
    const run = await cli.run(['import', folder, '--case', caseId, '--json']);
    expect(run.code).toBe(1); // one file refused
    const summary = run.json<{
      files: Array<{ status: string; fileName: string }>;
      pages: number;
      blankPages: number;
      butLucAnomalies: unknown[];
    }>();
    expect(summary.files.map((f) => [f.fileName, f.status])).toEqual([
      ['ghi_chu.jpg', 'rejected'],
      ['scan_1.jpg', 'accepted'],
      ['scan_2.jpg', 'accepted'],
      ['scan_10.jpg', 'accepted'],
    ]);
    expect(summary).toMatchObject({ pages: 3, blankPages: 0, butLucAnomalies: [] });
    const human = await cli.run(['import', folder, '--case', caseId]);
    expect(human.stderr).toContain('ghi_chu.jpg');
    expect(human.stdout).toContain('trùng: 3');
  }, 120_000);

  test('the case is structured once its pages are processed', async () => {
    type Structure = {
      structure: {
        documentCount: number;
        sections: Array<{
          code: string;
          documents: Array<{
            type: { code: string };
            butLucFrom: number | null;
            date: string | null;
          }>;
        }>;
      };
    };
    let structure: Structure['structure'] | null = null;
    for (let i = 0; i < 100 && !structure?.documentCount; i++) {
      structure = (await cli.run(['structure', caseId, '--json'])).json<Structure>().structure;
      await new Promise((r) => setTimeout(r, 100));
    }
    // Each fixture page is a complete record of a statement (national heading + title).
    const documents = structure!.sections.flatMap((s) => s.documents);
    expect(documents.map((d) => d.type.code)).toEqual([
      'BB_GHI_LOI_KHAI',
      'BB_GHI_LOI_KHAI',
      'BB_GHI_LOI_KHAI',
    ]);
    expect(documents.map((d) => d.butLucFrom)).toEqual([1, 2, 3]);
    expect(documents[0]!.date).toBe('2019-03-05');
    const human = await cli.run(['structure', caseId]);
    expect(human.stdout).toContain('BB_GHI_LOI_KHAI');
  });

  test('a corrected bút lục is kept and shows in the integrity report', async () => {
    const pages = (await cli.run(['page', 'list', '--case', caseId, '--json'])).json<{
      pages: Array<{ id: string; butLuc: number }>;
    }>().pages;
    expect(pages.map((p) => p.butLuc)).toEqual([1, 2, 3]);
    expect(
      (await cli.run(['page', 'correct', pages[2]!.id, '--case', caseId, '--but-luc', '7'])).code,
    ).toBe(0);
    const report = await cli.run(['integrity', caseId]);
    expect(report.stdout).toContain('skip');
    const after = (await cli.run(['page', 'list', '--case', caseId, '--json'])).json<{
      pages: Array<{ butLuc: number; butLucSource: string }>;
    }>().pages;
    expect(after[2]).toMatchObject({ butLuc: 7, butLucSource: 'MANUAL' });
    expect((await cli.run(['page', 'correct', pages[2]!.id, '--case', caseId])).code).toBe(2);

    // A sheet whose stamp is missing: the value is inferred from its neighbours, marked as such.
    await cli.run(['page', 'correct', pages[2]!.id, '--case', caseId, '--but-luc', '3']);
    await cli.run(['page', 'correct', pages[1]!.id, '--case', caseId, '--no-but-luc']);
    const inferred = (await cli.run(['page', 'list', '--case', caseId, '--json'])).json<{
      pages: Array<{ butLuc: number; butLucSource: string }>;
    }>().pages;
    expect(inferred[1]).toMatchObject({ butLuc: 2, butLucSource: 'INFERRED' });
    const afterReport = (await cli.run(['integrity', caseId, '--json'])).json<{
      report: { anomalies: Array<{ type: string; butluc: number }> };
    }>().report;
    expect(afterReport.anomalies).toEqual([
      expect.objectContaining({ type: 'missing', butluc: 2 }),
    ]);
  });
});
