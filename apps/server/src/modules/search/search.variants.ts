/*
 * OCR misreadings of a folded query word. Folding already absorbs the commonest Vietnamese OCR
 * errors (a wrong or missing tone/vowel mark: "thầm phản" for "thẩm phán"). What is left are glyph
 * confusions of the Latin letters themselves ("rn" read for "m", "cl" for "d", "0" for "o"…).
 *
 * Plain edit distance 1 is far too loose for Vietnamese: syllables are short and nearly every
 * one-letter change is another real word ("tham" → "than", as in "thân phận"). So only known
 * glyph confusions are accepted, plus distance 1 on long letter-only words (names, loanwords).
 */

/** Pairs of letter groups an OCR engine reads one for the other (both directions). */
const CONFUSIONS: ReadonlyArray<readonly [string, string]> = [
  ['m', 'rn'],
  ['m', 'nn'],
  ['d', 'cl'],
  ['w', 'vv'],
  ['u', 'ii'],
  ['h', 'li'],
  ['o', '0'],
  ['l', '1'],
  ['i', '1'],
  ['i', 'l'],
  ['s', '5'],
  ['c', 'e'],
  ['n', 'u'],
  ['h', 'b'],
  ['g', 'q'],
];

/** Shortest word widened at all: two-letter words have too many neighbours. */
const MIN_LENGTH = 3;
/** From this length, any single edit (insert, delete, substitute, swap) is accepted too. */
export const FUZZY_MIN_LENGTH = 7;

/**
 * Every string one glyph confusion away from `word` (candidates to look up in the corpus terms).
 *
 * @example confusionVariants('tham') // includes 'tharn', 'thann', 'lham'…
 */
export function confusionVariants(word: string): string[] {
  if (word.length < MIN_LENGTH) {
    return [];
  }
  const out = new Set<string>();
  for (const [a, b] of CONFUSIONS) {
    for (const [from, to] of [
      [a, b],
      [b, a],
    ] as const) {
      let i = word.indexOf(from);
      while (i !== -1) {
        out.add(word.slice(0, i) + to + word.slice(i + from.length));
        i = word.indexOf(from, i + 1);
      }
    }
  }
  out.delete(word);
  return [...out];
}

/** Optimal string alignment distance (Damerau–Levenshtein without repeated edits), capped. */
export function editDistance(a: string, b: string, cap = 3): number {
  if (Math.abs(a.length - b.length) > cap) {
    return cap + 1;
  }
  const d: number[][] = Array.from({ length: a.length + 1 }, (_, i) =>
    Array.from({ length: b.length + 1 }, (_, j) => (i === 0 ? j : j === 0 ? i : 0)),
  );
  for (let i = 1; i <= a.length; i += 1) {
    for (let j = 1; j <= b.length; j += 1) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      let v = Math.min(d[i - 1]![j]! + 1, d[i]![j - 1]! + 1, d[i - 1]![j - 1]! + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) {
        v = Math.min(v, d[i - 2]![j - 2]! + 1);
      }
      d[i]![j] = v;
    }
  }
  return d[a.length]![b.length]!;
}

/**
 * Whether `candidate` (a folded corpus term, e.g. found by trigram similarity) may be an OCR
 * misreading of the folded query word `word`.
 */
export function isOcrVariant(word: string, candidate: string): boolean {
  if (word === candidate || word.length < MIN_LENGTH) {
    return false;
  }
  if (confusionVariants(word).includes(candidate)) {
    return true;
  }
  const lettersOnly = /^\p{L}+$/u.test(word);
  return lettersOnly && word.length >= FUZZY_MIN_LENGTH && editDistance(word, candidate, 1) <= 1;
}
