import type { CaseIndexFlag } from '@sohoa/contracts';

type Language = 'vi' | 'en';

/**
 * Printed wording of the index (column heads, national heading, footer), in both languages. The
 * DOCX, XLSX and PDF renderings take their labels from here so they read the same.
 */
export const CASE_INDEX_LABELS = {
  vi: {
    nation: 'CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM',
    motto: 'Độc lập - Tự do - Hạnh phúc',
    criminalTitle: 'THỐNG KÊ TÀI LIỆU CÓ TRONG HỒ SƠ VỤ ÁN',
    administrativeTitle: 'THỐNG KÊ TÀI LIỆU CÓ TRONG HỒ SƠ VỤ ÁN HÀNH CHÍNH',
    /** Civil, family, commercial and labour: "vụ việc" covers both lawsuits and petitions. */
    civilTitle: (kindLabel: string) =>
      `THỐNG KÊ TÀI LIỆU CÓ TRONG HỒ SƠ VỤ VIỆC ${kindLabel.toLocaleUpperCase('vi')}`,
    caseLine: 'Vụ án',
    codeLine: 'Mã hồ sơ',
    chargesLine: 'Tội danh',
    generatedOn: (d: { day: string; month: string; year: string }) =>
      `ngày ${d.day} tháng ${d.month} năm ${d.year}`,
    columns: {
      stt: 'STT',
      title: 'Tên tài liệu',
      number: 'Số, ký hiệu',
      date: 'Ngày',
      issuer: 'Cơ quan ban hành',
      butLuc: 'Bút lục',
      butLucFrom: 'Bút lục từ',
      butLucTo: 'Bút lục đến',
      sheets: 'Số tờ',
      notes: 'Ghi chú',
    },
    volume: (n: number, title: string | null) => `TẬP ${n}${title ? ` – ${title}` : ''}`,
    empty: 'Hồ sơ chưa có tài liệu nào được phân tách.',
    totals: (t: { documents: number; sheets: number; from: number | null; to: number | null }) =>
      `Tổng cộng: ${t.documents} tài liệu, ${t.sheets} bút lục` +
      (t.from !== null && t.to !== null ? ` (từ bút lục ${t.from} đến bút lục ${t.to}).` : '.'),
    unnumbered: (n: number) => `Số tài liệu chưa đánh bút lục: ${n}.`,
    unclassified: (n: number) => `Số tài liệu chưa phân loại: ${n}.`,
    preparer: 'NGƯỜI LẬP',
    signHint: '(Ký, ghi rõ họ tên)',
    sheetName: 'Thống kê tài liệu',
    flags: {
      UNCLASSIFIED: 'Chưa phân loại',
      TYPE_UNCERTAIN: 'Cần kiểm tra loại tài liệu',
      NO_BUT_LUC: 'Chưa đánh bút lục',
      DATE_UNREADABLE: 'Không đọc được ngày',
    } satisfies Record<CaseIndexFlag, string>,
  },
  en: {
    nation: 'SOCIALIST REPUBLIC OF VIETNAM',
    motto: 'Independence - Freedom - Happiness',
    criminalTitle: 'LIST OF DOCUMENTS IN THE CASE FILE',
    administrativeTitle: 'LIST OF DOCUMENTS IN THE ADMINISTRATIVE CASE FILE',
    civilTitle: (kindLabel: string) =>
      `LIST OF DOCUMENTS IN THE ${kindLabel.toUpperCase()} CASE FILE`,
    caseLine: 'Case',
    codeLine: 'Case code',
    chargesLine: 'Charges',
    generatedOn: (d: { day: string; month: string; year: string }) =>
      `${d.day}/${d.month}/${d.year}`,
    columns: {
      stt: 'No.',
      title: 'Document',
      number: 'Number',
      date: 'Date',
      issuer: 'Issued by',
      butLuc: 'Bút lục',
      butLucFrom: 'Bút lục from',
      butLucTo: 'Bút lục to',
      sheets: 'Sheets',
      notes: 'Notes',
    },
    volume: (n: number, title: string | null) => `VOLUME ${n}${title ? ` – ${title}` : ''}`,
    empty: 'No documents have been identified in this case file yet.',
    totals: (t: { documents: number; sheets: number; from: number | null; to: number | null }) =>
      `Total: ${t.documents} documents, ${t.sheets} bút lục` +
      (t.from !== null && t.to !== null ? ` (bút lục ${t.from} to ${t.to}).` : '.'),
    unnumbered: (n: number) => `Documents without bút lục: ${n}.`,
    unclassified: (n: number) => `Unclassified documents: ${n}.`,
    preparer: 'PREPARED BY',
    signHint: '(Signature and full name)',
    sheetName: 'Case index',
    flags: {
      UNCLASSIFIED: 'Unclassified',
      TYPE_UNCERTAIN: 'Type to be checked',
      NO_BUT_LUC: 'No bút lục',
      DATE_UNREADABLE: 'Date unreadable',
    } satisfies Record<CaseIndexFlag, string>,
  },
} as const;

export const caseIndexLabels = (language: Language) => CASE_INDEX_LABELS[language];

/** I, II, III … for section headings (sections are few; 1–39 is plenty). */
export function romanNumeral(n: number): string {
  const parts: Array<[number, string]> = [
    [10, 'X'],
    [9, 'IX'],
    [5, 'V'],
    [4, 'IV'],
    [1, 'I'],
  ];
  let rest = n;
  let out = '';
  for (const [value, letters] of parts) {
    while (rest >= value) {
      out += letters;
      rest -= value;
    }
  }
  return out;
}
