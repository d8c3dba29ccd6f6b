/**
 * Groups spellings of the same person's name: folded (no diacritics, no case, one space) they are
 * equal, or, for names long enough to carry it, differ by one OCR edit ("Vũ Hữu Lông" / "Vu Huu
 * Long" / "Vũ Hữu Lonq"). Names that fold to the same letters are one person: the file cannot
 * tell "Lê Văn An" from "Lê Văn Ân" once OCR has dropped the marks.
 */
import { boundedLevenshtein, compact } from '../structure/text.ts';

/** Minimum compact length before one edit is tolerated (short names differ by one letter). */
const FUZZY_MIN_LENGTH = 9;

/** The folded key of a name ("Vũ Hữu Long" → "VUHUULONG"). */
export const nameKey = (name: string) => compact(name);

/**
 * Maps each name to the key of its group (the key of the group's most frequent spelling).
 *
 * @example
 * groupNames(['Vũ Hữu Long', 'Vu Huu Long', 'Vũ Hữu Lonq', 'Phan Mạnh Huy']).get('Vu Huu Long') // 'VUHUULONG'
 */
export function groupNames(names: readonly string[]): Map<string, string> {
  const counts = new Map<string, number>();
  for (const n of names) {
    const key = nameKey(n);
    if (key) {
      counts.set(key, (counts.get(key) ?? 0) + 1);
    }
  }
  // Most frequent keys first, so variants join the usual spelling.
  const keys = [...counts.keys()].sort(
    (a, b) => counts.get(b)! - counts.get(a)! || (a < b ? -1 : 1),
  );
  const root = new Map<string, string>();
  for (const key of keys) {
    const into = [...new Set(root.values())].find(
      (r) => key.length >= FUZZY_MIN_LENGTH && boundedLevenshtein(key, r, 1) <= 1,
    );
    root.set(key, into ?? key);
  }
  return new Map(names.map((n) => [n, root.get(nameKey(n)) ?? nameKey(n)]));
}
