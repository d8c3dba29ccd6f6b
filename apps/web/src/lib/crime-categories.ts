import { DEADLINES } from '@sohoa/contracts';

export interface CrimeCategoryOption {
  code: string;
  name: { vi: string; en: string };
  article: string;
}

/** The crime categories of BLHS Điều 9, least serious first (loaded on demand: the table is large). */
export function crimeCategoryOptions(): CrimeCategoryOption[] {
  return DEADLINES.crime_categories
    .slice()
    .sort((a, b) => a.order - b.order)
    .map((c) => ({ code: c.code, name: { vi: c.name_vi, en: c.name_en }, article: c.article }));
}
