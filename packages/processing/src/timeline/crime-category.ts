/**
 * Crime category (BLHS Điều 9) of a case: a user's override, else a category stated in the
 * documents ("… là tội phạm nghiêm trọng"), else the maximum penalty quoted near a charge ("phạt tù
 * từ 02 năm đến 07 năm" → 7 years → nghiêm trọng) mapped through deadlines.json crime_categories,
 * else unknown. No penalty table of the Criminal Code is kept in code.
 */
import type { CrimeCategory } from '@sohoa/contracts';
import { foldAligned } from '../structure/charges.ts';

export type CrimeCategorySource = 'override' | 'explicit' | 'penalty' | 'unknown';

export interface CrimeCategoryDecision {
  category: string | null;
  source: CrimeCategorySource;
  /** The text that decided, as printed. */
  evidence: string | null;
  documentId: string | null;
  article: string;
  verify: boolean;
  reason: { vi: string; en: string };
}

export interface CategoryText {
  documentId: string;
  text: string;
}

/** "tội phạm ít nghiêm trọng", "(là) tội phạm rất nghiêm trọng" … (folded). */
const EXPLICIT = /TOI PHAM (IT NGHIEM TRONG|NGHIEM TRONG|RAT NGHIEM TRONG|DAC BIET NGHIEM TRONG)/g;
/** "phạt tù từ 02 năm đến 07 năm", "phạt tù đến 03 năm", "tù từ 06 tháng đến 03 năm". */
const PRISON = /\bTU (?:TU \d+ (?:NAM|THANG) )?DEN (\d{1,2}) NAM/g;
const LIFE = /\bTU CHUNG THAN|\bTU HINH\b/g;
/** A charge citation of the Criminal Code, to find penalties quoted "near the charge". */
const CHARGE = /DIEU \d+ ?(?:CUA )?(?:BO ?LUAT HINH SU|BLHS)|\bTOI "/g;
const NEAR = 400;

/** The category whose maximum prison term covers `years` (null when none does). */
export function categoryForPrisonYears({
  years,
  categories,
}: {
  years: number;
  categories: readonly CrimeCategory[];
}): string | null {
  const found = categories.find(
    (c) =>
      years <= c.max_penalty.prison_years_up_to &&
      (c.max_penalty.prison_years_over === null || years > c.max_penalty.prison_years_over),
  );
  return found?.code ?? null;
}

const byName = (categories: readonly CrimeCategory[], folded: string) =>
  categories.find((c) => foldAligned(c.name_vi).folded === `TOI PHAM ${folded}`)?.code ?? null;

/** The most serious category named in "tội phạm …" phrases, when the texts agree on one. */
function explicitCategory(texts: readonly CategoryText[], categories: readonly CrimeCategory[]) {
  const hits: Array<{ code: string; evidence: string; documentId: string }> = [];
  for (const t of texts) {
    const { original, folded } = foldAligned(t.text);
    for (const m of folded.matchAll(EXPLICIT)) {
      const code = byName(categories, m[1]!);
      if (code) {
        hits.push({
          code,
          evidence: original.slice(m.index, m.index + m[0].length),
          documentId: t.documentId,
        });
      }
    }
  }
  // Several categories named together is a quoted definition (Điều 9), not a finding.
  return new Set(hits.map((h) => h.code)).size === 1 ? hits[0]! : null;
}

/** The most serious category implied by the penalties quoted within NEAR characters of a charge. */
function penaltyCategory(texts: readonly CategoryText[], categories: readonly CrimeCategory[]) {
  const order = (code: string) => categories.find((c) => c.code === code)?.order ?? 0;
  const top = categories.slice().sort((a, b) => b.order - a.order)[0];
  let best: { code: string; evidence: string; documentId: string } | null = null;
  for (const t of texts) {
    const { original, folded } = foldAligned(t.text);
    const charges = [...folded.matchAll(CHARGE)].map((m) => m.index);
    const near = (at: number) => charges.some((c) => Math.abs(c - at) <= NEAR);
    const found: Array<{ code: string | null; at: number; len: number }> = [];
    for (const m of folded.matchAll(PRISON)) {
      found.push({
        code: categoryForPrisonYears({ years: Number(m[1]), categories }),
        at: m.index,
        len: m[0].length,
      });
    }
    for (const m of folded.matchAll(LIFE)) {
      found.push({ code: top?.code ?? null, at: m.index, len: m[0].length });
    }
    for (const f of found) {
      if (f.code && near(f.at) && (!best || order(f.code) > order(best.code))) {
        const from = Math.max(0, original.lastIndexOf('phạt', f.at));
        best = {
          code: f.code,
          evidence: original.slice(f.at - from < 40 ? from : f.at, f.at + f.len),
          documentId: t.documentId,
        };
      }
    }
  }
  return best;
}

/**
 * Decides the crime category of a case.
 *
 * @example
 * inferCrimeCategory({ override: null, categories: DEADLINES.crime_categories,
 *   texts: [{ documentId: 'doc_1', text: '… khoản 2 Điều 173 BLHS … phạt tù từ 02 năm đến 07 năm' }] })
 * // → { category: 'NGHIEM_TRONG', source: 'penalty', … }
 */
export function inferCrimeCategory({
  override,
  texts,
  categories,
  article = 'BLHS Điều 9',
}: {
  override: string | null;
  texts: readonly CategoryText[];
  categories: readonly CrimeCategory[];
  article?: string;
}): CrimeCategoryDecision {
  const verify = categories.some((c) => c.verify);
  const base = { article, verify };
  if (override && categories.some((c) => c.code === override)) {
    return {
      ...base,
      category: override,
      source: 'override',
      evidence: null,
      documentId: null,
      reason: { vi: 'Do người dùng đặt cho vụ án', en: 'Set by a user for this case' },
    };
  }
  const explicit = explicitCategory(texts, categories);
  if (explicit) {
    return {
      ...base,
      category: explicit.code,
      source: 'explicit',
      evidence: explicit.evidence,
      documentId: explicit.documentId,
      reason: { vi: 'Loại tội phạm ghi trong văn bản', en: 'Category stated in a document' },
    };
  }
  const penalty = penaltyCategory(texts, categories);
  if (penalty) {
    return {
      ...base,
      category: penalty.code,
      source: 'penalty',
      evidence: penalty.evidence,
      documentId: penalty.documentId,
      reason: {
        vi: 'Theo mức cao nhất của khung hình phạt trích dẫn gần tội danh',
        en: 'From the maximum penalty quoted near the charge',
      },
    };
  }
  return {
    ...base,
    category: null,
    source: 'unknown',
    evidence: null,
    documentId: null,
    reason: {
      vi: 'Không xác định được loại tội phạm: hãy đặt trong thiết lập tố tụng của vụ án',
      en: 'Crime category unknown: set it in the case procedure settings',
    },
  };
}
