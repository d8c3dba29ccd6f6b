import deadlines from '../domain/deadlines.json' with { type: 'json' };
import catalogue from '../domain/document-types.json' with { type: 'json' };

/** A duration of deadlines.json: `{value, unit}`. */
export interface Duration {
  value: number;
  unit: 'hour' | 'day' | 'working_day' | 'month';
}

/** Extensions allowed for one key: how many, the maximum of each, who grants them. */
export interface ClockExtensions {
  count: number;
  durations: Duration[];
  granted_by: string;
}

/** One procedural clock of deadlines.json (the fields the timeline engine reads). */
export interface DeadlineClock {
  code: string;
  name_vi: string;
  name_en: string;
  article: string;
  law: string;
  case_kinds: string[];
  applies_per: 'case' | 'person' | 'document';
  keyed_by: 'crime_category' | 'case_kind' | 'start_document' | 'none';
  starts_on: { documents: string[]; event_vi: string; event_en: string };
  ends_on: { documents: string[]; event_vi: string; event_en: string };
  unit: string;
  base_duration: Record<string, Duration>;
  extensions: Record<string, ClockExtensions> | null;
  max_total?: Record<string, Duration[]> | null;
  extension_request?: { lead: Duration; documents: string[]; extension_documents: string[] } | null;
  alternatives?: Array<{ condition_vi: string; condition_en: string }> | null;
  bounded_by?: string | null;
  holiday_rule: 'calendar' | 'next_working_day';
  source_tag: string;
  verify: boolean;
  notes?: string;
}

/** A crime category of BLHS Điều 9 with the maximum penalty that defines it. */
export interface CrimeCategory {
  code: string;
  order: number;
  name_vi: string;
  name_en: string;
  max_penalty: { prison_years_over: number | null; prison_years_up_to: number; also: string[] };
  article: string;
  verify: boolean;
}

/** deadlines.json as typed data. */
export interface DeadlinesData {
  version: string;
  crime_categories: CrimeCategory[];
  crime_category_rule: { article: string; verify: boolean; rule_vi: string; rule_en: string };
  time_computation: { article: string; verify: boolean; note: string };
  clocks: DeadlineClock[];
}

/** A document type's effect on a clock (`document-types.json` `clock_effects`). */
export interface ClockEffect {
  clock: string;
  effect:
    'start' | 'extend' | 'request_extension' | 'approve_extension' | 'suspend' | 'end' | 'reset';
  when?: string | null;
}

/** The fields of a document type the timeline needs. */
export interface TimelineDocumentType {
  code: string;
  name_vi: string;
  name_en: string;
  section: string;
  form?: string;
  section_rule?: string | null;
  attachment_of?: string[] | null;
  clock_effects?: ClockEffect[] | null;
}

/** The procedural clocks, crime categories and date rules (packages/contracts/domain/deadlines.json). */
export const DEADLINES: DeadlinesData = deadlines as unknown as DeadlinesData;

/** Document types with the fields the timeline reads (clock effects, form, section rule). */
export const TIMELINE_DOCUMENT_TYPES: readonly TimelineDocumentType[] =
  catalogue.types as unknown as TimelineDocumentType[];

/** Crime category codes of BLHS Điều 9, least serious first. */
export const CRIME_CATEGORY_CODES = DEADLINES.crime_categories
  .slice()
  .sort((a, b) => a.order - b.order)
  .map((c) => c.code);
