/** Errors of the exhibit list, presentation sessions and the offline court package (issue 7). */
export const COURT_ERROR_MESSAGES = {
  'exhibit.not_found': {
    vi: 'Không tìm thấy mục trong danh mục chứng cứ.',
    en: 'Exhibit not found.',
  },
  'exhibit.order_mismatch': {
    vi: 'Thứ tự gửi lên phải gồm đúng tất cả các mục của danh mục.',
    en: 'The new order must list every item of the exhibit list exactly once.',
  },
  'exhibit.media_unsupported': {
    vi: 'Chỉ nhận ảnh JPEG, PNG, WebP hoặc video MP4, WebM.',
    en: 'Only JPEG, PNG or WebP images and MP4 or WebM videos are accepted.',
  },
  'exhibit.media_too_large': {
    vi: 'Tệp ảnh/video quá lớn.',
    en: 'The image or video file is too large.',
  },
  'presentation.not_found': {
    vi: 'Không tìm thấy phiên trình chiếu, hoặc mã đã hết hạn.',
    en: 'Presentation not found, or its code has expired.',
  },
  'presentation.not_presenter': {
    vi: 'Chỉ người mở phiên trình chiếu mới điều khiển được.',
    en: 'Only the presenter who opened the session can control it.',
  },
  'court_package.player_missing': {
    vi: 'Chưa build trình chiếu ngoại tuyến: chạy npm run build:web.',
    en: 'The offline player is not built: run npm run build:web.',
  },
} as const;
