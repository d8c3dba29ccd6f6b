/** Text helpers for structuring: diacritic folding and OCR-tolerant fuzzy matching. */

/** Folds Vietnamese text for matching: NFD, combining marks removed, đ→d, upper case. */
export function fold(text: string): string {
  return text.normalize('NFD').replace(/\p{M}/gu, '').replace(/[đĐ]/g, 'D').toUpperCase();
}

/** Folded text with everything but letters and digits removed ("Độc lập - Tự do" → "DOCLAPTUDO"). */
export function compact(text: string): string {
  return fold(text).replace(/[^A-Z0-9]/g, '');
}

/**
 * Levenshtein distance between a and b, or `max + 1` as soon as it is known to exceed `max`
 * (banded computation, O(len · max)).
 */
export function boundedLevenshtein(a: string, b: string, max: number): number {
  if (Math.abs(a.length - b.length) > max) {
    return max + 1;
  }
  if (a === b) {
    return 0;
  }
  const n = b.length;
  const big = max + 1;
  let prev = new Int32Array(n + 2).fill(big);
  let curr = new Int32Array(n + 2).fill(big);
  for (let j = 0; j <= Math.min(n, max); j++) {
    prev[j] = j;
  }
  for (let i = 1; i <= a.length; i++) {
    const lo = Math.max(1, i - max);
    const hi = Math.min(n, i + max);
    curr[lo - 1] = lo === 1 && i <= max ? i : big;
    let rowMin = curr[lo - 1] ?? big;
    const ca = a.charCodeAt(i - 1);
    for (let j = lo; j <= hi; j++) {
      const sub = (prev[j - 1] ?? big) + (ca === b.charCodeAt(j - 1) ? 0 : 1);
      const del = (prev[j] ?? big) + 1;
      const ins = (curr[j - 1] ?? big) + 1;
      const v = sub < del ? (sub < ins ? sub : ins) : del < ins ? del : ins;
      curr[j] = v;
      if (v < rowMin) {
        rowMin = v;
      }
    }
    curr[hi + 1] = big;
    if (rowMin > max) {
      return big;
    }
    [prev, curr] = [curr, prev];
  }
  const d = prev[n] ?? big;
  return d > max ? big : d;
}

/** Similarity 1 − distance / longer length, 0 when below `minRatio` (compared on compact forms). */
export function similarity(a: string, b: string, minRatio = 0.5): number {
  const longer = Math.max(a.length, b.length);
  if (longer === 0) {
    return 0;
  }
  const max = Math.floor(longer * (1 - minRatio));
  const d = boundedLevenshtein(a, b, max);
  return d > max ? 0 : 1 - d / longer;
}

/**
 * Whether `needle` occurs in `hay` with at most `maxErrors` edits (approximate substring search,
 * Sellers' algorithm).
 */
export function fuzzyContains(hay: string, needle: string, maxErrors: number): boolean {
  const m = needle.length;
  if (m === 0) {
    return true;
  }
  if (hay.includes(needle)) {
    return true;
  }
  let col = new Array<number>(m + 1);
  for (let i = 0; i <= m; i++) {
    col[i] = i;
  }
  for (let j = 1; j <= hay.length; j++) {
    const next = new Array<number>(m + 1);
    next[0] = 0;
    const c = hay.charCodeAt(j - 1);
    for (let i = 1; i <= m; i++) {
      const cost = needle.charCodeAt(i - 1) === c ? 0 : 1;
      next[i] = Math.min((col[i - 1] ?? 0) + cost, (col[i] ?? 0) + 1, (next[i - 1] ?? 0) + 1);
    }
    if ((next[m] ?? m) <= maxErrors) {
      return true;
    }
    col = next;
  }
  return false;
}

/** True when most letters of the line are capitals (a title or agency line). */
export function isCapsLine(line: string): boolean {
  const letters = line.match(/\p{L}/gu) ?? [];
  if (letters.length < 4) {
    return false;
  }
  const upper = letters.filter((ch) => ch === ch.toUpperCase() && ch !== ch.toLowerCase()).length;
  return upper / letters.length >= 0.8;
}
