import type { CaseIndex, CaseIndexRow } from '@sohoa/contracts';
import writeExcelFile, { type CellObject, type Row, type SheetData } from 'write-excel-file/node';
import { caseIndexLabels, romanNumeral } from './case-index.labels.ts';

/** STT, title, number, date, issuer, bút lục from, to, sheets, notes (widths in characters). */
const COLUMN_WIDTHS = [6, 44, 20, 11, 30, 8, 8, 6, 24];
/** Points per line of 12 pt text. */
const LINE_HEIGHT = 15;
const COLUMN_COUNT = COLUMN_WIDTHS.length;
/** Title, case line and column heads stay on screen while scrolling. */
export const XLSX_FROZEN_ROWS = 3;

const bordered = { borderStyle: 'thin', borderColor: '#000000' } as const;
const textCell = (value: string | null, extra: Partial<CellObject> = {}): CellObject => ({
  ...(value ? { value, type: String } : {}),
  wrap: true,
  alignVertical: 'top',
  ...bordered,
  ...extra,
});
const numberCell = (value: number | null): CellObject => ({
  ...(value === null ? {} : { value, type: Number, format: '0' }),
  align: 'center',
  alignVertical: 'top',
  ...bordered,
});
const dateCell = (iso: string | null): CellObject => ({
  ...(iso ? { value: new Date(`${iso}T00:00:00Z`), type: Date, format: 'dd/mm/yyyy' } : {}),
  align: 'center',
  alignVertical: 'top',
  ...bordered,
});

/**
 * Printing: fit the columns to the page width (LibreOffice and Excel otherwise cut the sheet into
 * vertical strips) and repeat the frozen rows at the top of every printed page. write-excel-file
 * has no option for either, so this feature edits the two XML parts it writes.
 */
const printLayout = (sheetName: string): XlsxFeature => ({
  files: {
    transform: {
      'xl/worksheets/sheet{id}.xml': {
        transform: (xml) =>
          xml
            .replace(
              /(<worksheet\b[^>]*>)(?!<sheetPr)/,
              '$1<sheetPr><pageSetUpPr fitToPage="1"/></sheetPr>',
            )
            .replace(
              /<pageSetup\b(?![^>]*fitToWidth)/,
              '<pageSetup fitToWidth="1" fitToHeight="0"',
            ),
      },
      'xl/workbook.xml': {
        transform: (xml) =>
          xml.replace(
            /<definedNames\/>|<definedNames>/,
            (found) =>
              `<definedNames><definedName name="_xlnm.Print_Titles" localSheetId="0">'${sheetName.replace(/'/g, "''")}'!$1:$${XLSX_FROZEN_ROWS}</definedName>${found === '<definedNames/>' ? '</definedNames>' : ''}`,
          ),
      },
    },
  },
});

/** The writer's feature type, for its Node build (the package does not export its file type). */
type XlsxFeature = NonNullable<
  NonNullable<Parameters<typeof writeExcelFile>[1]>['features']
>[number];

/** A row with one cell spanning the whole width (the other cells are ignored by the writer). */
const spanning = (cell: CellObject): Row => [
  { ...cell, columnSpan: COLUMN_COUNT },
  ...Array.from({ length: COLUMN_COUNT - 1 }, () => null),
];

/**
 * Rows are given a height for their wrapped text: LibreOffice keeps the default height of a row on
 * import, which would clip a long title or issuer. A column `width` holds about that many
 * characters of the 12 pt font.
 */
function rowHeight(texts: Array<[string | null, number]>) {
  const lines = Math.max(
    1,
    ...texts.map(([text, column]) =>
      text ? Math.ceil((text.length * 1.05) / (COLUMN_WIDTHS[column]! - 1)) : 1,
    ),
  );
  return lines * LINE_HEIGHT;
}

function documentRow(row: CaseIndexRow): Row {
  const height = rowHeight([
    [row.title, 1],
    [row.number, 2],
    [row.issuer, 4],
    [row.notes, 8],
  ]);
  return [
    { ...numberCell(row.stt), height },
    textCell(row.title),
    textCell(row.number, { align: 'center' }),
    dateCell(row.date),
    textCell(row.issuer),
    numberCell(row.butLucFrom),
    numberCell(row.butLucTo),
    numberCell(row.sheets),
    textCell(row.notes, row.flags.length ? { fontStyle: 'italic' } : {}),
  ];
}

/**
 * The index as one spreadsheet: the same columns as the DOCX, bút lục from/to as numbers, dates
 * as real dates (dd/mm/yyyy), section rows in bold, the title rows and column heads frozen.
 *
 * @example
 * const { bytes } = await renderCaseIndexXlsx({ index });
 */
export async function renderCaseIndexXlsx({
  index,
}: {
  index: CaseIndex;
}): Promise<{ bytes: Uint8Array }> {
  const labels = caseIndexLabels(index.language);
  const c = labels.columns;
  const { header, totals } = index;
  const caseLine = [
    `${labels.caseLine}: ${header.case.title}`,
    ...(header.case.code ? [`${labels.codeLine}: ${header.case.code}`] : []),
    ...(header.case.charges.length
      ? [`${labels.chargesLine}: ${header.case.charges.join('; ')}`]
      : []),
    `${header.unit.name}, ${header.generatedOn}`,
  ].join(' — ');
  const data: SheetData = [
    spanning({ value: header.title, fontWeight: 'bold', fontSize: 14, align: 'center' }),
    spanning({ value: caseLine, wrap: true, align: 'center', height: 36 }),
    [c.stt, c.title, c.number, c.date, c.issuer, c.butLucFrom, c.butLucTo, c.sheets, c.notes].map(
      (text) =>
        textCell(text, {
          fontWeight: 'bold',
          align: 'center',
          alignVertical: 'center',
          height: 2 * LINE_HEIGHT,
        }),
    ),
  ];
  const showVolumes = index.volumes.length > 1;
  for (const volume of index.volumes) {
    if (showVolumes) {
      data.push(
        spanning(
          textCell(labels.volume(volume.number, volume.title), {
            fontWeight: 'bold',
            align: 'center',
          }),
        ),
      );
    }
    for (const section of volume.sections) {
      data.push(
        spanning(
          textCell(`${romanNumeral(section.number)}. ${section.name}`, {
            fontWeight: 'bold',
            alignVertical: 'center',
            height: LINE_HEIGHT + 3,
          }),
        ),
      );
      data.push(...section.rows.map(documentRow));
    }
  }
  if (index.volumes.length === 0) {
    data.push(spanning(textCell(labels.empty, { fontStyle: 'italic' })));
  }
  data.push(
    spanning({
      value: [
        labels.totals({
          documents: totals.documents,
          sheets: totals.sheets,
          from: totals.butLucFrom,
          to: totals.butLucTo,
        }),
        ...(totals.unnumbered ? [labels.unnumbered(totals.unnumbered)] : []),
        ...(totals.unclassified ? [labels.unclassified(totals.unclassified)] : []),
      ].join(' '),
      fontWeight: 'bold',
    }),
  );
  const buffer = await writeExcelFile(
    data,
    {
      sheet: labels.sheetName,
      columns: COLUMN_WIDTHS.map((width) => ({ width })),
      stickyRowsCount: XLSX_FROZEN_ROWS,
      orientation: 'landscape',
    },
    { fontFamily: 'Times New Roman', fontSize: 12, features: [printLayout(labels.sheetName)] },
  ).toBuffer();
  return { bytes: new Uint8Array(buffer) };
}
