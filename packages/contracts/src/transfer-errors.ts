/**
 * Errors of the transfer package (export a whole case as a ZIP, import it on another installation).
 * The entry at fault travels in the error's `issues` (path = the entry name inside the ZIP).
 */
export const TRANSFER_ERROR_MESSAGES = {
  'package.case_exists': {
    vi: 'Hồ sơ trong gói đã có trên hệ thống này (cùng mã định danh); không nhập lại.',
    en: 'The case in this package already exists on this installation (same id); not imported again.',
  },
  'package.corrupt': {
    vi: 'Gói hồ sơ bị hỏng hoặc bị cắt cụt (không đọc được tệp ZIP).',
    en: 'The package is corrupt or truncated (the ZIP cannot be read).',
  },
  'package.unsafe_entry': {
    vi: 'Gói hồ sơ chứa mục có tên không an toàn hoặc không được phép (ví dụ đường dẫn tuyệt đối, ../).',
    en: 'The package holds an entry with an unsafe or unexpected name (such as an absolute path or ../).',
  },
  'package.unsupported_format': {
    vi: 'Tệp không phải gói hồ sơ sohoa (thiếu manifest.json hoặc sai định dạng).',
    en: 'This file is not a sohoa case package (manifest.json missing or of another format).',
  },
  'package.unsupported_version': {
    vi: 'Phiên bản gói hồ sơ không được hỗ trợ; hãy cập nhật phần mềm.',
    en: 'This package version is not supported; update the software.',
  },
  'package.manifest_invalid': {
    vi: 'Tệp manifest.json của gói không hợp lệ.',
    en: 'The package manifest.json is invalid.',
  },
  'package.manifest_tampered': {
    vi: 'Tệp manifest.json đã bị sửa đổi sau khi xuất (mã kiểm tra không khớp).',
    en: 'manifest.json was changed after export (its checksum does not match).',
  },
  'package.entry_mismatch': {
    vi: 'Một mục trong gói không khớp với manifest (SHA-256 hoặc dung lượng khác): gói đã bị sửa hoặc hỏng.',
    en: 'An entry of the package does not match the manifest (SHA-256 or size differs): the package was altered or damaged.',
  },
  'package.entry_missing': {
    vi: 'Gói hồ sơ thiếu một mục mà manifest liệt kê.',
    en: 'The package lacks an entry that its manifest lists.',
  },
  'package.case_not_ready': {
    vi: 'Hồ sơ còn trang đang xử lý; hãy chờ xử lý xong rồi xuất gói.',
    en: 'Pages of this case are still being processed; export the package when processing is done.',
  },
  'package.blob_missing': {
    vi: 'Thiếu dữ liệu gốc của một trang hoặc tệp trong kho lưu trữ; không thể xuất gói.',
    en: 'The stored original of a page or file is missing; the package cannot be exported.',
  },
  'package.too_large': {
    vi: 'Gói hồ sơ vượt quá dung lượng cho phép.',
    en: 'The package exceeds the size limit.',
  },
} as const;
