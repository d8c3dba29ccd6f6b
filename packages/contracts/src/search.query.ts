/*
 * Search query syntax and word matching, shared by the server (snippets, word boxes) and the web
 * app. Pure functions over strings; the SQL side mirrors them (f_fold, to_tsvector('simple')).
 *
 * Syntax: plain words must all appear (diacritics folded by default: "tham phan" finds
 * "thẩm phán"); a "quoted phrase" must appear exactly as typed, diacritics included, words in
 * that order.
 */

export type SearchMode = 'folded' | 'exact';

export interface ParsedSearchQuery {
  /** Plain words, NFC, lower case, as typed (fold them with {@link foldText} for folded mode). */
  words: string[];
  /** Quoted phrases: each a list of NFC lower-case words, matched with their diacritics. */
  phrases: string[][];
}

/** A word: letters and digits (Unicode), like the words PostgreSQL's text-search parser makes. */
const WORD = /[\p{L}\p{N}]+/gu;

/**
 * Folds Vietnamese text the way the SQL function f_fold does: no tone or vowel marks, đ→d,
 * lower case. "Thẩm phán Đồng" → "tham phan dong".
 */
export function foldText(text: string): string {
  return text.normalize('NFD').replace(/\p{M}/gu, '').replace(/[đĐ]/g, 'd').toLowerCase();
}

/** Lower case NFC words of a text, with their offsets in the text. */
export function tokenize(text: string): Array<{ word: string; start: number; end: number }> {
  const out: Array<{ word: string; start: number; end: number }> = [];
  for (const m of text.matchAll(WORD)) {
    const start = m.index;
    out.push({ word: m[0].normalize('NFC').toLowerCase(), start, end: start + m[0].length });
  }
  return out;
}

const wordsOf = (text: string) =>
  [...text.normalize('NFC').matchAll(WORD)].map((m) => m[0].toLowerCase());

/**
 * Splits a query into plain words and "quoted phrases". An unclosed quote runs to the end.
 *
 * @example
 * parseSearchQuery('bị can "thẩm phán" Nguyễn')
 * // { words: ['bị', 'can', 'nguyễn'], phrases: [['thẩm', 'phán']] }
 */
export function parseSearchQuery(query: string): ParsedSearchQuery {
  const words: string[] = [];
  const phrases: string[][] = [];
  const parts = query.normalize('NFC').replace(/[“”„]/g, '"').split('"');
  parts.forEach((part, i) => {
    const inQuotes = i % 2 === 1;
    const found = wordsOf(part);
    if (inQuotes && found.length > 0) {
      phrases.push(found);
    } else {
      words.push(...found);
    }
  });
  return { words: [...new Set(words)], phrases };
}

/** True when the query has nothing to search for. */
export const isEmptySearchQuery = (parsed: ParsedSearchQuery) =>
  parsed.words.length === 0 && parsed.phrases.length === 0;

/** What a word list is matched against: built once per query. */
export interface WordMatcher {
  mode: SearchMode;
  /** Plain words: folded (plus the OCR variants found by the server) in folded mode, else exact. */
  terms: ReadonlySet<string>;
  phrases: readonly (readonly string[])[];
}

export function createWordMatcher({
  parsed,
  mode,
  variants = [],
}: {
  parsed: ParsedSearchQuery;
  mode: SearchMode;
  /** Extra folded words accepted for plain words (OCR misreadings), folded mode only. */
  variants?: readonly string[];
}): WordMatcher {
  const terms =
    mode === 'folded' ? [...parsed.words.map(foldText), ...variants] : [...parsed.words];
  return { mode, terms: new Set(terms), phrases: parsed.phrases };
}

/**
 * Which of `words` (in reading order, lower case NFC) are hits: a plain query word, or part of an
 * occurrence of a quoted phrase.
 */
export function markMatches(words: readonly string[], matcher: WordMatcher): boolean[] {
  const hits = words.map((w) => matcher.terms.has(matcher.mode === 'folded' ? foldText(w) : w));
  for (const phrase of matcher.phrases) {
    for (let i = 0; i + phrase.length <= words.length; i += 1) {
      if (phrase.every((p, k) => words[i + k] === p)) {
        for (let k = 0; k < phrase.length; k += 1) {
          hits[i + k] = true;
        }
      }
    }
  }
  return hits;
}
