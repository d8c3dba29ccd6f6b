import type { AuditExportFormat } from '@sohoa/contracts';
import writeExcelFile, { type CellObject, type SheetData } from 'write-excel-file/node';
import type { AuditEventView } from './audit.usecases.ts';

export const AUDIT_EXPORT_CONTENT_TYPES: Record<AuditExportFormat, string> = {
  csv: 'text/csv; charset=utf-8',
  xlsx: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
};

type Language = 'vi' | 'en';

const COLUMNS: Array<{
  vi: string;
  en: string;
  width: number;
  value: (e: AuditEventView) => string;
}> = [
  { vi: 'STT chuỗi', en: 'Seq', width: 9, value: (e) => String(e.seq) },
  { vi: 'Thời điểm (UTC)', en: 'Time (UTC)', width: 24, value: (e) => e.occurredAt },
  { vi: 'Người dùng', en: 'User', width: 16, value: (e) => e.actorUsername ?? '' },
  { vi: 'Mã người dùng', en: 'User id', width: 26, value: (e) => e.actorUserId ?? '' },
  { vi: 'Đơn vị người dùng', en: 'User unit', width: 26, value: (e) => e.actorUnitId ?? '' },
  { vi: 'Vai trò', en: 'Roles', width: 16, value: (e) => e.actorRoles.join(' ') },
  { vi: 'Hành động', en: 'Action', width: 22, value: (e) => e.action },
  { vi: 'Kết quả', en: 'Outcome', width: 10, value: (e) => e.outcome },
  {
    vi: 'Đối tượng',
    en: 'Target',
    width: 34,
    value: (e) => (e.targetKind ? `${e.targetKind}:${e.targetId ?? ''}` : ''),
  },
  { vi: 'Vụ án', en: 'Case', width: 26, value: (e) => e.caseId ?? '' },
  { vi: 'Đơn vị', en: 'Unit', width: 26, value: (e) => e.unitId ?? '' },
  { vi: 'Địa chỉ IP', en: 'IP', width: 16, value: (e) => e.ip ?? '' },
  { vi: 'Chi tiết', en: 'Details', width: 50, value: (e) => JSON.stringify(e.details) },
  { vi: 'Mã băm', en: 'Hash', width: 66, value: (e) => e.hash ?? '' },
];

/** RFC 4180 quoting; a leading =+-@ is prefixed with ' so a spreadsheet never runs it as a formula. */
function csvField(value: string): string {
  const safe = /^[=+\-@\t\r]/.test(value) ? `'${value}` : value;
  return /[",\r\n]/.test(safe) ? `"${safe.replace(/"/g, '""')}"` : safe;
}

/**
 * The audit events as a CSV (UTF-8 with BOM, so Excel reads Vietnamese correctly) or an XLSX
 * sheet, one row per event, column heads in the requested language.
 */
export async function renderAuditExport({
  events,
  format,
  language,
}: {
  events: AuditEventView[];
  format: AuditExportFormat;
  language: Language;
}): Promise<{ bytes: Uint8Array }> {
  if (format === 'csv') {
    const lines = [
      COLUMNS.map((c) => csvField(c[language])).join(','),
      ...events.map((e) => COLUMNS.map((c) => csvField(c.value(e))).join(',')),
    ];
    return { bytes: new TextEncoder().encode(`\uFEFF${lines.join('\r\n')}\r\n`) };
  }
  const head: CellObject[] = COLUMNS.map((c) => ({
    value: c[language],
    type: String,
    fontWeight: 'bold',
  }));
  const rows: SheetData = [
    head,
    ...events.map((e) => COLUMNS.map((c): CellObject => ({ value: c.value(e), type: String }))),
  ];
  const buffer = await writeExcelFile(rows, {
    sheet: language === 'vi' ? 'Nhật ký' : 'Audit',
    columns: COLUMNS.map((c) => ({ width: c.width })),
    stickyRowsCount: 1,
  }).toBuffer();
  return { bytes: new Uint8Array(buffer) };
}
