/** Errors of the trial records and the steering dashboard. */
export const DASHBOARD_ERROR_MESSAGES = {
  'hearing.not_found': { vi: 'Không tìm thấy phiên tòa.', en: 'Hearing not found.' },
  'hearing.invalid_presenter': {
    vi: 'Người trình bày không tồn tại.',
    en: 'The presenter is not a known user.',
  },
  'hearing.invalid_page': {
    vi: 'Có trang không thuộc hồ sơ vụ án này.',
    en: 'A page shown does not belong to this case.',
  },
  'dashboard.target_not_found': { vi: 'Không tìm thấy chỉ tiêu.', en: 'Target not found.' },
  'dashboard.invalid_period': {
    vi: 'Khoảng thời gian không hợp lệ (ngày bắt đầu sau ngày kết thúc hoặc quá 10 năm).',
    en: 'Invalid period (start after end, or longer than 10 years).',
  },
} as const;
