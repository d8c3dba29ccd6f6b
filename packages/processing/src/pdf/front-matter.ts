import type PDFDocument from 'pdfkit';
import type { FrontMatter, IndexRow } from './pdf.types.ts';

type Doc = InstanceType<typeof PDFDocument>;

/** A4 portrait in points. */
export const A4: [number, number] = [595.28, 841.89];
const MARGIN = 48;

/** Named destination of a content page (index rows link to it before the page exists). */
export const destinationName = (pageIndex: number) => `p${pageIndex}`;

const ddmmyyyy = (d: Date) =>
  `${String(d.getUTCDate()).padStart(2, '0')}/${String(d.getUTCMonth() + 1).padStart(2, '0')}/${d.getUTCFullYear()}`;

/** ISO yyyy-mm-dd as Vietnamese write it: 12/3/2019. */
export const vietnameseDate = (iso: string | null) => {
  const m = iso ? /^(\d{4})-(\d{2})-(\d{2})/.exec(iso) : null;
  return m ? `${Number(m[3])}/${Number(m[2])}/${m[1]}` : (iso ?? '');
};

export const butLucRange = (from: number | null, to: number | null) =>
  from === null ? '' : to === null || to === from ? String(from) : `${from}–${to}`;

/**
 * Draws the cover sheet (one page) and the index pages. Returns the number of pages drawn. Index
 * rows become GoTo links to named destinations that the content pages define as they are written.
 */
export function drawFrontMatter({
  doc,
  front,
  fonts,
}: {
  doc: Doc;
  front: FrontMatter;
  fonts: { regular: string; bold: string };
}): { pages: number; indexPage: number | null } {
  let pages = 0;
  const newPage = () => {
    doc.addPage({ size: A4, margin: MARGIN });
    pages++;
  };
  newPage();
  drawCover({ doc, front, fonts });
  let indexPage: number | null = null;
  if (front.index.length > 0) {
    newPage();
    indexPage = pages - 1;
    drawIndex({ doc, rows: front.index, fonts, newPage });
  }
  if (front.provenance) {
    newPage();
    drawProvenance({ doc, provenance: front.provenance, fonts, newPage });
  }
  return { pages, indexPage };
}

function drawProvenance({
  doc,
  provenance,
  fonts,
  newPage,
}: {
  doc: Doc;
  provenance: NonNullable<FrontMatter['provenance']>;
  fonts: { regular: string; bold: string };
  newPage: () => void;
}) {
  const width = A4[0] - 2 * MARGIN;
  const bottom = A4[1] - MARGIN;
  doc.fillColor('black');
  doc
    .font(fonts.bold)
    .fontSize(14)
    .text('NGUỒN VÀ TÍNH TOÀN VẸN CỦA BẢN SỐ', MARGIN, MARGIN, { width, align: 'center' });
  doc.moveDown(0.8);
  doc
    .font(fonts.regular)
    .fontSize(9.5)
    .text(
      `Tạo bởi ${provenance.generator.name} phiên bản ${provenance.generator.version}. ` +
        'Tệp PDF không thể chứa mã SHA-256 của chính nó: mã băm của tệp này nằm trong tệp kê khai ' +
        '(manifest, <tệp>.pdf.manifest.json) đi kèm; kiểm tra bằng lệnh "sohoa verify <tệp>.pdf".',
      MARGIN,
      doc.y,
      { width },
    );
  doc.moveDown(0.8);
  doc
    .font(fonts.bold)
    .fontSize(10)
    .text(`Tệp nguồn (${String(provenance.sources.length)})`, MARGIN, doc.y, { width });
  doc.moveDown(0.4);
  provenance.sources.forEach((source, i) => {
    const head = `${String(i + 1)}. ${source.name} — tập ${String(source.volume)} — ${String(source.bytes)} byte`;
    const need =
      doc.font(fonts.regular).fontSize(9).heightOfString(head, { width }) +
      2 * doc.currentLineHeight() +
      4;
    if (doc.y + need > bottom) {
      newPage();
      doc.y = MARGIN;
    }
    doc.font(fonts.regular).fontSize(9).text(head, MARGIN, doc.y, { width });
    doc
      .font(fonts.regular)
      .fontSize(8)
      .text(`SHA-256: ${source.sha256}`, MARGIN + 14, doc.y, {
        width: width - 14,
      });
    doc.moveDown(0.4);
  });
}

function drawCover({
  doc,
  front,
  fonts,
}: {
  doc: Doc;
  front: FrontMatter;
  fonts: { regular: string; bold: string };
}) {
  const width = A4[0] - 2 * MARGIN;
  doc.fillColor('black');
  doc.font(fonts.bold).fontSize(12).text(front.unitName.toUpperCase(), MARGIN, 60, { width });
  doc.font(fonts.bold).fontSize(26).text('HỒ SƠ VỤ ÁN', MARGIN, 200, { width, align: 'center' });
  doc.font(fonts.regular).fontSize(12).text('(bản số hóa)', { width, align: 'center' });
  doc.moveDown(1.5);
  doc.font(fonts.bold).fontSize(16).text(front.caseTitle, { width, align: 'center' });
  doc.moveDown(2);
  const lines: Array<[string, string]> = [
    ['Mã hồ sơ', front.nationalCode ?? '—'],
    ...(front.internalNumber ? [['Số thụ lý', front.internalNumber] as [string, string]] : []),
    ['Tội danh', front.charges.length > 0 ? front.charges.join('; ') : '—'],
    ...(front.volume ? [['Tập', String(front.volume)] as [string, string]] : []),
    ['Số tập', String(front.volumes)],
    ['Số tờ (bút lục)', String(front.sheets)],
    ['Số trang', String(front.pages)],
    ['Ngày lập bản số', ddmmyyyy(front.generatedAt)],
  ];
  doc.fontSize(12);
  for (const [label, value] of lines) {
    doc.font(fonts.bold).text(`${label}: `, MARGIN + 40, doc.y, { continued: true });
    doc.font(fonts.regular).text(value, { width: width - 80 });
    doc.moveDown(0.3);
  }
  if (front.incomplete) {
    doc.moveDown(2);
    doc
      .font(fonts.bold)
      .fontSize(18)
      .fillColor('#b00020')
      .text('CHƯA HOÀN TẤT', MARGIN, doc.y, { width, align: 'center' });
    doc
      .font(fonts.regular)
      .fontSize(11)
      .text(
        `Còn ${front.incomplete.pendingPages} trang chưa xử lý xong (OCR) khi xuất bản này.`,
        MARGIN,
        doc.y,
        { width, align: 'center' },
      );
    doc.fillColor('black');
  }
  doc
    .font(fonts.regular)
    .fontSize(9)
    .fillColor('#555555')
    .text(`Tạo bởi sohoa ngày ${ddmmyyyy(front.generatedAt)}`, MARGIN, A4[1] - MARGIN - 12, {
      width,
      align: 'center',
      lineBreak: false,
    });
  doc.fillColor('black');
}

const COLUMNS = [
  { key: 'stt', title: 'STT', width: 30 },
  { key: 'title', title: 'Tên tài liệu', width: 190 },
  { key: 'number', title: 'Số, ký hiệu', width: 74 },
  { key: 'date', title: 'Ngày', width: 58 },
  { key: 'issuer', title: 'Cơ quan ban hành', width: 94 },
  { key: 'butLuc', title: 'Bút lục', width: 53 },
] as const;

function cellsOf(row: IndexRow): Record<(typeof COLUMNS)[number]['key'], string> {
  return {
    stt: String(row.stt),
    title: row.title,
    number: row.number ?? '',
    date: vietnameseDate(row.date),
    issuer: row.issuer ?? '',
    butLuc: butLucRange(row.butLucFrom, row.butLucTo),
  };
}

function drawIndex({
  doc,
  rows,
  fonts,
  newPage,
}: {
  doc: Doc;
  rows: IndexRow[];
  fonts: { regular: string; bold: string };
  newPage: () => void;
}) {
  const pad = 3;
  const bottom = A4[1] - MARGIN;
  const tableWidth = COLUMNS.reduce((s, c) => s + c.width, 0);
  let y = MARGIN;
  const header = () => {
    doc.font(fonts.bold).fontSize(9);
    let x = MARGIN;
    const h =
      Math.max(...COLUMNS.map((c) => doc.heightOfString(c.title, { width: c.width - 2 * pad }))) +
      2 * pad;
    for (const c of COLUMNS) {
      doc.rect(x, y, c.width, h).stroke();
      doc.text(c.title, x + pad, y + pad, { width: c.width - 2 * pad, align: 'center' });
      x += c.width;
    }
    y += h;
  };
  doc
    .font(fonts.bold)
    .fontSize(16)
    .text('MỤC LỤC', MARGIN, y, { width: tableWidth, align: 'center' });
  y = doc.y + 10;
  header();
  let section: string | null = null;
  for (const row of rows) {
    doc.font(fonts.regular).fontSize(8.5);
    const cells = cellsOf(row);
    const h =
      Math.max(
        ...COLUMNS.map((c) =>
          doc.heightOfString(cells[c.key] || ' ', { width: c.width - 2 * pad }),
        ),
      ) +
      2 * pad;
    const sectionHeight = row.section !== section ? 16 : 0;
    if (y + h + sectionHeight > bottom) {
      newPage();
      y = MARGIN;
      header();
    }
    if (row.section !== section) {
      section = row.section;
      doc.rect(MARGIN, y, tableWidth, 16).fillAndStroke('#eeeeee', 'black');
      doc.fillColor('black').font(fonts.bold).fontSize(9);
      doc.text(section, MARGIN + pad, y + 4, { width: tableWidth - 2 * pad, lineBreak: false });
      y += 16;
      doc.font(fonts.regular).fontSize(8.5);
    }
    let x = MARGIN;
    for (const c of COLUMNS) {
      doc.rect(x, y, c.width, h).stroke();
      doc.text(cells[c.key], x + pad, y + pad, {
        width: c.width - 2 * pad,
        align: c.key === 'title' || c.key === 'issuer' ? 'left' : 'center',
      });
      x += c.width;
    }
    if (row.targetPageIndex !== null) {
      doc.goTo(MARGIN, y, tableWidth, h, destinationName(row.targetPageIndex));
    }
    y += h;
  }
}
