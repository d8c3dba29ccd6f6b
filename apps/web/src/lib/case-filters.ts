import type { CaseKind, CaseStage, DigitizationStatus, ListCasesQuery } from '@sohoa/contracts';
import { CASE_KINDS, CASE_STAGES, DIGITIZATION_STATUSES } from './enum-lists.ts';

/**
 * The filters of the case list, as kept in the URL (`/cases?kind=criminal&q=nguyen&page=2`), so a
 * reload, Back and a shared link show the same list. `parseCaseFilters` drops anything invalid
 * (a hand-edited URL never breaks the screen) and `formatCaseFilters` is its inverse.
 */
export interface CaseFilters {
  kind?: CaseKind;
  stage?: CaseStage;
  unitId?: string;
  digitizationStatus?: DigitizationStatus;
  assignedToMe?: boolean;
  q?: string;
  /** 1-based; absent means the first page. */
  page?: number;
}

export const CASE_PAGE_SIZE = 20;
const UNIT_ID = /^unit_[0-9a-z]{10,40}$/;
const MAX_Q = 200;
const MAX_PAGE = 100_000;

const pick = <T extends string>(values: readonly T[], value: string | null): T | undefined =>
  values.find((v) => v === value);

export function parseCaseFilters(search: string | URLSearchParams): CaseFilters {
  const params = typeof search === 'string' ? new URLSearchParams(search) : search;
  const filters: CaseFilters = {};
  const kind = pick(CASE_KINDS, params.get('kind'));
  if (kind) {
    filters.kind = kind;
  }
  const stage = pick(CASE_STAGES, params.get('stage'));
  if (stage) {
    filters.stage = stage;
  }
  const unitId = params.get('unit');
  if (unitId && UNIT_ID.test(unitId)) {
    filters.unitId = unitId;
  }
  const status = pick(DIGITIZATION_STATUSES, params.get('status'));
  if (status) {
    filters.digitizationStatus = status;
  }
  if (params.get('mine') === '1') {
    filters.assignedToMe = true;
  }
  const q = params.get('q')?.trim().slice(0, MAX_Q);
  if (q) {
    filters.q = q;
  }
  const page = Number(params.get('page'));
  if (Number.isInteger(page) && page > 1 && page <= MAX_PAGE) {
    filters.page = page;
  }
  return filters;
}

/** The query string (without `?`, empty when no filter is set), in a stable order. */
export function formatCaseFilters(filters: CaseFilters): string {
  const params = new URLSearchParams();
  if (filters.q?.trim()) {
    params.set('q', filters.q.trim());
  }
  if (filters.kind) {
    params.set('kind', filters.kind);
  }
  if (filters.stage) {
    params.set('stage', filters.stage);
  }
  if (filters.unitId) {
    params.set('unit', filters.unitId);
  }
  if (filters.digitizationStatus) {
    params.set('status', filters.digitizationStatus);
  }
  if (filters.assignedToMe) {
    params.set('mine', '1');
  }
  if (filters.page && filters.page > 1) {
    params.set('page', String(filters.page));
  }
  return params.toString();
}

/** Whether any filter (other than the page) narrows the list. */
export function hasActiveFilters(filters: CaseFilters): boolean {
  return Boolean(
    filters.kind ||
    filters.stage ||
    filters.unitId ||
    filters.digitizationStatus ||
    filters.assignedToMe ||
    filters.q?.trim(),
  );
}

/** Changing a filter goes back to the first page (page 3 of another list means nothing). */
export function withFilter(filters: CaseFilters, change: Partial<CaseFilters>): CaseFilters {
  const next: CaseFilters = { ...filters, ...change };
  delete next.page;
  for (const key of Object.keys(next) as Array<keyof CaseFilters>) {
    if (next[key] === undefined || next[key] === '' || next[key] === false) {
      delete next[key];
    }
  }
  return next;
}

/** The API query of the list endpoint for these filters. */
export function toListCasesQuery(filters: CaseFilters, pageSize = CASE_PAGE_SIZE): ListCasesQuery {
  return {
    ...(filters.kind ? { kind: filters.kind } : {}),
    ...(filters.stage ? { stage: filters.stage } : {}),
    ...(filters.unitId ? { unitId: filters.unitId } : {}),
    ...(filters.digitizationStatus ? { digitizationStatus: filters.digitizationStatus } : {}),
    ...(filters.assignedToMe ? { assignedToMe: 'true' as const } : {}),
    ...(filters.q?.trim() ? { q: filters.q.trim() } : {}),
    page: filters.page ?? 1,
    pageSize,
  };
}

/** Number of pages of a list of `total` items (at least 1, so "page 1 of 1" reads right). */
export function pageCount(total: number, pageSize = CASE_PAGE_SIZE): number {
  return Math.max(1, Math.ceil(total / pageSize));
}
