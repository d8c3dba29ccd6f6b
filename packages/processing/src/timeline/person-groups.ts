/**
 * Groups spellings of the same person's name: folded (no diacritics, no case, one space) they are
 * equal, or, for names long enough to carry it, differ by one OCR edit ("Vũ Hữu Lông" / "Vu Huu
 * Long" / "Vũ Hữu Lonq"). Names that fold to the same letters are one person: the file cannot
 * tell "Lê Văn An" from "Lê Văn Ân" once OCR has dropped the marks. A name of two words (family and
 * given name: "Nguyễn Long") joins the one longer name of the case with the same first and last
 * word ("Nguyễn Đức Long"), when there is exactly one: documents and extraction drop middle names.
 */
import { boundedLevenshtein, compact, fold } from '../structure/text.ts';

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
  joinShortForms({ names, root });
  return new Map(names.map((n) => [n, root.get(nameKey(n)) ?? nameKey(n)]));
}

const wordsOf = (name: string) =>
  fold(name)
    .split(/[^A-Z0-9]+/)
    .filter(Boolean);

/**
 * Points the groups of two-word names at the one group of three or more words that starts and
 * ends with the same words; left alone when no group or several match ("Nguyễn Long" beside both
 * "Nguyễn Đức Long" and "Nguyễn Văn Long" could be either).
 */
function joinShortForms({ names, root }: { names: readonly string[]; root: Map<string, string> }) {
  const wordsByRoot = new Map<string, string[]>();
  for (const n of names) {
    const r = root.get(nameKey(n));
    if (r && !wordsByRoot.has(r)) {
      wordsByRoot.set(r, wordsOf(n));
    }
  }
  const longer = [...wordsByRoot].filter(([, words]) => words.length >= 3);
  const joined = new Map<string, string>();
  for (const [shortRoot, words] of wordsByRoot) {
    if (words.length !== 2) {
      continue;
    }
    const matches = longer.filter(([, w]) => w[0] === words[0] && w[w.length - 1] === words[1]);
    if (matches.length === 1) {
      joined.set(shortRoot, matches[0]![0]);
    }
  }
  for (const [key, r] of root) {
    const target = joined.get(r);
    if (target) {
      root.set(key, target);
    }
  }
}
