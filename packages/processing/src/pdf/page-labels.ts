/** One /PageLabels range: from page `start` (0-based), decimal numbers from `first`, or a fixed text. */
export type PageLabelRange =
  | { start: number; style: 'decimal'; first: number }
  | { start: number; style: 'roman' }
  | { start: number; style: 'text'; text: string };

/**
 * The /PageLabels ranges of a case file: front matter in lower-case roman numerals, then one
 * label per scanned page. Runs of consecutive bút lục (45, 46, 47 …) share one decimal range, so
 * 5,000 well-numbered pages cost a few entries; everything else is a fixed text label.
 *
 * @example
 * pageLabelRanges({ frontMatterPages: 2, labels: ['Bìa', '1', '2', '2 (mặt sau)', '3'] })
 * // → roman at 0, 'Bìa' at 2, decimal from 1 at 3, '2 (mặt sau)' at 5, decimal from 3 at 6
 */
export function pageLabelRanges({
  frontMatterPages,
  labels,
}: {
  frontMatterPages: number;
  labels: string[];
}): PageLabelRange[] {
  const ranges: PageLabelRange[] = frontMatterPages > 0 ? [{ start: 0, style: 'roman' }] : [];
  let previous: number | null = null;
  labels.forEach((label, i) => {
    const start = frontMatterPages + i;
    const n = /^[1-9]\d{0,8}$/.test(label) ? Number(label) : null;
    if (n !== null && previous !== null && n === previous + 1) {
      previous = n;
      return;
    }
    ranges.push(
      n !== null ? { start, style: 'decimal', first: n } : { start, style: 'text', text: label },
    );
    previous = n;
  });
  return ranges;
}

/** Expands ranges back to one label per page (what a viewer shows); used to check read-back labels. */
export function expandPageLabels({
  ranges,
  pageCount,
}: {
  ranges: PageLabelRange[];
  pageCount: number;
}): string[] {
  const out: string[] = [];
  for (let i = 0; i < pageCount; i++) {
    const range = [...ranges].reverse().find((r) => r.start <= i);
    if (!range) {
      out.push(String(i + 1));
    } else if (range.style === 'decimal') {
      out.push(String(range.first + i - range.start));
    } else if (range.style === 'roman') {
      out.push(toRoman(i - range.start + 1));
    } else {
      out.push(range.text);
    }
  }
  return out;
}

export function toRoman(n: number): string {
  const table: Array<[number, string]> = [
    [1000, 'm'],
    [900, 'cm'],
    [500, 'd'],
    [400, 'cd'],
    [100, 'c'],
    [90, 'xc'],
    [50, 'l'],
    [40, 'xl'],
    [10, 'x'],
    [9, 'ix'],
    [5, 'v'],
    [4, 'iv'],
    [1, 'i'],
  ];
  let rest = n;
  let out = '';
  for (const [value, letters] of table) {
    while (rest >= value) {
      out += letters;
      rest -= value;
    }
  }
  return out;
}

/** What the scanned pages are called, from what the pipeline knows of each. */
export interface LabelledPage {
  butLuc: number | null;
  isBlank: boolean;
  isCover: boolean;
  volume: number;
}

/**
 * Bút lục page labels: the number stamped; a blank back side after sheet n is "n (mặt sau)"; a
 * volume cover "Bìa" ("Bìa tập 2" when there are several volumes); any other unnumbered page
 * "(không số) k" with k its position in the export, so no two unnumbered pages look alike.
 */
export function butLucLabels({
  pages,
  backSide = (n) => `${n} (mặt sau)`,
}: {
  pages: LabelledPage[];
  backSide?: (butLuc: number) => string;
}): string[] {
  const volumes = new Set(pages.map((p) => p.volume)).size;
  let last: number | null = null;
  let lastVolume: number | null = null;
  return pages.map((p, i) => {
    if (p.volume !== lastVolume) {
      last = null;
      lastVolume = p.volume;
    }
    if (p.isCover) {
      return volumes > 1 ? `Bìa tập ${p.volume}` : 'Bìa';
    }
    if (p.butLuc !== null && !p.isBlank) {
      last = p.butLuc;
      return String(p.butLuc);
    }
    if (p.isBlank && last !== null) {
      return backSide(last);
    }
    return `(không số) ${i + 1}`;
  });
}
