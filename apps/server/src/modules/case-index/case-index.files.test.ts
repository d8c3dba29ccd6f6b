import { strFromU8, unzipSync } from 'fflate';
import { readSheet } from 'read-excel-file/node';
import { describe, expect, test } from 'vitest';
import { renderCaseIndexDocx } from './case-index.docx.ts';
import { buildCaseIndex } from './case-index.models.ts';
import {
  SAMPLE_CASE,
  SAMPLE_UNIT,
  sampleCriminalDocuments,
  structureOf,
} from './case-index.test-utils.ts';
import { renderCaseIndexXlsx, XLSX_FROZEN_ROWS } from './case-index.xlsx.ts';

const indexIn = (language: 'vi' | 'en') =>
  buildCaseIndex({
    caseInfo: SAMPLE_CASE,
    unit: SAMPLE_UNIT,
    volumes: [],
    structure: structureOf({ documents: sampleCriminalDocuments() }),
    language,
    now: new Date('2026-11-29T08:00:00Z'),
  }).index;

const entry = (bytes: Uint8Array, path: string) => {
  const files = unzipSync(bytes);
  expect(Object.keys(files)).toContain(path);
  return strFromU8(files[path]!);
};
/** The visible text of a WordprocessingML part, runs joined per paragraph. */
const paragraphs = (xml: string) =>
  [...xml.matchAll(/<w:p[ >][\s\S]*?<\/w:p>/g)].map((p) =>
    [...p[0].matchAll(/<w:t(?: [^>]*)?>([^<]*)<\/w:t>/g)].map((t) => t[1]).join(''),
  );
const twips = (mm: number) => Math.round((mm * 1440) / 25.4);

describe('renderCaseIndexDocx', () => {
  test('prints the heading, the title, every row and the totals', async () => {
    const index = indexIn('vi');
    const { bytes } = await renderCaseIndexDocx({ index });
    const xml = entry(bytes, 'word/document.xml');
    const text = paragraphs(xml);
    expect(text).toEqual(
      expect.arrayContaining([
        'VIỆN KIỂM SÁT NHÂN DÂN TỈNH THANH HÓA',
        'VIỆN KIỂM SÁT NHÂN DÂN HUYỆN ĐÔNG SƠN',
        'CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM',
        'Độc lập - Tự do - Hạnh phúc',
        'THỐNG KÊ TÀI LIỆU CÓ TRONG HỒ SƠ VỤ ÁN',
        'Vụ án: Vụ cố ý gây thương tích tại xã Đông Hòa',
        'Mã hồ sơ: HS-2021-0042',
        'TẬP 1',
        'I. Thủ tục tố tụng',
        'NGƯỜI LẬP',
      ]),
    );
    for (const row of index.volumes.flatMap((v) => v.sections.flatMap((s) => s.rows))) {
      const at = text.indexOf(row.title) - 1;
      expect(at).toBeGreaterThan(-1);
      expect(text.slice(at, at + 8)).toEqual([
        String(row.stt),
        row.title,
        row.number ?? '',
        row.dateText ?? '',
        row.issuer ?? '',
        row.butLucText,
        row.sheets === null ? '' : String(row.sheets),
        row.notes ?? '',
      ]);
    }
    expect(text).toContain('Tổng cộng: 5 tài liệu, 10 bút lục (từ bút lục 1 đến bút lục 43).');
  });

  test('follows the official layout: A4, margins, Times New Roman 13 pt, repeated header row', async () => {
    const { bytes } = await renderCaseIndexDocx({ index: indexIn('vi') });
    const xml = entry(bytes, 'word/document.xml');
    const size = /<w:pgSz ([^>]*)\/>/.exec(xml)![1]!;
    expect(size).toContain(`w:w="${twips(297)}"`);
    expect(size).toContain(`w:h="${twips(210)}"`);
    const margins = /<w:pgMar ([^>]*)\/>/.exec(xml)![1]!;
    expect(margins).toContain(`w:top="${twips(20)}"`);
    expect(margins).toContain(`w:bottom="${twips(20)}"`);
    expect(margins).toContain(`w:left="${twips(30)}"`);
    expect(margins).toContain(`w:right="${twips(15)}"`);
    expect(xml.match(/<w:tblHeader\/>/g)).toHaveLength(1);
    expect(xml).toContain('<w:titlePg/>'); // no page number on page 1
    // Times New Roman 13 pt is the default style; no run asks for another font or a size
    // outside 12–14 pt (the rule under the issuing body is an empty 4 pt run).
    const defaults = /<w:docDefaults>[\s\S]*?<\/w:docDefaults>/.exec(
      entry(bytes, 'word/styles.xml'),
    )![0];
    expect(defaults).toMatch(/<w:rFonts [^>]*w:ascii="Times New Roman"/);
    expect(defaults).toContain('<w:sz w:val="26"/>');
    const fonts = new Set([...xml.matchAll(/w:ascii="([^"]+)"/g)].map((m) => m[1]));
    expect([...fonts].filter((f) => f !== 'Times New Roman')).toEqual([]);
    const sizes = new Set([...xml.matchAll(/<w:sz w:val="(\d+)"\/>/g)].map((m) => Number(m[1])));
    expect([...sizes].filter((halfPoints) => ![8, 24, 26, 28].includes(halfPoints))).toEqual([]);
  });

  test('English labels when the index is in English', async () => {
    const { bytes } = await renderCaseIndexDocx({ index: indexIn('en') });
    const text = paragraphs(entry(bytes, 'word/document.xml'));
    expect(text).toEqual(
      expect.arrayContaining([
        'SOCIALIST REPUBLIC OF VIETNAM',
        'LIST OF DOCUMENTS IN THE CASE FILE',
        'Document',
        'PREPARED BY',
        'I. Procedural documents',
      ]),
    );
  });
});

describe('renderCaseIndexXlsx', () => {
  test('one sheet with the same rows: numbers as numbers, dates as dates', async () => {
    const index = indexIn('vi');
    const { bytes } = await renderCaseIndexXlsx({ index });
    const sheet = await readSheet(Buffer.from(bytes));
    expect(sheet[0]![0]).toBe('THỐNG KÊ TÀI LIỆU CÓ TRONG HỒ SƠ VỤ ÁN');
    expect(sheet[XLSX_FROZEN_ROWS - 1]).toEqual([
      'STT',
      'Tên tài liệu',
      'Số, ký hiệu',
      'Ngày',
      'Cơ quan ban hành',
      'Bút lục từ',
      'Bút lục đến',
      'Số tờ',
      'Ghi chú',
    ]);
    const rows = index.volumes.flatMap((v) => v.sections.flatMap((s) => s.rows));
    const dataRows = sheet.filter((r) => typeof r[0] === 'number');
    expect(dataRows).toEqual(
      rows.map((r) => [
        r.stt,
        r.title,
        r.number,
        r.date ? new Date(`${r.date}T00:00:00Z`) : null,
        r.issuer,
        r.butLucFrom,
        r.butLucTo,
        r.sheets,
        r.notes,
      ]),
    );
    expect(sheet.flat()).toContain('I. Thủ tục tố tụng');
  });

  test('freezes the heading rows, bolds section rows and wraps text', async () => {
    const { bytes } = await renderCaseIndexXlsx({ index: indexIn('vi') });
    const sheetXml = entry(bytes, 'xl/worksheets/sheet1.xml');
    expect(sheetXml).toMatch(
      new RegExp(`<pane [^>]*ySplit="${XLSX_FROZEN_ROWS}"[^>]*state="frozen"`),
    );
    expect(sheetXml).toContain('fitToWidth="1"');
    const styles = entry(bytes, 'xl/styles.xml');
    expect(styles).toContain('wrapText="1"');
    expect(styles).toMatch(/<b\/>|<b val="1"\/>/);
    expect(styles).toContain('dd/mm/yyyy');
    const workbook = entry(bytes, 'xl/workbook.xml');
    expect(workbook).toContain('_xlnm.Print_Titles');
  });
});
