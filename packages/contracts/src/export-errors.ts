/**
 * Failures of the digital case file export (PDF). The page concerned, when there is one, comes in
 * the error's `issues` ([{ path: 'page', message: 'tap_01.pdf#12 (tập 1, trang 12)' }]).
 */
export const EXPORT_ERROR_MESSAGES = {
  'export.ocr_unfinished': {
    vi: 'Hồ sơ còn trang chưa xử lý xong (OCR). Hãy chờ hoàn tất, hoặc xuất bản có đánh dấu "chưa hoàn tất" (force).',
    en: 'Some pages are still being processed (OCR). Wait for them, or export a copy marked "incomplete" (force).',
  },
  'export.source_missing': {
    vi: 'Không tìm thấy ảnh gốc của một trang trong kho lưu trữ; không tạo tệp xuất.',
    en: 'The stored image of a page is missing; no export file was made.',
  },
  'export.disk_full': {
    vi: 'Hết dung lượng đĩa khi đang ghi tệp xuất; tệp dở dang đã được xóa.',
    en: 'The disk filled up while writing the export; the partial file was removed.',
  },
  'export.write_failed': {
    vi: 'Không ghi được tệp xuất; tệp dở dang đã được xóa.',
    en: 'The export file could not be written; the partial file was removed.',
  },
  'export.no_pages': {
    vi: 'Không có trang nào để xuất (hồ sơ hoặc tập được chọn còn trống).',
    en: 'There is no page to export (the case or the chosen volume is empty).',
  },
  'export.verification_failed': {
    vi: 'Tệp PDF vừa tạo không vượt qua bước kiểm tra lại (số trang, nhãn bút lục, mục lục hoặc lớp chữ).',
    en: 'The new PDF failed its read-back check (page count, bút lục labels, bookmarks or text layer).',
  },
  'export.bad_image': {
    vi: 'Ảnh của một trang bị hỏng, không đưa được vào tệp PDF.',
    en: 'The image of a page is damaged and cannot go into the PDF.',
  },
  'export.manifest_not_found': {
    vi: 'Không tìm thấy tệp kê khai (manifest) này trong hồ sơ.',
    en: 'No such export manifest in this case.',
  },
} as const satisfies Record<string, { vi: string; en: string }>;
