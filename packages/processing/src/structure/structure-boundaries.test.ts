import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { structureCase, type StructureCatalogue, type StructurePage } from './structure-case.ts';

const catalogue = JSON.parse(
  readFileSync(new URL('../../../contracts/domain/document-types.json', import.meta.url), 'utf8'),
) as StructureCatalogue;

const HEADING = 'CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\nĐộc lập - Tự do - Hạnh phúc';

function pages(): StructurePage[] {
  const texts = [
    `VIỆN KIỂM SÁT NHÂN DÂN HUYỆN TIÊN LÃNG\n${HEADING}\nSố: 31/QĐ-VKS Tiên Lãng, ngày 02 tháng 8 năm 2022\nQUYẾT ĐỊNH\nPHÊ CHUẨN QUYẾT ĐỊNH KHỞI TỐ BỊ CAN`,
    'Điều 2. Quyết định này có hiệu lực kể từ ngày ký.\nVIỆN TRƯỞNG',
    'Danh sách kèm theo: các tài liệu liên quan đến việc khởi tố bị can.',
    `CÔNG AN HUYỆN TIÊN LÃNG\n${HEADING}\nBIÊN BẢN\nGHI LỜI KHAI\nHồi 09 giờ 00 phút, ngày 03 tháng 8 năm 2022, tại trụ sở Công an huyện.`,
    'Hỏi: Anh trình bày sự việc?\nTrả lời: Tôi không biết.',
  ];
  return texts.map((text, i) => ({
    ref: `p${String(i + 1)}`,
    volume: 1,
    text,
    isBlank: false,
    butLuc: i + 1,
  }));
}

const ranges = (boundaries?: { starts?: string[]; continues?: string[] }) =>
  structureCase({ pages: pages(), caseKind: 'criminal', catalogue, boundaries }).documents.map(
    (d) => d.pageRefs,
  );

describe('structureCase with boundaries set in review', () => {
  it('follows the layout signals when no boundary is set', () => {
    expect(ranges()).toEqual([
      ['p1', 'p2', 'p3'],
      ['p4', 'p5'],
    ]);
  });

  it('starts a document where a person split it, and classifies the new part on its own', () => {
    const docs = structureCase({
      pages: pages(),
      caseKind: 'criminal',
      catalogue,
      boundaries: { starts: ['p3'] },
    }).documents;
    expect(docs.map((d) => d.pageRefs)).toEqual([['p1', 'p2'], ['p3'], ['p4', 'p5']]);
    expect(docs[1]?.reasons).toContain('start: set in review');
    expect(docs[1]?.type).toBe('KHAC');
  });

  it('continues a document where a person merged two, whatever the page looks like', () => {
    expect(ranges({ continues: ['p4'] })).toEqual([['p1', 'p2', 'p3', 'p4', 'p5']]);
  });

  it('never continues across volumes, even when asked', () => {
    const input = pages().map((p, i) => ({ ...p, volume: i < 3 ? 1 : 2 }));
    const docs = structureCase({
      pages: input,
      caseKind: 'criminal',
      catalogue,
      boundaries: { continues: ['p4'] },
    }).documents;
    expect(docs.map((d) => d.pageRefs)).toEqual([
      ['p1', 'p2', 'p3'],
      ['p4', 'p5'],
    ]);
  });
});
