import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { structureCase, type StructureCatalogue, type StructurePage } from './structure-case.ts';

const catalogue = JSON.parse(
  readFileSync(new URL('../../../contracts/domain/document-types.json', import.meta.url), 'utf8'),
) as StructureCatalogue;

const HEADING = 'CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\nĐộc lập - Tự do - Hạnh phúc';

const pages = (texts: string[]): StructurePage[] =>
  texts.map((text, i) => ({
    ref: `p${String(i + 1)}`,
    volume: 1,
    text,
    isBlank: false,
    butLuc: i + 1,
  }));

const run = (texts: string[]) =>
  structureCase({ pages: pages(texts), caseKind: 'criminal', catalogue }).documents;

describe('structureCase on bad input', () => {
  it('keeps a photo page without any text inside the document before it', () => {
    const docs = run([`CÔNG AN HUYỆN BẢO LẠC\n${HEADING}\nBẢN ẢNH HIỆN TRƯỜNG`, '', '   \n ']);
    expect(docs.map((d) => d.pageRefs)).toEqual([['p1', 'p2', 'p3']]);
  });

  it('makes a first page without text a document of unknown type, with a reason', () => {
    const [doc] = run(['']);
    expect(doc).toMatchObject({ type: 'KHAC', pageRefs: ['p1'] });
    expect(doc?.reasons.join(' ')).toMatch(/no catalogue title/);
  });

  it('answers OTHER for garbled OCR and for a title that is no catalogue type', () => {
    const docs = run([
      `${HEADING}\n#$% ~~ 1l1l1 ||| ÂÂÂ ợợợ\n@@@ ___ ;;;`,
      `ỦY BAN NHÂN DÂN XÃ HÒA BÌNH\n${HEADING}\nGIẤY CHỨNG NHẬN HỘ NGHÈO NĂM 2022`,
    ]);
    expect(docs.map((d) => d.type)).toEqual(['KHAC', 'KHAC']);
    for (const d of docs) {
      expect(d.reasons.some((r) => /title/.test(r))).toBe(true);
    }
  });

  it('leaves a date left blank or impossible unset and says why', () => {
    const docs = run([
      `CÔNG AN HUYỆN BẢO LẠC\nCƠ QUAN CẢNH SÁT ĐIỀU TRA\n${HEADING}\nSố: …/QĐ-CSĐT Bảo Lạc, ngày … tháng … năm 20…\nQUYẾT ĐỊNH\nKHỞI TỐ VỤ ÁN HÌNH SỰ`,
      `CÔNG AN HUYỆN BẢO LẠC\nCƠ QUAN CẢNH SÁT ĐIỀU TRA\n${HEADING}\nSố: 15/QĐ-CSĐT Bảo Lạc, ngày 31 tháng 02 năm 2021\nQUYẾT ĐỊNH\nKHỞI TỐ BỊ CAN`,
    ]);
    expect(docs.map((d) => [d.type, d.date])).toEqual([
      ['QD_KHOI_TO_VU_AN', null],
      ['QD_KHOI_TO_BI_CAN', null],
    ]);
    expect(docs[1]?.number).toBe('15/QĐ-CSĐT');
    for (const d of docs) {
      expect(d.reasons).toContain('date line blank or impossible');
    }
  });

  it('does not crash on pages of one huge line, control characters or odd Unicode', () => {
    const docs = run([
      'A'.repeat(200_000),
      '\u0000\u0007\uFFFD\u202E',
      'ngày 99 tháng 99 năm 9999',
    ]);
    expect(docs.length).toBeGreaterThan(0);
    expect(docs.every((d) => d.date === null)).toBe(true);
  });
});
