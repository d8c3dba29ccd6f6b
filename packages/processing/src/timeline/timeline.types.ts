import type { DeadlinesData, Duration, TimelineDocumentType } from '@sohoa/contracts';
import type { HolidayCalendar } from './calendar.ts';

/** A document of the case as the timeline reads it. */
export interface TimelineDocument {
  id: string;
  typeCode: string;
  /** ISO yyyy-mm-dd, or null when the document has no readable date. */
  date: string | null;
  number: string | null;
  title: string | null;
  volume: number | null;
  /** Order in the file (volume, then position), to break ties between same-day documents. */
  position: number;
  butLucFrom: number | null;
  butLucTo: number | null;
  persons: Array<{ name: string; role: string }>;
  /** Who makes the statement (statements, interrogations), when structuring found it. */
  declarant?: { name: string; role: string | null } | null;
}

export interface ComputeTimelineInput {
  documents: readonly TimelineDocument[];
  caseKind: string;
  /** Code of deadlines.json crime_categories, or null when unknown. */
  crimeCategory: string | null;
  deadlines: DeadlinesData;
  types: readonly TimelineDocumentType[];
  personRoles: ReadonlyArray<{ code: string; group: string }>;
  /** ISO date the statuses are computed for. */
  today: string;
  /** A running clock due within this many working days is `near` (default 3). */
  nearWorkingDays?: number;
  calendar?: HolidayCalendar;
}

export type ClockStatus =
  'running' | 'near' | 'met' | 'exceeded' | 'lapsed' | 'suspended' | 'unknown';

export interface ClockDocumentRef {
  documentId: string;
  typeCode: string;
  date: string;
  butLucFrom: number | null;
}

export interface ClockExtension extends ClockDocumentRef {
  /** The maximum the table allows for this extension (the granted length is not read). */
  duration: Duration | null;
  /** Beyond the number of extensions the law allows: not added to the period. */
  beyondAllowed: boolean;
}

export interface ClockResult {
  code: string;
  name: { vi: string; en: string };
  article: string;
  law: string;
  /** The rule is marked `verify` in deadlines.json: show it as "to verify". */
  verify: boolean;
  appliesPer: 'case' | 'person' | 'document';
  /** The person the clock runs for (per-person clocks), as printed in the start document. */
  person: string | null;
  keyedBy: string;
  key: string | null;
  start: ClockDocumentRef | null;
  baseDuration: Duration | null;
  extensions: ClockExtension[];
  extensionRequests: Array<ClockDocumentRef & { onTime: boolean | null }>;
  /** Custody days deducted from detention (BLTTHS Điều 134, 1 day for 1 day). */
  deductedDays: number;
  due: string | null;
  holidayRule: 'calendar' | 'next_working_day';
  end: (ClockDocumentRef & { effect: 'end' | 'suspend' }) | null;
  /** A later document proving the clock ended by its date, when the ending document is missing. */
  impliedEnd: ClockDocumentRef | null;
  status: ClockStatus;
  /** Why the status is unknown, lapsed or suspended, or how the due date was bounded. */
  reason: { vi: string; en: string } | null;
  /** Bilingual remarks: deductions, caps, bounds, approvals, precision. */
  notes: Array<{ vi: string; en: string }>;
}

export interface TimelineEvent {
  date: string;
  documentId: string;
  typeCode: string;
  title: { vi: string; en: string };
  documentTitle: string | null;
  number: string | null;
  volume: number | null;
  butLucFrom: number | null;
  butLucTo: number | null;
  persons: Array<{ name: string; role: string }>;
  /** Clock effects this document had (e.g. TAM_GIAM_DIEU_TRA start). */
  effects: Array<{ clock: string; effect: string }>;
}

export interface TimelineResult {
  events: TimelineEvent[];
  /** Documents without a date: not on the timeline, listed for review. */
  undated: Array<{ documentId: string; typeCode: string }>;
  clocks: ClockResult[];
  rulesVersion: string;
  /** How dates are counted, with the open questions of deadlines.json. */
  computation: { article: string; verify: boolean; notes: string[] };
}
