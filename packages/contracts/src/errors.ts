/**
 * Every error code the API can return, with its Vietnamese and English message. The server maps
 * codes to HTTP statuses in one table (app/middlewares/errors.middleware.ts); clients may show
 * `message` as received or look the code up here.
 */
import { EXPORT_ERROR_MESSAGES } from './export-errors.ts';
import { PROCESSING_ERROR_MESSAGES } from './processing-errors.ts';
import { TRANSFER_ERROR_MESSAGES } from './transfer-errors.ts';
import { MAP_ERROR_MESSAGES } from './maps.schemas.ts';
import { DIGITIZATION_ERROR_MESSAGES } from './digitization-errors.ts';
import { DASHBOARD_ERROR_MESSAGES } from './dashboard-errors.ts';
import { COURT_ERROR_MESSAGES } from './court-errors.ts';

export const ERROR_MESSAGES = {
  ...PROCESSING_ERROR_MESSAGES,
  ...EXPORT_ERROR_MESSAGES,
  ...TRANSFER_ERROR_MESSAGES,
  ...MAP_ERROR_MESSAGES,
  ...DIGITIZATION_ERROR_MESSAGES,
  ...DASHBOARD_ERROR_MESSAGES,
  ...COURT_ERROR_MESSAGES,
  'internal.error': {
    vi: 'Lỗi hệ thống, vui lòng thử lại sau.',
    en: 'Internal error, please try again later.',
  },
  'request.invalid': { vi: 'Dữ liệu gửi lên không hợp lệ.', en: 'The request is invalid.' },
  'request.malformed_json': {
    vi: 'Nội dung gửi lên không phải JSON hợp lệ.',
    en: 'The request body is not valid JSON.',
  },
  'request.too_large': { vi: 'Nội dung gửi lên quá lớn.', en: 'The request body is too large.' },
  'route.not_found': { vi: 'Không tìm thấy địa chỉ yêu cầu.', en: 'No such endpoint.' },
  'auth.required': { vi: 'Vui lòng đăng nhập.', en: 'Please log in.' },
  'auth.invalid_credentials': {
    vi: 'Tên đăng nhập hoặc mật khẩu không đúng.',
    en: 'Wrong username or password.',
  },
  'auth.account_disabled': { vi: 'Tài khoản đã bị vô hiệu hóa.', en: 'This account is disabled.' },
  'auth.too_many_attempts': {
    vi: 'Đăng nhập sai quá nhiều lần. Vui lòng thử lại sau ít phút.',
    en: 'Too many failed logins. Please try again in a few minutes.',
  },
  'auth.csrf_failed': {
    vi: 'Mã chống giả mạo yêu cầu (CSRF) không hợp lệ.',
    en: 'CSRF token missing or invalid.',
  },
  'auth.cross_origin': {
    vi: 'Yêu cầu thay đổi dữ liệu từ một trang web khác bị từ chối.',
    en: 'A state-changing request from another site was refused.',
  },
  'auth.wrong_current_password': {
    vi: 'Mật khẩu hiện tại không đúng.',
    en: 'The current password is wrong.',
  },
  'auth.weak_password': {
    vi: 'Mật khẩu phải có ít nhất 10 ký tự, gồm chữ và số.',
    en: 'The password needs at least 10 characters with letters and digits.',
  },
  'access.forbidden': {
    vi: 'Bạn không có quyền thực hiện thao tác này.',
    en: 'You are not allowed to do this.',
  },
  'setup.already_done': {
    vi: 'Hệ thống đã được khởi tạo.',
    en: 'Setup has already been completed.',
  },
  'setup.required': { vi: 'Hệ thống chưa được khởi tạo.', en: 'Setup has not been completed yet.' },
  'unit.not_found': { vi: 'Không tìm thấy đơn vị.', en: 'Unit not found.' },
  'unit.code_taken': { vi: 'Mã đơn vị đã tồn tại.', en: 'This unit code is already in use.' },
  'unit.invalid_level': {
    vi: 'Cấp đơn vị không phù hợp với đơn vị cấp trên.',
    en: 'The unit level does not fit under its parent.',
  },
  'user.not_found': { vi: 'Không tìm thấy người dùng.', en: 'User not found.' },
  'user.username_taken': {
    vi: 'Tên đăng nhập đã tồn tại.',
    en: 'This username is already in use.',
  },
  'user.cannot_disable_self': {
    vi: 'Không thể tự vô hiệu hóa tài khoản của mình.',
    en: 'You cannot disable your own account.',
  },
  'case.not_found': { vi: 'Không tìm thấy hồ sơ vụ án.', en: 'Case not found.' },
  'case.national_code_taken': {
    vi: 'Mã hồ sơ điện tử đã được dùng cho hồ sơ khác.',
    en: 'This national case code is already used by another case.',
  },
  'case.invalid_assignee': {
    vi: 'Người được phân công phải thuộc đơn vị thụ lý hoặc đơn vị cấp trên.',
    en: 'Assignees must belong to the case’s unit or one of its parent units.',
  },
  'case.invalid_party_role': {
    vi: 'Tư cách tố tụng không có trong danh mục.',
    en: 'Unknown party role code.',
  },
  'page.not_found': { vi: 'Không tìm thấy trang.', en: 'Page not found.' },
  'annotation.not_found': { vi: 'Không tìm thấy ghi chú.', en: 'Annotation not found.' },
  'document.not_found': { vi: 'Không tìm thấy tài liệu.', en: 'Document not found.' },
  'structure.edit_not_found': {
    vi: 'Không tìm thấy chỉnh sửa cấu trúc.',
    en: 'Structure edit not found.',
  },
  'structure.page_not_splittable': {
    vi: 'Không thể tách tại trang này: trang phải thuộc một tài liệu (không phải trang trắng, trang chưa xử lý) và không phải trang đầu của tài liệu.',
    en: 'Cannot split at this page: it must belong to a document (not blank, not unprocessed) and not be its first page.',
  },
  'structure.documents_not_adjacent': {
    vi: 'Chỉ gộp được các tài liệu liền nhau trong cùng một tập.',
    en: 'Only adjacent documents of one volume can be merged.',
  },
  'structure.boundary_out_of_range': {
    vi: 'Ranh giới chỉ dời được tới một trang của chính tài liệu đó hoặc của tài liệu liền trước trong cùng tập (không phải trang đầu của tài liệu liền trước).',
    en: 'A boundary can only move to a page of the document itself or of the document just before it in the same volume (not that document’s first page).',
  },
  'structure.unknown_type': {
    vi: 'Loại tài liệu không có trong danh mục.',
    en: 'This document type is not in the catalogue.',
  },
  'structure.unknown_section': {
    vi: 'Nhóm tài liệu không có trong danh mục hoặc không dùng cho loại vụ án này.',
    en: 'This section is not in the catalogue or not used for this kind of case.',
  },
  'structure.unknown_person_role': {
    vi: 'Tư cách tham gia tố tụng không có trong danh mục.',
    en: 'This person role is not in the catalogue.',
  },
  'structure.edit_already_reverted': {
    vi: 'Chỉnh sửa này đã được hoàn tác.',
    en: 'This edit has already been reverted.',
  },
  'structure.not_ready': {
    vi: 'Hồ sơ chưa có cấu trúc (chưa xử lý xong trang nào).',
    en: 'The case has no structure yet (no page has been processed).',
  },
  'volume.not_found': { vi: 'Không tìm thấy tập hồ sơ.', en: 'Volume not found.' },
  'volume.number_taken': {
    vi: 'Số tập đã tồn tại trong hồ sơ.',
    en: 'This volume number already exists in the case.',
  },
  'blob.not_found': { vi: 'Không tìm thấy tệp lưu trữ.', en: 'Stored file not found.' },
  'blob.invalid_range': {
    vi: 'Khoảng byte yêu cầu không hợp lệ.',
    en: 'The requested byte range cannot be served.',
  },
  'config.invalid': { vi: 'Cấu hình không hợp lệ.', en: 'Invalid configuration.' },
  'config.mode_needs_postgres': {
    vi: 'Chế độ web/worker cần PostgreSQL (DATABASE_URL): cơ sở dữ liệu nhúng chỉ dùng cho một tiến trình (chế độ all).',
    en: 'The web and worker modes need PostgreSQL (DATABASE_URL): the embedded database serves one process only (mode all).',
  },
} as const satisfies Record<string, { vi: string; en: string }>;

export type ErrorCode = keyof typeof ERROR_MESSAGES;

/** Body of every error response. */
export interface ApiErrorBody {
  error: {
    code: string;
    message: string;
    /** Both languages, so a client can switch without another request. */
    messages?: { vi: string; en: string };
    /** Field-level problems for `request.invalid`. */
    issues?: Array<{ path: string; message: string }>;
  };
}
