import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { structureCase, type StructureCatalogue, type StructurePage } from './structure-case.ts';

const catalogue = JSON.parse(
  readFileSync(new URL('../../../contracts/domain/document-types.json', import.meta.url), 'utf8'),
) as StructureCatalogue;

let seq = 0;
function page(text: string, options: Partial<StructurePage> = {}): StructurePage {
  seq += 1;
  return {
    ref: `tap_01.pdf#${String(seq)}`,
    volume: 1,
    text,
    isBlank: text.trim() === '',
    butLuc: seq,
    ...options,
  };
}

const HEADING = 'CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\nĐộc lập - Tự do - Hạnh phúc';
const POLICE = (line: string) =>
  `CÔNG AN HUYỆN AN LÃO CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\nCƠ QUAN CẢNH SÁT ĐIỀU TRA Độc lập - Tự do - Hạnh phúc\n${line}`;

function run(pages: StructurePage[], caseKind = 'criminal') {
  return structureCase({ pages, caseKind, catalogue }).documents;
}

describe('structureCase segmentation', () => {
  it('starts documents at headings, joins continuation pages and leaves blanks out', () => {
    seq = 0;
    const docs = run([
      page(
        `${POLICE('Số: 12/QĐ-CSĐT Hải Phòng, ngày 07 tháng 4 năm 2021')}\nQUYẾT ĐỊNH\nKHỞI TỐ BỊ CAN\nPHÓ THỦ TRƯỞNG CƠ QUAN CẢNH SÁT ĐIỀU TRA\nCăn cứ Điều 179 Bộ luật Tố tụng hình sự;`,
      ),
      page(
        'Điều 2. Bị can có các quyền sau đây:\na) Được biết lý do mình bị khởi tố;\nKT. THỦ TRƯỞNG',
      ),
      page('', { butLuc: null }),
      page(
        `${POLICE('')}\nBIÊN BẢN\nGHI LỜI KHAI\nHồi 08 giờ 15 phút, ngày 09 tháng 4 năm 2021, tại trụ sở Công an huyện.\nĐiều tra viên: Trần Văn Bình.`,
      ),
      page(
        'Hỏi: Anh trình bày tiếp?\nTrả lời: Tôi không biết gì thêm.\nNGƯỜI KHAI ĐIỀU TRA VIÊN\nPhạm Văn Tú Trần Văn Bình',
      ),
      page('', { butLuc: null }),
    ]);
    expect(docs.map((d) => [d.firstPage, d.lastPage, d.type])).toEqual([
      ['tap_01.pdf#1', 'tap_01.pdf#2', 'QD_KHOI_TO_BI_CAN'],
      ['tap_01.pdf#4', 'tap_01.pdf#5', 'BB_GHI_LOI_KHAI'],
    ]);
    expect(docs[0]?.pageRefs).toEqual(['tap_01.pdf#1', 'tap_01.pdf#2']);
    expect(docs[0]).toMatchObject({ number: '12/QĐ-CSĐT', date: '2021-04-07' });
    expect(docs[0]?.issuer).toBe('CÔNG AN HUYỆN AN LÃO CƠ QUAN CẢNH SÁT ĐIỀU TRA');
    expect(docs[1]).toMatchObject({ number: null, date: '2021-04-09' });
    expect(docs[1]?.persons).toEqual([{ name: 'Trần Văn Bình', role: 'DIEU_TRA_VIEN' }]);
  });

  it('recognises a volume cover and never lets a document straddle volumes', () => {
    seq = 0;
    const docs = run([
      page(
        'CÔNG AN HUYỆN AN LÃO\n\nHỒ SƠ VỤ ÁN\nVụ án: Cố ý gây thương tích\nTẬP 01\nNgày khởi tố: 02/04/2021',
        {
          butLuc: null,
        },
      ),
      page(`${HEADING}\nHải Phòng, ngày 01 tháng 4 năm 2021\nĐƠN TRÌNH BÁO\nKính gửi: Công an xã`),
      page('tiếp nội dung đơn, tôi xin cam đoan.\nNGƯỜI LÀM ĐƠN', { volume: 2 }),
    ]);
    expect(docs.map((d) => [d.type, d.firstPage])).toEqual([
      ['BIA_HO_SO', 'tap_01.pdf#1'],
      ['DON_TRINH_BAO', 'tap_01.pdf#2'],
      [expect.any(String), 'tap_01.pdf#3'],
    ]);
    expect(docs[0]?.date).toBe('2021-04-02');
    expect(docs[2]?.reasons.join(' ')).toContain('new volume');
  });

  it('keeps titled attachments as their own documents with the parent date', () => {
    seq = 0;
    const docs = run([
      page(
        `${POLICE('')}\nBIÊN BẢN KHÁM NGHIỆM HIỆN TRƯỜNG\nHồi 10 giờ 00 phút, ngày 03 tháng 5 năm 2020, tại thôn Đông.`,
      ),
      page('BẢN ẢNH HIỆN TRƯỜNG\nẢnh số 1: Toàn cảnh hiện trường'),
      page('Ảnh số 2: Cận cảnh dấu vết'),
    ]);
    expect(docs.map((d) => [d.type, d.pageRefs.length])).toEqual([
      ['BB_KHAM_NGHIEM_HIEN_TRUONG', 1],
      ['BAN_ANH_HIEN_TRUONG', 2],
    ]);
    expect(docs[1]?.date).toBe('2020-05-03');
  });

  it('matches titles with OCR errors on folded text', () => {
    seq = 0;
    const docs = run([
      page(
        `${POLICE('Số: 4O/QĐ-CSĐT Hải Phòng, ngày O5 tháng 3 năm 2019')}\nQUYET DlNH KHOl T0 VU ÁN HlNH SƯ\nCăn cứ`,
      ),
      page('BIÊN BAN HÒI CUNG BỊ CAN\nHồi 9 giờ 00 phút, ngày 06 tháng 3 năm 2019'),
    ]);
    expect(docs.map((d) => d.type)).toEqual(['QD_KHOI_TO_VU_AN', 'BB_HOI_CUNG_BI_CAN']);
    expect(docs[0]?.number).toBe('40/QĐ-CSĐT');
    expect(docs[0]?.date).toBe('2019-03-05');
    expect(docs[0]?.typeConfidence).toBeGreaterThan(0.7);
  });

  it('settles shared titles by case kind', () => {
    seq = 0;
    const text = `TÒA ÁN NHÂN DÂN QUẬN A ${HEADING}\nBIÊN BẢN LẤY LỜI KHAI\nHồi 9 giờ 00 phút, ngày 06 tháng 3 năm 2019`;
    expect(run([page(text)], 'commercial')[0]?.type).toBe('BB_LAY_LOI_KHAI_DUONG_SU');
    expect(run([page(text)], 'criminal')[0]?.type).toBe('BB_GHI_LOI_KHAI');
  });

  it('uses text cues when there is no title and falls back to KHAC', () => {
    seq = 0;
    const docs = run([
      page(
        `VIỆN KIỂM SÁT NHÂN DÂN HUYỆN B ${HEADING}\nSố: 15/VKS-HS Hải Phòng, ngày 10 tháng 6 năm 2022\nV/v trả lời đơn của công dân\nKính gửi: Ông Nguyễn Văn C`,
      ),
      page(`${HEADING}\nPHIẾU THEO DÕI NỘI BỘ\nngày … tháng … năm 20…`),
    ]);
    expect(docs.map((d) => d.type)).toEqual(['CONG_VAN', 'KHAC']);
    expect(docs[1]?.date).toBeNull();
    expect(docs[1]?.reasons.some((r) => /title/.test(r))).toBe(true);
  });

  it('does not split a section heading of an "other"-form document without a heading', () => {
    seq = 0;
    const docs = run([
      page(`${POLICE('')}\nLÝ LỊCH BỊ CAN\nHọ và tên: Lê Văn D`),
      page('DANH CHỈ BẢN\nNgón cái phải Ngón trỏ phải\nNGƯỜI KHAI ĐIỀU TRA VIÊN'),
    ]);
    expect(docs.map((d) => [d.type, d.pageRefs.length])).toEqual([['LY_LICH_BI_CAN', 2]]);
  });

  // Speed is measured by `npm run bench:structure`, not asserted here.
  it('structures 1,000 pages of alternating documents', () => {
    seq = 0;
    const pages: StructurePage[] = [];
    for (let i = 0; i < 250; i++) {
      pages.push(
        page(
          `${POLICE(`Số: ${String(i + 1)}/QĐ-CSĐT Hải Phòng, ngày 07 tháng 4 năm 2021`)}\nQUYẾT ĐỊNH\nTẠM GIỮ\nCăn cứ`,
        ),
        page('Điều 2. Nội dung tiếp theo của quyết định;\nNơi nhận:'),
        page('', { butLuc: null }),
        page(`${POLICE('')}\nBIÊN BẢN NHẬN DẠNG\nHồi 08 giờ 15 phút, ngày 09 tháng 4 năm 2021`),
      );
    }
    const docs = run(pages);
    expect(docs).toHaveLength(500);
  });
});

describe('structureCase persons, signer, declarant and time range', () => {
  it('fills them per document and takes a declarant role left unstated from the case', () => {
    seq = 0;
    const docs = run([
      page(
        `${POLICE('Số: 31/QĐ-CSĐT Lào Cai, ngày 12 tháng 5 năm 2023')}\nQUYẾT ĐỊNH\nKHỞI TỐ BỊ CAN\nCăn cứ Điều 179 Bộ luật Tố tụng hình sự;\nĐiều 1. Khởi tố bị can đối với: Hầu A Páo, sinh năm 1995.\nNơi nhận:\n- Lưu: HSVA.\nTM. CƠ QUAN CẢNH SÁT ĐIỀU TRA\nTHỦ TRƯỞNG\nĐại tá Nông Văn Dũng`,
      ),
      page(
        `${POLICE('')}\nBIÊN BẢN\nGHI LỜI KHAI\nHồi 13 giờ 30 phút, ngày 14 tháng 5 năm 2023, tại trụ sở Công an huyện.\nTôi: Đại úy Vàng Seo Lử, Điều tra viên.\nTiến hành ghi lời khai của: Hầu A Páo, sinh năm 1995.\nHỏi: Anh trình bày sự việc?\nTrả lời: Tôi không nhớ.\nBiên bản kết thúc hồi 15 giờ 10 phút cùng ngày.\nNGƯỜI KHAI\nHầu A Páo\nĐIỀU TRA VIÊN\nVàng Seo Lử`,
      ),
    ]);
    expect(docs.map((d) => d.type)).toEqual(['QD_KHOI_TO_BI_CAN', 'BB_GHI_LOI_KHAI']);
    expect(docs[0]).toMatchObject({
      persons: [
        { name: 'Hầu A Páo', role: 'BI_CAN' },
        { name: 'Nông Văn Dũng', role: 'NGUOI_KY' },
      ],
      signer: { name: 'Nông Văn Dũng', title: 'THỦ TRƯỞNG', authority: 'TM.' },
      declarant: null,
      timeRange: null,
    });
    expect(docs[1]).toMatchObject({
      declarant: { name: 'Hầu A Páo', role: 'BI_CAN' },
      timeRange: { start: '2023-05-14T13:30', end: '2023-05-14T15:10' },
    });
    expect(docs[1]?.persons).toEqual(
      expect.arrayContaining([
        { name: 'Vàng Seo Lử', role: 'DIEU_TRA_VIEN' },
        { name: 'Hầu A Páo', role: 'BI_CAN' },
      ]),
    );
    expect(docs[1]?.reasons.join(' ')).toMatch(/declarant role BI_CAN/);
  });

  it('gives decisions no time range even when a wrapped line quotes the time of a record', () => {
    seq = 0;
    const docs = run([
      page(
        `${POLICE('Số: 40/QĐ-CSĐT Lào Cai, ngày 15 tháng 5 năm 2023')}\nQUYẾT ĐỊNH\nTẠM GIỮ\nCăn cứ Biên bản bắt người phạm tội quả tang lập\nhồi 22 giờ 10 phút, ngày 14 tháng 5 năm 2023;\nQUYẾT ĐỊNH:`,
      ),
    ]);
    expect(docs.map((d) => [d.type, d.timeRange])).toEqual([['QD_TAM_GIU', null]]);
  });

  it('extracts no persons without the catalogue roles', () => {
    seq = 0;
    const docs = structureCase({
      pages: [page(`${HEADING}\nBIÊN BẢN GHI LỜI KHAI\nNGƯỜI KHAI\nHầu A Páo`)],
      caseKind: 'criminal',
      catalogue: { types: catalogue.types },
    }).documents;
    expect(docs[0]).toMatchObject({ persons: [], signer: null, declarant: null });
  });
});
