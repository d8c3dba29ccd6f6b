import type { CaseIndex, CaseIndexRow } from '@sohoa/contracts';
import {
  AlignmentType,
  BorderStyle,
  Document,
  Header,
  Packer,
  PageNumber,
  PageOrientation,
  Paragraph,
  Table,
  TableBorders,
  TableCell,
  TableLayoutType,
  TableRow,
  TextRun,
  VerticalAlignTable,
  WidthType,
} from 'docx';
import { caseIndexLabels, romanNumeral } from './case-index.labels.ts';

/*
 * Layout of Nghị định 30/2020/NĐ-CP, Phụ lục I: A4, margins top 20, bottom 20, left 30, right 15 mm;
 * Times New Roman 13 pt (title 14 pt); the two-column heading (issuing body left, national motto
 * right); page numbers from page 2, centred in the top margin. The page is landscape, which the
 * decree allows for documents made of a table: eight columns at 13 pt do not fit the 165 mm of a
 * portrait page without wrapping dates and numbers letter by letter.
 */
const FONT = 'Times New Roman';
const SIZE = 26; // half-points: 13 pt
const TITLE_SIZE = 28; // 14 pt
const MARGIN_MM = { top: 20, bottom: 20, left: 30, right: 15 };
const TEXT_WIDTH_MM = 297 - MARGIN_MM.left - MARGIN_MM.right; // 252 mm
/** STT, title, number, date, issuer, bút lục, sheets, notes: sums to the 252 mm text width. */
const COLUMNS_MM = [12, 67, 32, 30, 48, 22, 16, 25];
const HEADING_COLUMNS_MM = [100, TEXT_WIDTH_MM - 100];

/** Millimetres → twips, rounded (docx's own helper floors: A4 would come out 1 twip short). */
const mm = (value: number) => Math.round((value * 1440) / 25.4);
const noBorders = TableBorders.NONE;
const line = { style: BorderStyle.SINGLE, size: 4, color: '000000' } as const;
/** Grid lines of the index table, set once on the table rather than on each cell. */
const gridBorders = {
  top: line,
  bottom: line,
  left: line,
  right: line,
  insideHorizontal: line,
  insideVertical: line,
};

interface TextOptions {
  bold?: boolean;
  italics?: boolean;
  size?: number;
  underline?: boolean;
}

/*
 * Font, size and paragraph spacing come from the document's default style and are not repeated
 * on every run: an index has thousands of cells, and docx builds an object per property.
 */
const run = (text: string, o: TextOptions = {}) =>
  new TextRun({
    text,
    ...(o.size && o.size !== SIZE ? { size: o.size } : {}),
    ...(o.bold ? { bold: true } : {}),
    ...(o.italics ? { italics: true } : {}),
    ...(o.underline ? { underline: {} } : {}),
  });

const para = (
  text: string,
  o: TextOptions & {
    align?: (typeof AlignmentType)[keyof typeof AlignmentType];
    before?: number;
    after?: number;
    keepNext?: boolean;
  } = {},
) =>
  new Paragraph({
    ...(o.align ? { alignment: o.align } : {}),
    ...(o.before || o.after ? { spacing: { before: o.before ?? 0, after: o.after ?? 0 } } : {}),
    ...(o.keepNext ? { keepNext: true } : {}),
    children: [run(text, o)],
  });

/** The short rule under the issuing body: a bottom border on a narrow, centred empty paragraph. */
const shortRule = (widthMm: number, columnMm: number) =>
  new Paragraph({
    indent: { left: mm((columnMm - widthMm) / 2), right: mm((columnMm - widthMm) / 2) },
    border: { bottom: { style: BorderStyle.SINGLE, size: 6, color: '000000', space: 1 } },
    spacing: { after: 0 },
    children: [run('', { size: 8 })],
  });

function headingTable(index: CaseIndex) {
  const labels = caseIndexLabels(index.language);
  const [leftMm, rightMm] = HEADING_COLUMNS_MM as [number, number];
  const left = [
    ...(index.header.unit.parentName
      ? [
          para(index.header.unit.parentName.toLocaleUpperCase('vi'), {
            align: AlignmentType.CENTER,
          }),
        ]
      : []),
    para(index.header.unit.name.toLocaleUpperCase('vi'), {
      bold: true,
      align: AlignmentType.CENTER,
    }),
    shortRule(25, leftMm),
  ];
  const right = [
    para(labels.nation, { bold: true, size: 24, align: AlignmentType.CENTER }),
    para(labels.motto, { bold: true, underline: true, align: AlignmentType.CENTER }),
    para('', {}),
    para(capitalize(index.header.generatedOn), {
      italics: true,
      align: AlignmentType.CENTER,
    }),
  ];
  const cell = (children: Paragraph[], widthMm: number) =>
    new TableCell({
      children,
      width: { size: mm(widthMm), type: WidthType.DXA },
      borders: noBorders,
    });
  return new Table({
    layout: TableLayoutType.FIXED,
    width: { size: mm(TEXT_WIDTH_MM), type: WidthType.DXA },
    columnWidths: [mm(leftMm), mm(rightMm)],
    borders: noBorders,
    rows: [new TableRow({ children: [cell(left, leftMm), cell(right, rightMm)] })],
  });
}

/** The place is unknown to the system, so the date line starts with "Ngày" instead of "<Địa danh>, ngày". */
const capitalize = (text: string) => text.charAt(0).toLocaleUpperCase('vi') + text.slice(1);

const CELL_MARGINS = { top: mm(0.6), bottom: mm(0.6), left: mm(0.9), right: mm(0.9) };

function tableCell(
  text: string,
  column: number,
  o: TextOptions & {
    align?: (typeof AlignmentType)[keyof typeof AlignmentType];
    span?: number;
  } = {},
) {
  const widthMm = COLUMNS_MM.slice(column, column + (o.span ?? 1)).reduce((a, b) => a + b, 0);
  return new TableCell({
    children: [para(text, o)],
    width: { size: mm(widthMm), type: WidthType.DXA },
    verticalAlign: VerticalAlignTable.CENTER,
    ...(o.span ? { columnSpan: o.span } : {}),
  });
}

function headerRow(index: CaseIndex) {
  const c = caseIndexLabels(index.language).columns;
  const heads = [c.stt, c.title, c.number, c.date, c.issuer, c.butLuc, c.sheets, c.notes];
  return new TableRow({
    tableHeader: true,
    cantSplit: true,
    children: heads.map((text, i) =>
      tableCell(text, i, { bold: true, align: AlignmentType.CENTER }),
    ),
  });
}

const spanningRow = (
  text: string,
  o: TextOptions & { align?: (typeof AlignmentType)[keyof typeof AlignmentType] },
) =>
  // A volume or section heading never ends a page: it stays with the first row it introduces.
  new TableRow({
    cantSplit: true,
    keepNext: true,
    children: [tableCell(text, 0, { ...o, span: COLUMNS_MM.length })],
  });

function documentRow(row: CaseIndexRow) {
  const center = { align: AlignmentType.CENTER };
  return new TableRow({
    cantSplit: true,
    children: [
      tableCell(String(row.stt), 0, center),
      tableCell(row.title, 1),
      tableCell(row.number ?? '', 2, center),
      tableCell(row.dateText ?? '', 3, center),
      tableCell(row.issuer ?? '', 4),
      tableCell(row.butLucText, 5, center),
      tableCell(row.sheets === null ? '' : String(row.sheets), 6, center),
      tableCell(row.notes ?? '', 7, { italics: row.flags.length > 0 }),
    ],
  });
}

function indexTable(index: CaseIndex) {
  const labels = caseIndexLabels(index.language);
  const rows: TableRow[] = [headerRow(index)];
  const showVolumes = index.volumes.length > 1;
  for (const volume of index.volumes) {
    if (showVolumes) {
      rows.push(
        spanningRow(labels.volume(volume.number, volume.title), {
          bold: true,
          align: AlignmentType.CENTER,
        }),
      );
    }
    for (const section of volume.sections) {
      rows.push(spanningRow(`${romanNumeral(section.number)}. ${section.name}`, { bold: true }));
      rows.push(...section.rows.map(documentRow));
    }
  }
  if (index.volumes.length === 0) {
    rows.push(spanningRow(labels.empty, { italics: true, align: AlignmentType.CENTER }));
  }
  return new Table({
    layout: TableLayoutType.FIXED,
    width: { size: mm(TEXT_WIDTH_MM), type: WidthType.DXA },
    columnWidths: COLUMNS_MM.map(mm),
    borders: gridBorders,
    margins: CELL_MARGINS,
    rows,
  });
}

function signatureBlock(index: CaseIndex) {
  const labels = caseIndexLabels(index.language);
  const [leftMm, rightMm] = HEADING_COLUMNS_MM as [number, number];
  const cell = (children: Paragraph[], widthMm: number) =>
    new TableCell({
      children,
      width: { size: mm(widthMm), type: WidthType.DXA },
      borders: noBorders,
    });
  return new Table({
    layout: TableLayoutType.FIXED,
    width: { size: mm(TEXT_WIDTH_MM), type: WidthType.DXA },
    columnWidths: [mm(leftMm), mm(rightMm)],
    borders: noBorders,
    rows: [
      new TableRow({
        cantSplit: true,
        children: [
          cell([para('')], leftMm),
          cell(
            [
              para(labels.preparer, { bold: true, align: AlignmentType.CENTER }),
              para(labels.signHint, { italics: true, align: AlignmentType.CENTER }),
            ],
            rightMm,
          ),
        ],
      }),
    ],
  });
}

/**
 * The index as a Word document (.docx) laid out like an official Vietnamese document.
 *
 * @example
 * const { bytes } = await renderCaseIndexDocx({ index });
 */
export async function renderCaseIndexDocx({
  index,
}: {
  index: CaseIndex;
}): Promise<{ bytes: Uint8Array }> {
  const labels = caseIndexLabels(index.language);
  const { header, totals } = index;
  const caseLine = `${labels.caseLine}: ${header.case.title}`;
  const details = [
    ...(header.case.code ? [`${labels.codeLine}: ${header.case.code}`] : []),
    ...(header.case.charges.length
      ? [`${labels.chargesLine}: ${header.case.charges.join('; ')}`]
      : []),
  ];
  const summary = [
    labels.totals({
      documents: totals.documents,
      sheets: totals.sheets,
      from: totals.butLucFrom,
      to: totals.butLucTo,
    }),
    ...(totals.unnumbered ? [labels.unnumbered(totals.unnumbered)] : []),
    ...(totals.unclassified ? [labels.unclassified(totals.unclassified)] : []),
  ];
  const document = new Document({
    creator: 'sohoa',
    title: `${header.title} – ${header.case.code ?? header.case.title}`,
    description: header.case.title,
    styles: {
      default: {
        document: {
          run: { font: FONT, size: SIZE },
          paragraph: { spacing: { before: 0, after: 0 } },
        },
      },
    },
    sections: [
      {
        properties: {
          page: {
            size: { width: mm(210), height: mm(297), orientation: PageOrientation.LANDSCAPE },
            margin: {
              top: mm(MARGIN_MM.top),
              bottom: mm(MARGIN_MM.bottom),
              left: mm(MARGIN_MM.left),
              right: mm(MARGIN_MM.right),
              header: mm(8),
              footer: mm(8),
            },
          },
          titlePage: true,
        },
        headers: {
          first: new Header({ children: [para('')] }),
          default: new Header({
            children: [
              new Paragraph({
                alignment: AlignmentType.CENTER,
                children: [new TextRun({ children: [PageNumber.CURRENT], font: FONT, size: SIZE })],
              }),
            ],
          }),
        },
        children: [
          headingTable(index),
          para(header.title, {
            bold: true,
            size: TITLE_SIZE,
            align: AlignmentType.CENTER,
            before: 360,
            after: 60,
          }),
          para(caseLine, { bold: true, align: AlignmentType.CENTER }),
          ...details.map((text) => para(text, { align: AlignmentType.CENTER })),
          para('', { after: 120 }),
          indexTable(index),
          ...summary.map((text, i) => para(text, { before: i === 0 ? 160 : 0, keepNext: true })),
          para('', { keepNext: true }),
          signatureBlock(index),
        ],
      },
    ],
  });
  const buffer = await Packer.toBuffer(document);
  return { bytes: new Uint8Array(buffer) };
}
