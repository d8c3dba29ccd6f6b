import { fileSource } from '../sources/byte-source.ts';
import { resolveLimits } from '../sources/limits.ts';
import { openPdfJs } from '../sources/pdf/pdfjs.ts';

export interface CasePdfExpectation {
  pageCount: number;
  labels: string[];
  outlineCount: number;
  /** Pages (0-based, whole file) whose extracted text must contain these words in this order. */
  samples: Array<{ pageIndex: number; words: string[] }>;
}

export interface CasePdfVerification {
  ok: boolean;
  problems: string[];
  checkedPages: number[];
}

const squash = (s: string) => s.normalize('NFC').replace(/\s+/g, '');

/**
 * Reads a written case file back with an independent parser (pdf.js, through ranged reads so a
 * 1 GB file is not loaded whole) and compares it with what the writer meant: page count, every
 * page label, the number of bookmarks, and the text of sample pages (NFC, spacing ignored).
 */
export async function verifyCasePdf({
  path,
  expected,
}: {
  path: string;
  expected: CasePdfExpectation;
}): Promise<CasePdfVerification> {
  const source = fileSource(path);
  const problems: string[] = [];
  try {
    const doc = await openPdfJs(source, resolveLimits(undefined));
    try {
      if (doc.numPages !== expected.pageCount) {
        problems.push(`page count ${doc.numPages}, expected ${expected.pageCount}`);
      }
      const labels = (await doc.getPageLabels()) ?? [];
      const wrong = expected.labels.findIndex((label, i) => labels[i] !== label);
      if (wrong >= 0) {
        problems.push(
          `page ${wrong + 1} labelled "${labels[wrong]}", expected "${expected.labels[wrong]}"`,
        );
      }
      const outline = (await doc.getOutline()) ?? [];
      const count = (items: Array<{ items: unknown[] }>): number =>
        items.reduce((n, item) => n + 1 + count(item.items as Array<{ items: unknown[] }>), 0);
      const outlineCount = count(outline);
      if (outlineCount !== expected.outlineCount) {
        problems.push(`${outlineCount} bookmarks, expected ${expected.outlineCount}`);
      }
      for (const sample of expected.samples) {
        const page = await doc.getPage(sample.pageIndex + 1);
        const content = await page.getTextContent();
        const text = squash(content.items.map((i) => ('str' in i ? i.str : '')).join(''));
        const want = squash(sample.words.join(''));
        if (!text.includes(want)) {
          problems.push(`page ${sample.pageIndex + 1}: text layer does not read back`);
        }
        page.cleanup();
      }
    } finally {
      await doc.destroy();
    }
  } finally {
    source.close();
  }
  return {
    ok: problems.length === 0,
    problems,
    checkedPages: expected.samples.map((s) => s.pageIndex),
  };
}

/** Up to `count` pages spread over the content pages, preferring pages with words. */
export function samplePageIndexes({
  pagesWithWords,
  count = 5,
}: {
  pagesWithWords: number[];
  count?: number;
}): number[] {
  if (pagesWithWords.length <= count) {
    return pagesWithWords;
  }
  const step = (pagesWithWords.length - 1) / (count - 1);
  return [
    ...new Set(Array.from({ length: count }, (_, i) => pagesWithWords[Math.round(i * step)]!)),
  ];
}
