import { execFile } from 'node:child_process';
import { mkdtemp, readdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { renderCaseIndexDocx } from './case-index.docx.ts';
import { buildCaseIndex } from './case-index.models.ts';
import {
  SAMPLE_CASE,
  SAMPLE_UNIT,
  sampleCriminalDocuments,
  structureOf,
} from './case-index.test-utils.ts';
import { renderCaseIndexXlsx } from './case-index.xlsx.ts';

const run = promisify(execFile);
const onPath = async (command: string) =>
  run('sh', ['-c', `command -v ${command}`]).then(
    () => true,
    () => false,
  );
const tools = (await onPath('soffice')) && (await onPath('pdftotext'));

/** What a reader sees: text of the PDF, NFC, whitespace collapsed (cells wrap lines). */
async function pdfText(pdf: string) {
  const { stdout } = await run('pdftotext', ['-enc', 'UTF-8', pdf, '-']);
  return stdout.normalize('NFC').replace(/\s+/g, ' ');
}

describe.runIf(tools)('the index files open in LibreOffice (soffice --convert-to pdf)', () => {
  let dir: string;
  const index = buildCaseIndex({
    caseInfo: SAMPLE_CASE,
    unit: SAMPLE_UNIT,
    volumes: [],
    structure: structureOf({ documents: sampleCriminalDocuments() }),
    now: new Date('2026-11-29T08:00:00Z'),
  }).index;
  const rows = index.volumes.flatMap((v) => v.sections.flatMap((s) => s.rows));

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'sohoa-index-lo-'));
    await writeFile(join(dir, 'docx.docx'), (await renderCaseIndexDocx({ index })).bytes);
    await writeFile(join(dir, 'xlsx.xlsx'), (await renderCaseIndexXlsx({ index })).bytes);
    // One start of soffice for both files, with a private profile: soffice refuses to start while
    // another run holds the default one.
    const profile = pathToFileURL(join(dir, 'profile')).href;
    await run(
      'soffice',
      [
        `-env:UserInstallation=${profile}`,
        '--headless',
        '--convert-to',
        'pdf',
        '--outdir',
        join(dir, 'pdf'),
        join(dir, 'docx.docx'),
        join(dir, 'xlsx.xlsx'),
      ],
      { timeout: 150_000 },
    );
  }, 180_000);

  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  test.each(['docx', 'xlsx'])(
    'the %s converts to a PDF with the title and every row',
    async (kind) => {
      expect(await readdir(join(dir, 'pdf'))).toContain(`${kind}.pdf`);
      const text = await pdfText(join(dir, 'pdf', `${kind}.pdf`));
      expect(text).toContain('THỐNG KÊ TÀI LIỆU CÓ TRONG HỒ SƠ VỤ ÁN');
      expect(text).toContain('Vụ cố ý gây thương tích tại xã Đông Hòa');
      for (const row of rows) {
        if (row.number) {
          expect(text).toContain(row.number);
        }
        if (row.dateText) {
          expect(text).toContain(row.dateText);
        }
        // Titles may wrap inside their cell: check their first words.
        expect(text).toContain(row.title.split(' ').slice(0, 3).join(' '));
      }
    },
  );

  test('the DOCX keeps its landscape A4 pages and the signature place', async () => {
    const { stdout } = await run('pdfinfo', [join(dir, 'pdf', 'docx.pdf')]);
    expect(stdout).toMatch(/Page size:\s+841\.\d+ x 595\.\d+ pts \(A4\)/);
    expect(await pdfText(join(dir, 'pdf', 'docx.pdf'))).toContain('NGƯỜI LẬP');
  });
});

if (!tools) {
  test.skip('skipped: soffice or pdftotext is not on PATH (apt install libreoffice-writer-nogui libreoffice-calc-nogui poppler-utils)', () => {});
}
