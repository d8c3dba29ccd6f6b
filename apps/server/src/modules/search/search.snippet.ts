import {
  markMatches,
  tokenize,
  type SearchSnippet,
  type WordBox,
  type WordMatcher,
} from '@sohoa/contracts';
import type { OcrWord } from '@sohoa/processing';

const squash = (s: string) => s.replace(/\s+/g, ' ');

/**
 * A short extract of a page's text around its densest cluster of hits, hits marked. Whitespace
 * (OCR line breaks) is squashed to single spaces; cut ends are shown with "…".
 */
export function buildSnippet({
  text,
  matcher,
  maxChars = 240,
}: {
  text: string;
  matcher: WordMatcher;
  maxChars?: number;
}): SearchSnippet {
  const tokens = tokenize(text);
  const hits = markMatches(
    tokens.map((t) => t.word),
    matcher,
  );
  const hitTokens = tokens.filter((_, i) => hits[i]);
  // The window (starting a little before some hit) that holds the most hits.
  const lead = Math.floor(maxChars / 4);
  let start = 0;
  let best = -1;
  for (const h of hitTokens) {
    const from = Math.max(0, h.start - lead);
    const count = hitTokens.filter((o) => o.start >= from && o.end <= from + maxChars).length;
    if (count > best) {
      best = count;
      start = from;
    }
  }
  // Do not cut a word in two.
  const first = tokens.find((t) => t.end > start);
  if (first && first.start < start) {
    start = first.start;
  }
  let end = Math.min(text.length, start + maxChars);
  const last = tokens.find((t) => t.start < end && t.end > end);
  if (last) {
    end = last.end;
  }
  const segments: SearchSnippet = [];
  const push = (s: string, hit: boolean) => {
    if (!s) {
      return;
    }
    const prev = segments[segments.length - 1];
    if (prev && prev.hit === hit) {
      prev.text += s;
    } else {
      segments.push({ text: s, hit });
    }
  };
  if (start > 0) {
    push('… ', false);
  }
  let cursor = start;
  tokens.forEach((t, i) => {
    if (!hits[i] || t.start < start || t.end > end) {
      return;
    }
    const gap = text.slice(cursor, t.start);
    // Words of one phrase ("thẩm phán") stay one marked segment.
    const prev = segments[segments.length - 1];
    if (prev?.hit && /^\s+$/.test(gap)) {
      push(' ', true);
    } else {
      push(squash(gap), false);
    }
    push(text.slice(t.start, t.end), true);
    cursor = t.end;
  });
  push(squash(text.slice(cursor, end)), false);
  if (end < text.length) {
    push(' …', false);
  }
  const firstSeg = segments[0];
  if (firstSeg && !firstSeg.hit) {
    firstSeg.text = firstSeg.text.trimStart();
  }
  return segments;
}

/**
 * The OCR words of a page that are hits, as boxes in pixels of the upright page image. OCR words
 * may carry punctuation ("phán,"); a word is a hit when one of its letter runs is.
 */
export function hitWordBoxes({
  words,
  matcher,
  widthPx,
  heightPx,
}: {
  words: readonly OcrWord[];
  matcher: WordMatcher;
  widthPx: number;
  heightPx: number;
}): WordBox[] {
  const flat: Array<{ word: string; owner: number }> = [];
  words.forEach((w, owner) => {
    for (const t of tokenize(w.text)) {
      flat.push({ word: t.word, owner });
    }
  });
  const hits = markMatches(
    flat.map((f) => f.word),
    matcher,
  );
  const owners = new Set(flat.filter((_, i) => hits[i]).map((f) => f.owner));
  const round = (n: number) => Math.round(n * 10) / 10;
  return [...owners]
    .sort((a, b) => a - b)
    .map((i) => {
      const w = words[i]!;
      const [x0, y0, x1, y1] = w.box;
      return {
        x: round(x0 * widthPx),
        y: round(y0 * heightPx),
        width: round((x1 - x0) * widthPx),
        height: round((y1 - y0) * heightPx),
        text: w.text,
      };
    });
}
