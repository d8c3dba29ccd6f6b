import PDFDocument from 'pdfkit';
import { CASE_PDF_FONTS } from './write-case-pdf.ts';

export interface TableReportColumn {
  head: string;
  /** Relative width (the columns share the printable width in these proportions). */
  width: number;
  align?: 'left' | 'right' | 'center';
}

export interface TableReportSection {
  heading: string;
  columns: TableReportColumn[];
  rows: string[][];
  /** Rows drawn in bold (totals). */
  boldRows?: number[];
}

/**
 * A printable report (A4 landscape): a title block, then tables with their column heads repeated
 * on every page, in the embedded DejaVu Serif so Vietnamese prints as typed. Pure: returns bytes.
 *
 * @example
 * const bytes = await writeTableReportPdf({ title: 'Báo cáo', subtitle: '01/01–31/12/2026',
 *   sections: [{ heading: 'Theo đơn vị', columns: [{ head: 'Đơn vị', width: 3 }], rows: [['A']] }] });
 */
export async function writeTableReportPdf({
  title,
  subtitle,
  sections,
  footer,
}: {
  title: string;
  subtitle: string;
  sections: TableReportSection[];
  footer?: string;
}): Promise<Uint8Array> {
  const doc = new PDFDocument({
    size: 'A4',
    layout: 'landscape',
    margin: 36,
    font: CASE_PDF_FONTS.regular,
    info: { Title: title, Creator: 'sohoa' },
  });
  doc.registerFont('regular', CASE_PDF_FONTS.regular);
  doc.registerFont('bold', CASE_PDF_FONTS.bold);
  const chunks: Buffer[] = [];
  doc.on('data', (chunk: Buffer) => chunks.push(chunk));
  const done = new Promise<void>((resolve, reject) => {
    doc.on('end', () => resolve());
    doc.on('error', reject);
  });

  const left = doc.page.margins.left;
  const usable = doc.page.width - left - doc.page.margins.right;
  const bottom = doc.page.height - doc.page.margins.bottom - 14;
  doc.font('bold').fontSize(15).text(title, { align: 'center' });
  doc.font('regular').fontSize(10).text(subtitle, { align: 'center' });
  doc.moveDown(0.8);

  for (const section of sections) {
    const total = section.columns.reduce((s, c) => s + c.width, 0);
    const widths = section.columns.map((c) => (c.width / total) * usable);
    const rowHeight = (cells: string[], font: string) => {
      doc.font(font).fontSize(8.5);
      return (
        Math.max(
          ...cells.map((cell, i) => doc.heightOfString(cell, { width: widths[i]! - 6 })),
          10,
        ) + 6
      );
    };
    const drawRow = (cells: string[], font: string, shade: boolean) => {
      const h = rowHeight(cells, font);
      let x = left;
      const y = doc.y;
      cells.forEach((cell, i) => {
        const w = widths[i]!;
        if (shade) {
          doc.rect(x, y, w, h).fillAndStroke('#e8edf3', '#555555');
        } else {
          doc.rect(x, y, w, h).stroke('#555555');
        }
        doc
          .fillColor('#000000')
          .font(font)
          .fontSize(8.5)
          .text(cell, x + 3, y + 3, { width: w - 6, align: section.columns[i]!.align ?? 'left' });
        x += w;
      });
      doc.x = left;
      doc.y = y + h;
    };
    const heads = section.columns.map((c) => c.head);
    if (doc.y + rowHeight(heads, 'bold') * 2 + 20 > bottom) {
      doc.addPage();
    }
    doc.font('bold').fontSize(11).text(section.heading, left, doc.y);
    doc.moveDown(0.3);
    drawRow(heads, 'bold', true);
    section.rows.forEach((row, index) => {
      const font = section.boldRows?.includes(index) ? 'bold' : 'regular';
      if (doc.y + rowHeight(row, font) > bottom) {
        doc.addPage();
        drawRow(heads, 'bold', true);
      }
      drawRow(row, font, false);
    });
    doc.moveDown(1);
  }
  if (footer) {
    doc
      .font('regular')
      .fontSize(8)
      .fillColor('#444444')
      .text(footer, left, doc.y, { width: usable });
  }
  doc.end();
  await done;
  return new Uint8Array(Buffer.concat(chunks));
}
