import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, readdirSync } from 'node:fs';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
// eslint-disable-next-line no-restricted-imports -- tests start the real server in-process
import { startTestHttpServer } from '@sohoa/server/test-utils';
import { setupUnitWithClerk } from '@sohoa/api-client/test-utils';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { renderPage } from '../../../../../packages/processing/src/testing/fixtures.test-utils.ts';
import { createTestCli } from '../../cli.test-utils.ts';

const PASSWORD = 'MatKhau2026';
const tools = ['qpdf', 'pdfinfo', 'pdftotext'].every((t) => {
  try {
    execFileSync('sh', ['-c', `command -v ${t}`], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
});
const run = (cmd: string, args: string[]) =>
  execFileSync(cmd, args, { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });

describe('sohoa export --pdf against a real server (real OCR)', () => {
  let server: Awaited<ReturnType<typeof startTestHttpServer>>;
  let cli: Awaited<ReturnType<typeof createTestCli>>;
  let folder: string;
  let caseId: string;
  let loginClerk: Awaited<ReturnType<typeof setupUnitWithClerk>>['loginClerk'];

  beforeAll(async () => {
    server = await startTestHttpServer({ withJobRunner: true });
    loginClerk = (await setupUnitWithClerk({ baseUrl: server.url, password: PASSWORD })).loginClerk;
    cli = await createTestCli({ env: { SOHOA_URL: server.url } });
    await cli.run(['login', '--username', 'clerk', '--password-stdin'], { stdin: PASSWORD });
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
    folder = await mkdtemp(join(tmpdir(), 'sohoa-export-'));
    await writeFile(join(folder, 'scan_1.jpg'), await renderPage({ butLuc: 1, dpi: 200 }));
    // Scanned upside down: the PDF keeps the scan and turns it with /Rotate.
    await writeFile(
      join(folder, 'scan_2.jpg'),
      await renderPage({ butLuc: 2, dpi: 200, rotateDegrees: 180 }),
    );
    expect((await cli.run(['import', folder, '--case', caseId, '--json'])).code).toBe(0);
  }, 180_000);

  afterAll(async () => {
    await cli.cleanup();
    await server.close();
    await rm(folder, { recursive: true, force: true });
  });

  test.skipIf(!tools)(
    'writes a case file whose pages search as Vietnamese, labelled by bút lục',
    async () => {
      const out = join(folder, 'ho-so.pdf');
      // Structuring runs after the last page: wait for it so the outline has its documents.
      for (let i = 0; i < 100; i++) {
        const s = await cli.run(['structure', caseId, '--json']);
        if (s.json<{ structure: { documentCount: number } }>().structure.documentCount > 0) {
          break;
        }
        await new Promise((r) => setTimeout(r, 100));
      }
      const result = await cli.run([
        'export',
        caseId,
        '--pdf',
        out,
        '--profile',
        'working',
        '--json',
      ]);
      expect(result.stderr).toBe('');
      expect(result.code).toBe(0);
      const [summary] = result.json<{
        files: Array<{ pages: number; sha256: string; incomplete: boolean }>;
      }>().files;
      expect(summary).toMatchObject({ pages: 5, incomplete: false });
      expect(run('qpdf', ['--check', out])).toContain('No syntax or stream encoding errors');
      expect(run('pdfinfo', [out])).toMatch(/Pages:\s+5\n/);
      // Real OCR of the rendered pages: the words come back with their diacritics, NFC.
      for (const page of ['4', '5']) {
        const text = run('pdftotext', ['-f', page, '-l', page, out, '-']);
        expect(text).toContain('Nguyễn Văn Bình');
        expect(text).toContain('BIÊN BẢN GHI LỜI KHAI');
        expect(text.normalize('NFC')).toBe(text);
      }
      expect(run('pdfinfo', ['-f', '5', '-l', '5', out])).toMatch(/Page\s+5 rot:\s+180/);
      const labels = JSON.parse(run('qpdf', ['--json=2', '--json-key=pagelabels', out])) as {
        pagelabels: Array<{ index: number; label: Record<string, unknown> }>;
      };
      expect(labels.pagelabels.at(-1)).toMatchObject({ index: 3, label: { '/S': '/D', '/St': 1 } });
      expect(readdirSync(folder).filter((f) => f.endsWith('.part'))).toEqual([]);

      // The manifest beside the PDF, and `sohoa verify` against it (offline).
      const manifestFile = `${out}.manifest.json`;
      const manifest = JSON.parse(await readFile(manifestFile, 'utf8')) as {
        export: { sha256: string; pages: number };
        pages: Array<{ label: string }>;
      };
      expect(manifest.export).toMatchObject({ sha256: summary!.sha256, pages: 5 });
      const valid = await cli.run(['verify', out]);
      expect(valid.stderr).toBe('');
      expect(valid.code).toBe(0);
      expect(valid.stdout).toMatch(/hợp lệ|valid/);

      // One byte flipped in the PDF: the hash no longer matches.
      const flipped = join(folder, 'flipped.pdf');
      const bytes = await readFile(out);
      bytes[Math.floor(bytes.length / 2)]! ^= 0x01;
      await writeFile(flipped, bytes);
      const badHash = await cli.run(['verify', flipped, '--manifest', manifestFile]);
      expect(badHash.code).toBe(1);
      expect(badHash.stderr).toMatch(/SHA-256/);

      // The manifest edited (one page more): the page count no longer matches.
      const edited = join(folder, 'edited.manifest.json');
      await writeFile(
        edited,
        JSON.stringify({
          ...manifest,
          export: { ...manifest.export, pages: 6 },
          pages: [...manifest.pages, { ...manifest.pages[4], label: '3' }],
        }),
      );
      const badPages = await cli.run(['verify', out, '--manifest', edited]);
      expect(badPages.code).toBe(1);
      expect(badPages.stderr).toMatch(/Số trang khác|Page count differs/);
      expect(badPages.stderr).not.toMatch(/SHA-256/);

      // No manifest: a clear error naming the file looked for.
      const alone = join(folder, 'alone.pdf');
      await writeFile(alone, await readFile(out));
      const missing = await cli.run(['verify', alone]);
      expect(missing.code).toBe(1);
      expect(missing.stderr).toContain(`${alone}.manifest.json`);

      // A stamped copy (bản sao) has its own manifest, which verifies too.
      const copy = join(folder, 'ban-sao.pdf');
      const stamped = await cli.run([
        'export',
        caseId,
        '--pdf',
        copy,
        '--profile',
        'working',
        '--watermark',
        '--json',
      ]);
      expect(stamped.code).toBe(0);
      expect(
        run('pdftotext', ['-raw', '-f', '4', '-l', '4', copy, '-']).replace(/\s+/g, ''),
      ).toContain('BẢNSAO–');
      expect(run('pdftotext', ['-raw', '-f', '4', '-l', '4', out, '-'])).not.toContain('BẢN SAO');
      expect((await cli.run(['verify', copy])).code).toBe(0);
      // The manifest route serves this case's manifests, by their hash, and nothing else.
      const api = await loginClerk();
      const served = await api.getExportManifest(
        caseId,
        createHash('sha256')
          .update(await readFile(manifestFile))
          .digest('hex'),
      );
      expect(Buffer.from(served.bytes).equals(await readFile(manifestFile))).toBe(true);
      await expect(api.getExportManifest(caseId, '0'.repeat(64))).rejects.toMatchObject({
        status: 404,
        code: 'export.manifest_not_found',
      });
      expect((await cli.run(['verify', copy, '--manifest', manifestFile])).code).toBe(1);
    },
    180_000,
  );

  test('--annotations shared draws the shared highlights and notes into the PDF', async () => {
    const api = await loginClerk();
    for (let i = 0; i < 600; i++) {
      if ((await api.progress(caseId)).progress.finished) {
        break;
      }
      await new Promise((r) => setTimeout(r, 200));
    }
    const { pages } = await api.listPages(caseId);
    await api.createAnnotation(caseId, {
      kind: 'region',
      pageId: pages[0]!.id,
      rect: { x: 0.1, y: 0.1, w: 0.4, h: 0.05 },
      text: 'Đánh dấu chung',
      visibility: 'shared',
    });
    await api.createAnnotation(caseId, {
      kind: 'note',
      pageId: pages[1]!.id,
      point: { x: 0.2, y: 0.2 },
      text: 'Riêng tư',
    });
    const out = join(folder, 'ghi-chu.pdf');
    const result = await cli.run([
      'export',
      caseId,
      '--pdf',
      out,
      '--profile',
      'working',
      '--annotations',
      'shared',
      '--json',
    ]);
    expect(result.code).toBe(0);
    const bytes = (await readFile(out)).toString('latin1');
    expect(bytes.match(/\/Subtype \/Highlight/g)).toHaveLength(1);
    // The private note is not in a "shared" export.
    expect(bytes).not.toMatch(/\/Subtype \/Text\b/);
    const bad = await cli.run(['export', caseId, '--pdf', out, '--annotations', 'all']);
    expect(bad.code).toBe(2);
  }, 300_000);

  test('reports a server refusal with its code and writes nothing', async () => {
    const out = join(folder, 'none.pdf');
    const result = await cli.run(['export', 'case_doesnotexist', '--pdf', out]);
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(/\[case\.not_found\]|\[request\.invalid\]/);
    expect(existsSync(out)).toBe(false);
    expect((await cli.run(['export', caseId])).code).toBe(2);
  });
});
