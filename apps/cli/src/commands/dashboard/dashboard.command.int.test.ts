import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { createApiClient } from '@sohoa/api-client';
// eslint-disable-next-line no-restricted-imports -- tests start the real server in-process
import { SEED_PASSWORD, seedProvince, startTestHttpServer } from '@sohoa/server/test-utils';
import { readSheet } from 'read-excel-file/node';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestCli } from '../../cli.test-utils.ts';

/* `sohoa dashboard show|report` against the real server over the seeded province. */
describe('sohoa dashboard', () => {
  let server: { url: string; close(): Promise<void> };
  let token = '';
  let units: Record<string, string> = {};

  beforeAll(async () => {
    server = await startTestHttpServer({
      seed: async (deps) => {
        units = (await seedProvince({ deps, year: 2025 })).units;
      },
    });
    token =
      (
        await createApiClient({ baseUrl: server.url }).login({
          username: 'bcd',
          password: SEED_PASSWORD,
        })
      ).token ?? '';
  }, 60_000);
  afterAll(async () => {
    await server.close();
  });

  it('prints the figures per unit and writes the XLSX and PDF reports', async () => {
    const cli = await createTestCli({ env: { SOHOA_URL: server.url, SOHOA_TOKEN: token } });
    const scope = ['--from', '2025-01-01', '--to', '2025-12-31'];
    const show = await cli.run(['dashboard', 'show', ...scope]);
    expect(show.code).toBe(0);
    expect(show.stdout).toContain('VKSND tỉnh Hà Tĩnh · 2025-01-01 → 2025-12-31');
    expect(show.stdout).toMatch(/Tổng cộng\s+6\s+3\s+8\s+2/);
    const xlsxFile = path.join(cli.configDir, 'bao-cao.xlsx');
    const xlsx = await cli.run([
      'dashboard',
      'report',
      '--unit',
      units.D1!,
      ...scope,
      '--out',
      xlsxFile,
    ]);
    expect(xlsx.code).toBe(0);
    const rows = await readSheet(await readFile(xlsxFile), 'Theo đơn vị');
    expect(rows[3]!.slice(0, 4)).toEqual(['VKSND khu vực 1', 'KV1', 2, 1]);
    const pdfFile = path.join(cli.configDir, 'bao-cao.pdf');
    const pdf = await cli.run(['dashboard', 'report', ...scope, '--out', pdfFile]);
    expect(pdf.code).toBe(0);
    expect((await readFile(pdfFile)).subarray(0, 5).toString()).toBe('%PDF-');
    await cli.cleanup();
  });
});
