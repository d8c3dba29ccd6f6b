/**
 * Vietnamese UI strings: the reference catalogue. Its keys define `MessageKey`, so every other
 * catalogue must provide exactly the same keys. Domain labels (roles, case kinds, stages, unit
 * levels) are not here: they come from `@sohoa/contracts` so web, server and CLI agree.
 * `{name}` placeholders are filled by `t()`.
 */
export const vi = {
  'app.name': 'sohoa — Số hóa hồ sơ vụ án',
  'app.loading': 'Đang tải…',
  'app.loadFailed': 'Không tải được ứng dụng',
  'app.skipToContent': 'Chuyển đến nội dung chính',
  'app.retry': 'Thử lại',

  'language.label': 'Ngôn ngữ',
  'language.vi': 'Tiếng Việt',
  'language.en': 'English',

  'errors.network': 'Không kết nối được máy chủ. Vui lòng kiểm tra mạng và thử lại.',
  'errors.issue': '{path}: {message}',

  'setup.title': 'Khởi tạo hệ thống',
  'setup.intro':
    'Hệ thống chưa có dữ liệu. Hãy tạo đơn vị đầu tiên và tài khoản quản trị hệ thống của đơn vị.',
  'setup.unitLegend': 'Đơn vị',
  'setup.unitCode': 'Mã đơn vị',
  'setup.unitCodeHint':
    'Chữ cái không dấu, chữ số, dấu chấm, gạch ngang hoặc gạch dưới (ví dụ: VKS-HN).',
  'setup.unitName': 'Tên đơn vị',
  'setup.unitLevel': 'Cấp đơn vị',
  'setup.unitLevelPlaceholder': '— Chọn cấp đơn vị —',
  'setup.adminLegend': 'Tài khoản quản trị hệ thống',
  'setup.username': 'Tên đăng nhập',
  'setup.usernameHint': 'Từ 3 ký tự: chữ cái không dấu, chữ số, dấu chấm, gạch ngang, gạch dưới.',
  'setup.fullName': 'Họ và tên',
  'setup.password': 'Mật khẩu',
  'setup.passwordHint': 'Ít nhất 10 ký tự, gồm cả chữ và số.',
  'setup.passwordConfirm': 'Nhập lại mật khẩu',
  'setup.errorMismatch': 'Mật khẩu nhập lại không khớp.',
  'setup.errorWeak': 'Mật khẩu phải có ít nhất 10 ký tự, gồm chữ và số.',
  'setup.submit': 'Khởi tạo hệ thống',
  'setup.submitting': 'Đang khởi tạo…',
  'setup.done': 'Đã khởi tạo hệ thống. Vui lòng đăng nhập bằng tài khoản quản trị vừa tạo.',

  'login.title': 'Đăng nhập',
  'login.username': 'Tên đăng nhập',
  'login.password': 'Mật khẩu',
  'login.submit': 'Đăng nhập',
  'login.submitting': 'Đang đăng nhập…',

  'shell.user': 'Người dùng',
  'shell.unit': 'Đơn vị',
  'shell.roles': 'Vai trò',
  'shell.logout': 'Đăng xuất',
  'shell.loggingOut': 'Đang đăng xuất…',

  'cases.title': 'Hồ sơ vụ án',
  'cases.total': 'Tổng số: {count} hồ sơ',
  'cases.loading': 'Đang tải danh sách hồ sơ…',
  'cases.empty': 'Chưa có hồ sơ vụ án nào',
  'cases.colNumber': 'Số hồ sơ nội bộ',
  'cases.colTitle': 'Tên vụ án, vụ việc',
  'cases.colKind': 'Loại án',
  'cases.colStage': 'Giai đoạn tố tụng',
  'cases.noNumber': 'Chưa có số',
} as const satisfies Record<string, string>;

export type MessageKey = keyof typeof vi;
/** Shape every catalogue must have: a missing or extra key is a type error. */
export type Messages = Record<MessageKey, string>;
