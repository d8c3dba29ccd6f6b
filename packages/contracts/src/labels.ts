import type {
  CaseKind,
  CaseStage,
  Confidentiality,
  DigitizationStatus,
  Role,
  UnitLevel,
} from './enums.ts';

export type Language = 'vi' | 'en';
export type Labelled<K extends string> = Record<K, { vi: string; en: string }>;

export const ROLE_LABELS: Labelled<Role> = {
  ADMIN: { vi: 'Quản trị hệ thống', en: 'Administrator' },
  LEADER: { vi: 'Lãnh đạo Viện (Viện trưởng, Phó Viện trưởng)', en: 'Unit leader' },
  PROSECUTOR: { vi: 'Kiểm sát viên', en: 'Prosecutor' },
  EXAMINER: { vi: 'Kiểm tra viên', en: 'Examiner' },
  CLERK: { vi: 'Chuyên viên', en: 'Clerk' },
  IT_SUPPORT: { vi: 'Thống kê - Công nghệ thông tin', en: 'IT / statistics support' },
  STEERING: { vi: 'Ban chỉ đạo', en: 'Steering committee' },
};

export const UNIT_LEVEL_LABELS: Labelled<UnitLevel> = {
  SUPREME: { vi: 'VKSND tối cao', en: 'Supreme People’s Procuracy' },
  PROVINCIAL: { vi: 'VKSND cấp tỉnh, thành phố', en: 'Provincial / city procuracy' },
  REGIONAL: { vi: 'VKSND khu vực (cấp huyện)', en: 'Regional / district procuracy' },
};

export const CASE_KIND_LABELS: Labelled<CaseKind> = {
  criminal: { vi: 'Hình sự', en: 'Criminal' },
  civil: { vi: 'Dân sự', en: 'Civil' },
  commercial: { vi: 'Kinh doanh, thương mại', en: 'Commercial' },
  labour: { vi: 'Lao động', en: 'Labour' },
  administrative: { vi: 'Hành chính', en: 'Administrative' },
  family: { vi: 'Hôn nhân và gia đình', en: 'Family' },
};

export const CASE_STAGE_LABELS: Labelled<CaseStage> = {
  PRE_INVESTIGATION: { vi: 'Giải quyết tin báo, tố giác', en: 'Crime report handling' },
  INVESTIGATION: { vi: 'Điều tra', en: 'Investigation' },
  PROSECUTION: { vi: 'Truy tố', en: 'Prosecution' },
  FIRST_INSTANCE: { vi: 'Xét xử sơ thẩm', en: 'First-instance trial' },
  APPEAL: { vi: 'Xét xử phúc thẩm', en: 'Appeal' },
  CASSATION: { vi: 'Giám đốc thẩm, tái thẩm', en: 'Cassation / reopening' },
  ENFORCEMENT: { vi: 'Thi hành án', en: 'Enforcement' },
  CLOSED: { vi: 'Kết thúc, lưu trữ', en: 'Closed / archived' },
};

export const CONFIDENTIALITY_LABELS: Labelled<Confidentiality> = {
  NORMAL: { vi: 'Thường', en: 'Normal' },
  CONFIDENTIAL: { vi: 'Mật', en: 'Confidential' },
  SECRET: { vi: 'Tối mật', en: 'Secret' },
  TOP_SECRET: { vi: 'Tuyệt mật', en: 'Top secret' },
};

export const DIGITIZATION_STATUS_LABELS: Labelled<DigitizationStatus> = {
  RECEIVED: { vi: 'Đã tiếp nhận', en: 'Received' },
  SCANNING: { vi: 'Đang quét', en: 'Scanning' },
  PROCESSING: { vi: 'Đang xử lý', en: 'Processing' },
  AWAITING_REVIEW: { vi: 'Chờ kiểm tra', en: 'Awaiting review' },
  REVIEWED: { vi: 'Đã kiểm tra', en: 'Reviewed' },
  APPROVED: { vi: 'Đã duyệt', en: 'Approved' },
};
