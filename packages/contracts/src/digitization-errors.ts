/** Errors of the enforced digitization procedure (received → … → approved). */
export const DIGITIZATION_ERROR_MESSAGES = {
  'digitization.transition_not_allowed': {
    vi: 'Không thể chuyển hồ sơ sang trạng thái này từ trạng thái hiện tại.',
    en: 'The case file cannot move to this state from its current state.',
  },
  'digitization.role_not_allowed': {
    vi: 'Vai trò của bạn không được thực hiện bước này của quy trình số hóa.',
    en: 'Your role may not take this step of the digitization procedure.',
  },
  'digitization.reason_required': {
    vi: 'Bước này cần ghi rõ lý do.',
    en: 'This step needs a reason.',
  },
  'digitization.checklist_incomplete': {
    vi: 'Chưa đủ điều kiện: còn mục kiểm tra chưa đạt (xem danh sách kiểm tra).',
    en: 'Not ready: some checklist items are not met (see the checklist).',
  },
  'digitization.state_changed': {
    vi: 'Trạng thái hồ sơ vừa được người khác thay đổi; hãy tải lại rồi thử lại.',
    en: 'Someone else just changed the state of this case file; reload and try again.',
  },
  'digitization.unknown_anomaly': {
    vi: 'Không có bất thường này trong báo cáo bút lục hiện tại.',
    en: 'The current bút lục report has no such anomaly.',
  },
  'digitization.explanation_not_found': {
    vi: 'Không tìm thấy giải trình.',
    en: 'Explanation not found.',
  },
} as const;
