import type { ColumnType, Generated, JSONColumnType } from 'kysely';

/* Table shapes as Kysely sees them. The schema itself lives in the migrations. */

type Timestamp = ColumnType<Date, Date | string | undefined, Date | string>;
type NullableTimestamp = ColumnType<
  Date | null,
  Date | string | null | undefined,
  Date | string | null
>;

export interface UnitsTable {
  id: string;
  code: string;
  name: string;
  level: string;
  parent_id: string | null;
  created_at: Timestamp;
  updated_at: Timestamp;
}

export interface UsersTable {
  id: string;
  unit_id: string;
  username: string;
  full_name: string;
  password_hash: string;
  roles: string[];
  status: ColumnType<string, string | undefined, string>;
  password_changed_at: Timestamp;
  created_at: Timestamp;
  updated_at: Timestamp;
}

export interface SessionsTable {
  id: string;
  token_hash: string;
  user_id: string;
  csrf_token: string;
  ip: string | null;
  user_agent: string | null;
  created_at: Timestamp;
  last_seen_at: Timestamp;
  expires_at: Timestamp;
  revoked_at: NullableTimestamp;
}

export interface LoginThrottleTable {
  key: string;
  failures: number;
  window_started_at: Timestamp;
  locked_until: NullableTimestamp;
}

export interface StoredCharge {
  name: string;
  article: number | null;
  clause: string | null;
  law: string;
}

export interface CasesTable {
  id: string;
  unit_id: string;
  national_code: string | null;
  internal_number: string | null;
  kind: string;
  title: string;
  charges: JSONColumnType<StoredCharge[], string, string>;
  stage: string;
  confidentiality: string;
  digitization_status: ColumnType<string, string | undefined, string>;
  search_text: ColumnType<string, string | undefined, string>;
  queue_priority: ColumnType<number, number | undefined, number>;
  created_by: string | null;
  created_at: Timestamp;
  updated_at: Timestamp;
  deleted_at: NullableTimestamp;
}

export interface CaseAssignmentsTable {
  case_id: string;
  user_id: string;
  assigned_by: string | null;
  assigned_at: Timestamp;
}

export interface CasePartiesTable {
  id: string;
  case_id: string;
  position: number;
  full_name: string;
  role_code: string;
}

export interface VolumesTable {
  id: string;
  case_id: string;
  number: number;
  title: string | null;
  created_at: Timestamp;
}

export interface SourceFilesTable {
  id: string;
  case_id: string;
  volume_id: string;
  sha256: string;
  blob_key: string;
  original_name: string;
  media_type: string;
  size_bytes: ColumnType<number, number, number>;
  page_count: number | null;
  status: ColumnType<string, string | undefined, string>;
  error_code: string | null;
  error_message: string | null;
  uploaded_by: string | null;
  created_at: Timestamp;
  first_seq: number | null;
  kind: string | null;
  split_done_at: NullableTimestamp;
  parent_name: string | null;
}

export interface IntakeFailuresTable {
  id: string;
  case_id: string;
  volume_id: string | null;
  file_name: string;
  size_bytes: number | null;
  error_code: string;
  error_message: string;
  created_by: string | null;
  created_at: Timestamp;
}

export interface PagesTable {
  id: string;
  case_id: string;
  volume_id: string;
  source_file_id: string;
  source_index: number;
  seq: number;
  status: ColumnType<string, string | undefined, string>;
  original_blob_key: string | null;
  upright_blob_key: string | null;
  /** The upright page at `display_width` (WebP), made by the pipeline or on first view. */
  display_blob_key: ColumnType<string | null, string | null | undefined, string | null>;
  display_width: ColumnType<number | null, number | null | undefined, number | null>;
  width_px: number | null;
  height_px: number | null;
  dpi: number | null;
  rotation: ColumnType<number, number | undefined, number>;
  skew_degrees: number | null;
  is_blank: ColumnType<boolean, boolean | undefined, boolean>;
  but_luc: number | null;
  but_luc_suffix: string | null;
  but_luc_raw: string | null;
  but_luc_confidence: number | null;
  has_text_layer: ColumnType<boolean, boolean | undefined, boolean>;
  ocr_engine: string | null;
  ocr_text: string | null;
  ocr_words: JSONColumnType<unknown[] | null, string | null, string | null>;
  ocr_confidence: number | null;
  error_code: string | null;
  error_message: string | null;
  created_at: Timestamp;
  updated_at: Timestamp;
  but_luc_source: string | null;
  upright_width_px: number | null;
  upright_height_px: number | null;
  processed_at: NullableTimestamp;
  manual: JSONColumnType<PageManualEdits, string | undefined, string>;
  /** tsvector of the folded / as-read OCR text, kept by triggers (migration 0006): never written. */
  search_folded: ColumnType<string | null, never, never>;
  search_exact: ColumnType<string | null, never, never>;
  /** tsvector of the adjacent folded word pairs ('tham_phan'), kept by triggers (migration 0018). */
  search_pairs: ColumnType<string | null, never, never>;
  /** The containing document and its type and date, kept by triggers (migration 0017): never written. */
  document_id: ColumnType<string | null, never, never>;
  doc_type_code: ColumnType<string | null, never, never>;
  doc_issued_on: ColumnType<string | null, never, never>;
}

/** Every folded word seen in a page (migration 0006), for OCR-tolerant query expansion. */
export interface SearchTermsTable {
  term: string;
}

/** Human corrections of a page, re-applied over every re-processing. */
export interface PageManualEdits {
  butLuc?: number | null;
  rotation?: 0 | 90 | 180 | 270;
  isBlank?: boolean;
}

export interface DocumentsTable {
  id: string;
  case_id: string;
  volume_id: string;
  position: number;
  first_seq: number;
  last_seq: number;
  but_luc_from: number | null;
  but_luc_to: number | null;
  type_code: ColumnType<string, string | undefined, string>;
  type_confidence: number | null;
  section_code: string | null;
  title: string | null;
  number: string | null;
  issued_on: ColumnType<Date | null, string | null | undefined, string | null>;
  issuer: string | null;
  signer: string | null;
  signer_role: string | null;
  metadata: JSONColumnType<Record<string, unknown>, string | undefined, string>;
  origin: ColumnType<string, string | undefined, string>;
  anchor_page_id: string | null;
  notes: string | null;
  created_at: Timestamp;
  updated_at: Timestamp;
}

export interface CaseProcedureSettingsTable {
  case_id: string;
  crime_category: string | null;
  near_working_days: number | null;
  updated_by: string | null;
  updated_at: Timestamp;
}

export interface ExportManifestsTable {
  case_id: string;
  sha256: string;
  blob_key: string;
  export_sha256: string;
  created_by: string | null;
  created_at: Timestamp;
}

export interface DocumentPersonsTable {
  document_id: string;
  position: number;
  full_name: string;
  role_code: string | null;
}

export interface HumanEditsTable {
  id: string;
  case_id: string;
  target_kind: string;
  target_id: string | null;
  operation: string;
  payload: JSONColumnType<Record<string, unknown>, string, string>;
  created_by: string | null;
  created_at: Timestamp;
  reverted_at: NullableTimestamp;
  reverted_by: string | null;
}

export interface CaseMapsTable {
  id: string;
  case_id: string;
  title: string;
  document: JSONColumnType<Record<string, unknown>, string, string>;
  version: ColumnType<number, number | undefined, number>;
  created_by: string;
  updated_by: string | null;
  created_at: Timestamp;
  updated_at: Timestamp;
  deleted_at: NullableTimestamp;
}

export interface AnnotationsTable {
  id: string;
  case_id: string;
  page_id: string | null;
  document_id: string | null;
  author_id: string;
  kind: string;
  region: JSONColumnType<Record<string, unknown> | null, string | null, string | null>;
  body: string | null;
  color: string | null;
  visibility: ColumnType<string, string | undefined, string>;
  created_at: Timestamp;
  updated_at: Timestamp;
  deleted_at: NullableTimestamp;
}

export interface ExhibitsTable {
  id: string;
  case_id: string;
  position: number;
  kind: 'PAGE' | 'REGION' | 'PAIR' | 'MEDIA';
  label: string;
  notes: ColumnType<string, string | undefined, string>;
  page_id: string | null;
  second_page_id: string | null;
  rect: JSONColumnType<
    { x: number; y: number; w: number; h: number } | null,
    string | null,
    string | null
  >;
  media_blob_key: string | null;
  media_content_type: string | null;
  media_size_bytes: number | null;
  media_file_name: string | null;
  created_by: string;
  created_at: Timestamp;
  updated_at: Timestamp;
}

export interface DigitizationTransitionsTable {
  id: string;
  case_id: string;
  from_status: string;
  to_status: string;
  actor_id: string | null;
  reason: string | null;
  automatic: ColumnType<boolean, boolean | undefined, boolean>;
  checklist: JSONColumnType<unknown[] | null, string | null, string | null>;
  created_at: Timestamp;
}

export interface AnomalyExplanationsTable {
  id: string;
  case_id: string;
  anomaly_key: string;
  note: string;
  author_id: string | null;
  created_at: Timestamp;
}

export interface JobsTable {
  id: string;
  name: string;
  payload: JSONColumnType<Record<string, unknown>, string, string>;
  status: ColumnType<string, string | undefined, string>;
  priority: ColumnType<number, number | undefined, number>;
  attempts: ColumnType<number, number | undefined, number>;
  max_attempts: ColumnType<number, number | undefined, number>;
  run_at: Timestamp;
  locked_by: string | null;
  locked_until: NullableTimestamp;
  unit_id: string | null;
  case_id: string | null;
  singleton_key: string | null;
  last_error: string | null;
  created_at: Timestamp;
  updated_at: Timestamp;
  finished_at: NullableTimestamp;
  fair_seq: ColumnType<string | number, number | undefined, number>;
  case_priority: ColumnType<number, number | undefined, number>;
  cancel_requested: ColumnType<boolean, boolean | undefined, boolean>;
}

export interface AuditEventsTable {
  seq: Generated<number>;
  id: string;
  occurred_at: Timestamp;
  actor_user_id: string | null;
  actor_username: string | null;
  actor_unit_id: string | null;
  /** Comma-separated roles the actor held (migration 0009). */
  actor_roles: string | null;
  action: string;
  outcome: ColumnType<string, string | undefined, string>;
  target_kind: string | null;
  target_id: string | null;
  case_id: string | null;
  unit_id: string | null;
  ip: string | null;
  user_agent: string | null;
  details: JSONColumnType<Record<string, unknown>, string | undefined, string>;
  prev_hash: string | null;
  hash: string | null;
}

/** The last event of the audit hash chain; one row (id = 1), locked by every append. */
export interface AuditChainHeadTable {
  id: number;
  last_seq: number | null;
  last_hash: string | null;
  updated_at: ColumnType<Date, Date | undefined, Date>;
}

export interface Database {
  units: UnitsTable;
  users: UsersTable;
  sessions: SessionsTable;
  login_throttle: LoginThrottleTable;
  cases: CasesTable;
  case_assignments: CaseAssignmentsTable;
  case_parties: CasePartiesTable;
  volumes: VolumesTable;
  source_files: SourceFilesTable;
  intake_failures: IntakeFailuresTable;
  pages: PagesTable;
  documents: DocumentsTable;
  document_persons: DocumentPersonsTable;
  case_procedure_settings: CaseProcedureSettingsTable;
  export_manifests: ExportManifestsTable;
  human_edits: HumanEditsTable;
  annotations: AnnotationsTable;
  case_maps: CaseMapsTable;
  jobs: JobsTable;
  audit_events: AuditEventsTable;
  digitization_transitions: DigitizationTransitionsTable;
  anomaly_explanations: AnomalyExplanationsTable;
  search_terms: SearchTermsTable;
  audit_chain_head: AuditChainHeadTable;
  hearings: HearingsTable;
  dashboard_targets: DashboardTargetsTable;
  exhibits: ExhibitsTable;
  presentations: PresentationsTable;
}

/** A live presentation session (migration 0020); `state` is a PresentationState. */
export interface PresentationsTable {
  id: string;
  code: string;
  case_id: string;
  unit_id: string;
  presenter_id: string;
  expires_at: Timestamp;
  state: JSONColumnType<Record<string, unknown>, string, string>;
  created_at: Timestamp;
  updated_at: Timestamp;
}

/** An item shown at a hearing (migration 0014). */
export interface StoredHearingItem {
  kind: string;
  label: string;
  pageIds?: string[];
}

export interface HearingsTable {
  id: string;
  case_id: string;
  unit_id: string;
  /** `date`: read back as 'YYYY-MM-DD' (see database.ts type parsers) or a Date. */
  held_on: ColumnType<string | Date, string, string>;
  court: string;
  presenter_id: string | null;
  items_shown: JSONColumnType<StoredHearingItem[], string, string>;
  created_by: string | null;
  created_at: Timestamp;
  deleted_at: NullableTimestamp;
}

export interface DashboardTargetsTable {
  id: string;
  unit_id: string;
  period_from: ColumnType<string | Date, string, string>;
  period_to: ColumnType<string | Date, string, string>;
  metric: string;
  comparator: string;
  /** `numeric`: the drivers return it as a string. */
  value: ColumnType<string | number, number, number>;
  applies_to_subtree: boolean;
  note: string | null;
  created_by: string | null;
  created_at: Timestamp;
  updated_at: Timestamp;
}
