import type { Dashboard, DashboardFigures, TargetMetric, TargetStatus } from '@sohoa/contracts';
import { writeTableReportPdf } from '@sohoa/processing';
import writeExcelFile, { type CellObject, type SheetData } from 'write-excel-file/node';

/*
 * The dashboard as a report for the committee (XLSX and PDF), headings in Vietnamese. Both are
 * built from the same `Dashboard` the API returns, so a report never disagrees with the screen.
 */

export const REPORT_CONTENT_TYPES = {
  xlsx: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
  pdf: 'application/pdf',
} as const;
export type ReportFormat = keyof typeof REPORT_CONTENT_TYPES;

const FIGURE_COLUMNS: Array<{ head: string; value: (f: DashboardFigures) => number | null }> = [
  { head: 'Vụ án tiếp nhận', value: (f) => f.casesReceived },
  { head: 'Hồ sơ đã số hóa (đã duyệt)', value: (f) => f.casesDigitized },
  { head: 'Trang đã số hóa', value: (f) => f.pagesDigitized },
  { head: 'Tờ đã số hóa', value: (f) => f.sheetsDigitized },
  { head: 'Vụ án đã truy tố', value: (f) => f.indictedCases },
  { head: 'Trong đó đã số hóa', value: (f) => f.indictedDigitized },
  { head: 'Tỷ lệ số hóa vụ án truy tố (%)', value: (f) => f.indictedShareDigitized },
  { head: 'Phiên tòa', value: (f) => f.hearings },
  { head: 'Phiên tòa sử dụng hồ sơ số', value: (f) => f.hearingsWithDigitizedFile },
  { head: 'Trang chờ kiểm tra', value: (f) => f.pagesAwaitingReview },
  { head: 'Trang lỗi OCR', value: (f) => f.ocrFailures },
];

export const METRIC_LABELS_VI: Record<TargetMetric, string> = {
  hearings_with_digitized_file: 'Phiên tòa sử dụng hồ sơ số',
  indicted_share_digitized: 'Tỷ lệ vụ án truy tố đã số hóa (%)',
  cases_digitized: 'Hồ sơ đã số hóa',
  pages_digitized: 'Trang đã số hóa',
};
export const STATUS_LABELS_VI: Record<TargetStatus, string> = {
  met: 'Đạt',
  on_track: 'Đúng tiến độ',
  at_risk: 'Có nguy cơ',
  missed: 'Không đạt',
};

const viDate = (iso: string) => `${iso.slice(8, 10)}/${iso.slice(5, 7)}/${iso.slice(0, 4)}`;
const num = (n: number | null) => (n === null ? '—' : n.toLocaleString('vi-VN'));

export const reportTitle = (d: Dashboard) => `Báo cáo tiến độ số hóa hồ sơ — ${d.unit.name}`;
export const reportSubtitle = (d: Dashboard) =>
  `Từ ngày ${viDate(d.from)} đến ngày ${viDate(d.to)} · lập lúc ${d.generatedAt.slice(0, 16).replace('T', ' ')} (UTC)`;
export const reportFileName = (d: Dashboard, format: ReportFormat) =>
  `bao-cao-so-hoa-${d.unit.code}-${d.from}-${d.to}.${format}`;

function unitName(d: Dashboard, unitId: string) {
  return d.units.find((u) => u.id === unitId)?.name ?? unitId;
}

/** Target rows: unit, indicator, goal, period, actual, status (one per evaluated unit). */
function targetRows(d: Dashboard): string[][] {
  return d.targets.flatMap((t) =>
    t.results.map((r) => [
      unitName(d, r.unitId),
      METRIC_LABELS_VI[t.metric],
      `${t.comparator === '>=' ? '≥' : '≤'} ${num(t.value)}${t.appliesToSubtree ? ' (từng đơn vị)' : ''}`,
      `${viDate(t.from)} – ${viDate(t.to)}`,
      num(r.actual),
      STATUS_LABELS_VI[r.status],
    ]),
  );
}

const TARGET_HEADS = ['Đơn vị', 'Chỉ tiêu', 'Mức', 'Thời hạn', 'Thực hiện', 'Đánh giá'];

export async function renderDashboardReport({
  dashboard: d,
  format,
}: {
  dashboard: Dashboard;
  format: ReportFormat;
}): Promise<{ bytes: Uint8Array }> {
  const unitRows = d.units.map((u) => ({
    name: `${'  '.repeat(u.depth)}${u.name}`,
    code: u.code,
    values: FIGURE_COLUMNS.map((c) => c.value(u.figures)),
  }));
  const totalValues = FIGURE_COLUMNS.map((c) => c.value(d.totals));
  if (format === 'pdf') {
    const bytes = await writeTableReportPdf({
      title: reportTitle(d),
      subtitle: reportSubtitle(d),
      sections: [
        {
          heading: 'Kết quả theo đơn vị',
          columns: [
            { head: 'Đơn vị', width: 3.2 },
            ...FIGURE_COLUMNS.map((c) => ({ head: c.head, width: 1, align: 'right' as const })),
          ],
          rows: [
            ...unitRows.map((r) => [r.name, ...r.values.map(num)]),
            ['Tổng cộng', ...totalValues.map(num)],
          ],
          boldRows: [unitRows.length],
        },
        {
          heading: 'Diễn biến theo tháng (toàn bộ đơn vị)',
          columns: [
            { head: 'Tháng', width: 1 },
            { head: 'Vụ án tiếp nhận', width: 1, align: 'right' },
            { head: 'Hồ sơ đã số hóa', width: 1, align: 'right' },
            { head: 'Trang đã số hóa', width: 1, align: 'right' },
            { head: 'Phiên tòa sử dụng hồ sơ số', width: 1, align: 'right' },
          ],
          rows: d.trend.map((p) => [
            `${p.month.slice(5, 7)}/${p.month.slice(0, 4)}`,
            num(p.casesReceived),
            num(p.casesDigitized),
            num(p.pagesDigitized),
            num(p.hearingsWithDigitizedFile),
          ]),
        },
        ...(d.targets.length > 0
          ? [
              {
                heading: 'Chỉ tiêu của Ban chỉ đạo',
                columns: TARGET_HEADS.map((head, i) => ({
                  head,
                  width: [2.4, 2.4, 1.4, 1.8, 1, 1.2][i]!,
                })),
                rows: targetRows(d),
              },
            ]
          : []),
      ],
      footer:
        'Số liệu tính trực tiếp từ dữ liệu hệ thống. "Đã số hóa" = hồ sơ ở trạng thái Đã duyệt; tờ = số bút lục khác nhau (xem docs/dashboard.md).',
    });
    return { bytes };
  }
  const bold = { fontWeight: 'bold' as const };
  const str = (value: string, extra: Partial<CellObject> = {}): CellObject => ({
    value,
    type: String,
    ...extra,
  });
  const numCell = (value: number | null, extra: Partial<CellObject> = {}): CellObject =>
    value === null ? { ...extra } : { value, type: Number, ...extra };
  const sheet1: SheetData = [
    [str(reportTitle(d), bold)],
    [str(reportSubtitle(d))],
    [str('Đơn vị', bold), str('Mã', bold), ...FIGURE_COLUMNS.map((c) => str(c.head, bold))],
    ...unitRows.map((r) => [str(r.name), str(r.code), ...r.values.map((v) => numCell(v))]),
    [str('Tổng cộng', bold), str(''), ...totalValues.map((v) => numCell(v, bold))],
  ];
  const sheet2: SheetData = [
    [
      str('Tháng', bold),
      str('Vụ án tiếp nhận', bold),
      str('Hồ sơ đã số hóa', bold),
      str('Trang đã số hóa', bold),
      str('Phiên tòa sử dụng hồ sơ số', bold),
    ],
    ...d.trend.map((p) => [
      str(p.month),
      numCell(p.casesReceived),
      numCell(p.casesDigitized),
      numCell(p.pagesDigitized),
      numCell(p.hearingsWithDigitizedFile),
    ]),
  ];
  const sheet3: SheetData = [
    TARGET_HEADS.map((h) => str(h, bold)),
    ...targetRows(d).map((row) => row.map((cell) => str(cell))),
  ];
  const buffer = await writeExcelFile([
    {
      data: sheet1,
      sheet: 'Theo đơn vị',
      stickyRowsCount: 3,
      columns: [{ width: 36 }, { width: 10 }, ...FIGURE_COLUMNS.map(() => ({ width: 14 }))],
    },
    {
      data: sheet2,
      sheet: 'Theo tháng',
      stickyRowsCount: 1,
      columns: [{ width: 10 }, { width: 16 }, { width: 16 }, { width: 16 }, { width: 20 }],
    },
    {
      data: sheet3,
      sheet: 'Chỉ tiêu',
      stickyRowsCount: 1,
      columns: [
        { width: 30 },
        { width: 34 },
        { width: 18 },
        { width: 26 },
        { width: 12 },
        { width: 14 },
      ],
    },
  ]).toBuffer();
  return { bytes: new Uint8Array(buffer) };
}
