/**
 * Per-file and per-page failures of ingestion and OCR. Shown to clerks next to the file name, so
 * each says what is wrong and what to do, in Vietnamese and English.
 */
export const PROCESSING_ERROR_MESSAGES = {
  'source.empty': { vi: 'Tệp rỗng (0 byte).', en: 'The file is empty (0 bytes).' },
  'source.unsupported_type': {
    vi: 'Định dạng tệp không được hỗ trợ (chỉ nhận PDF, TIFF, JPEG, PNG, ZIP).',
    en: 'Unsupported file type (PDF, TIFF, JPEG, PNG and ZIP are accepted).',
  },
  'source.type_mismatch': {
    vi: 'Nội dung tệp không khớp với phần mở rộng của tên tệp.',
    en: 'The file content does not match its extension.',
  },
  'source.corrupt': {
    vi: 'Tệp bị hỏng, không đọc được.',
    en: 'The file is corrupt and cannot be read.',
  },
  'source.truncated': {
    vi: 'Tệp bị cắt cụt (tải lên hoặc sao chép chưa hết).',
    en: 'The file is truncated (incomplete upload or copy).',
  },
  'source.encrypted': {
    vi: 'Tệp PDF được mã hóa bằng mật khẩu; hãy gỡ mật khẩu rồi nạp lại.',
    en: 'The PDF is password-protected; remove the password and import it again.',
  },
  'source.no_pages': { vi: 'Tệp PDF không có trang nào.', en: 'The PDF has no pages.' },
  'source.too_many_pixels': {
    vi: 'Ảnh quá lớn (số điểm ảnh vượt giới hạn an toàn), có thể là tệp độc hại.',
    en: 'The image is too large (pixel count over the safety limit); it may be malicious.',
  },
  'source.too_large': {
    vi: 'Tệp vượt quá dung lượng cho phép.',
    en: 'The file exceeds the size limit.',
  },
  'source.zip_unsafe_path': {
    vi: 'Tệp ZIP chứa đường dẫn không an toàn (ví dụ ../).',
    en: 'The ZIP contains an unsafe path (such as ../).',
  },
  'source.zip_bomb': {
    vi: 'Tệp ZIP giải nén ra dung lượng bất thường (nghi là ZIP bom).',
    en: 'The ZIP expands to an abnormal size (suspected zip bomb).',
  },
  'source.zip_empty': {
    vi: 'Tệp ZIP không chứa ảnh hoặc PDF nào.',
    en: 'The ZIP holds no image or PDF.',
  },
  'source.zip_encrypted': {
    vi: 'Tệp ZIP được đặt mật khẩu; hãy giải nén rồi nạp các tệp bên trong.',
    en: 'The ZIP is password-protected; extract it and import the files inside.',
  },
  'source.zip_unsupported': {
    vi: 'Tệp ZIP dùng kiểu nén không được hỗ trợ; hãy nén lại bằng ZIP thông thường (Deflate).',
    en: 'The ZIP uses an unsupported compression method; re-create it as a standard (Deflate) ZIP.',
  },
  'source.duplicate': {
    vi: 'Tệp này đã được nạp vào hồ sơ trước đó (trùng nội dung).',
    en: 'This file was already imported into the case (same content).',
  },
  'page.render_failed': {
    vi: 'Không dựng được ảnh trang.',
    en: 'The page image could not be produced.',
  },
  'page.ocr_failed': { vi: 'Nhận dạng chữ (OCR) trang thất bại.', en: 'OCR of the page failed.' },
} as const satisfies Record<string, { vi: string; en: string }>;
