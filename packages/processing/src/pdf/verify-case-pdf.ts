import { fileSource } from '../sources/byte-source.ts';
import { PdfFile } from '../sources/pdf/file.ts';
import { PdfLexer } from '../sources/pdf/lexer.ts';
import type { PdfDict } from '../sources/pdf/objects.ts';
import {
  asNumber,
  PdfName,
  PdfOp,
  PdfStream,
  PdfString,
  type PdfValue,
} from '../sources/pdf/objects.ts';
import { countPages, getPage } from '../sources/pdf/page-tree.ts';
import { toRoman } from './page-labels.ts';

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
const MAX_DECODED = 64 * 1024 * 1024;

/**
 * Reads a written case file back with the project's own lazy PDF reader (not the writer's code:
 * xref, page tree, catalog, content streams and ToUnicode maps are parsed from the bytes) and
 * compares it with what the writer meant: page count, every page label, the number of bookmarks,
 * and the text of sample pages (NFC, spacing ignored). Only the objects needed are read, so a
 * 1 GB file costs a few MB (pdf.js, by contrast, held ~900 MB for a 630 MB file).
 */
export function verifyCasePdf({
  path,
  expected,
}: {
  path: string;
  expected: CasePdfExpectation;
}): Promise<CasePdfVerification> {
  const source = fileSource(path);
  const problems: string[] = [];
  try {
    const file = PdfFile.open(source, { maxDecodedBytes: MAX_DECODED });
    const pageCount = countPages(file);
    if (pageCount !== expected.pageCount) {
      problems.push(`page count ${pageCount}, expected ${expected.pageCount}`);
    }
    const labels = readPageLabels(file, pageCount);
    const wrong = expected.labels.findIndex((label, i) => labels[i] !== label);
    if (wrong >= 0) {
      problems.push(
        `page ${wrong + 1} labelled "${labels[wrong]}", expected "${expected.labels[wrong]}"`,
      );
    }
    const outlineCount = countOutline(file);
    if (outlineCount !== expected.outlineCount) {
      problems.push(`${outlineCount} bookmarks, expected ${expected.outlineCount}`);
    }
    for (const sample of expected.samples) {
      const text = squash(pageText(file, sample.pageIndex));
      if (!text.includes(squash(sample.words.join('')))) {
        problems.push(`page ${sample.pageIndex + 1}: text layer does not read back`);
      }
    }
  } catch (error) {
    problems.push(`unreadable: ${(error as Error).message}`);
  } finally {
    source.close();
  }
  return Promise.resolve({
    ok: problems.length === 0,
    problems,
    checkedPages: expected.samples.map((s) => s.pageIndex),
  });
}

/** /PageLabels number tree (flat /Nums, as written) expanded to one label per page. */
export function readPageLabels(file: PdfFile, pageCount: number): string[] {
  const tree = file.dict(file.root().get('PageLabels'));
  const nums = file.resolve(tree?.get('Nums'));
  const ranges: Array<{ start: number; dict: PdfDict }> = [];
  if (Array.isArray(nums)) {
    for (let i = 0; i + 1 < nums.length; i += 2) {
      const start = asNumber(nums[i]);
      const dict = file.dict(nums[i + 1]);
      if (start !== null && dict) {
        ranges.push({ start, dict });
      }
    }
  }
  return Array.from({ length: pageCount }, (_, i) => {
    const range = [...ranges].reverse().find((r) => r.start <= i);
    if (!range) {
      return String(i + 1);
    }
    const prefix = file.resolve(range.dict.get('P'));
    const style = file.resolve(range.dict.get('S'));
    const n = (asNumber(file.resolve(range.dict.get('St'))) ?? 1) + i - range.start;
    const number =
      style instanceof PdfName
        ? style.name === 'D'
          ? String(n)
          : style.name === 'r'
            ? toRoman(n)
            : style.name === 'R'
              ? toRoman(n).toUpperCase()
              : ''
        : '';
    return (prefix instanceof PdfString ? prefix.text() : '') + number;
  });
}

function countOutline(file: PdfFile): number {
  let count = 0;
  const seen = new Set<PdfDict>();
  const walk = (first: PdfValue | undefined) => {
    for (let item = file.dict(first); item && !seen.has(item); item = file.dict(item.get('Next'))) {
      seen.add(item);
      count++;
      walk(item.get('First'));
    }
  };
  walk(file.dict(file.root().get('Outlines'))?.get('First'));
  return count;
}

/** Unicode text shown by a page's Tj/TJ operators, decoded through each font's ToUnicode map. */
function pageText(file: PdfFile, index: number): string {
  const page = getPage(file, index);
  if (!page) {
    return '';
  }
  const fonts = file.dict(page.resources?.get('Font'));
  const maps = new Map<string, Map<number, string>>();
  const mapOf = (name: string) => {
    if (!maps.has(name)) {
      const font = file.dict(fonts?.get(name));
      const stream = file.resolve(font?.get('ToUnicode'));
      maps.set(
        name,
        stream instanceof PdfStream
          ? parseToUnicode(file.decodeStream(stream))
          : new Map<number, string>(),
      );
    }
    return maps.get(name)!;
  };
  const contents = file.resolve(page.dict.get('Contents'));
  const streams = (Array.isArray(contents) ? contents.map((c) => file.resolve(c)) : [contents])
    .filter((s): s is PdfStream => s instanceof PdfStream)
    .map((s) => file.decodeStream(s));
  let text = '';
  let font = new Map<number, string>();
  for (const data of streams) {
    const lexer = new PdfLexer(data, 0, 0, true);
    let operands: PdfValue[] = [];
    for (
      let token = lexer.nextContentToken();
      token !== undefined;
      token = lexer.nextContentToken()
    ) {
      if (!(token instanceof PdfOp)) {
        operands.push(token);
        continue;
      }
      if (token.op === 'Tf' && operands[0] instanceof PdfName) {
        font = mapOf(operands[0].name);
      } else if (token.op === 'Tj' || token.op === 'TJ') {
        const strings = (Array.isArray(operands[0]) ? operands[0] : operands).filter(
          (v): v is PdfString => v instanceof PdfString,
        );
        for (const s of strings) {
          for (let i = 0; i + 1 < s.bytes.length; i += 2) {
            text += font.get((s.bytes[i]! << 8) | s.bytes[i + 1]!) ?? '';
          }
        }
        text += ' ';
      }
      operands = [];
    }
  }
  return text;
}

/** bfchar and bfrange entries of a ToUnicode CMap (2-byte codes, UTF-16BE destinations). */
function parseToUnicode(data: Uint8Array): Map<number, string> {
  const map = new Map<number, string>();
  const source = new TextDecoder('latin1').decode(data);
  // Hex strings may hold white space (PDFKit writes a ligature as <0066 0066>).
  const utf16 = (hex: string) =>
    String.fromCharCode(
      ...(hex.replace(/\s+/g, '').match(/.{1,4}/g) ?? []).map((h) => parseInt(h, 16)),
    );
  for (const block of source.matchAll(/beginbfchar([\s\S]*?)endbfchar/g)) {
    for (const m of block[1]!.matchAll(/<([0-9a-fA-F]+)>\s*<([0-9a-fA-F\s]+)>/g)) {
      map.set(parseInt(m[1]!, 16), utf16(m[2]!));
    }
  }
  for (const block of source.matchAll(/beginbfrange([\s\S]*?)endbfrange/g)) {
    for (const m of block[1]!.matchAll(
      /<([0-9a-fA-F]+)>\s*<([0-9a-fA-F]+)>\s*(\[[^\]]*\]|<[0-9a-fA-F\s]+>)/g,
    )) {
      const lo = parseInt(m[1]!, 16);
      const hi = parseInt(m[2]!, 16);
      const dest = m[3]!;
      if (dest.startsWith('[')) {
        [...dest.matchAll(/<([0-9a-fA-F\s]+)>/g)].forEach((d, k) => map.set(lo + k, utf16(d[1]!)));
      } else {
        const base = dest.slice(1, -1).replace(/\s+/g, '');
        const first = parseInt(base.slice(-4), 16);
        for (let code = lo; code <= hi; code++) {
          map.set(code, utf16(base.slice(0, -4)) + String.fromCharCode(first + code - lo));
        }
      }
    }
  }
  return map;
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

/**
 * Page count and every page label of a PDF, read with the project's lazy reader (for `sohoa
 * verify`, which compares them with the export manifest). Throws when the file is not a readable
 * PDF.
 */
export function readCasePdfPages({ path }: { path: string }): {
  pageCount: number;
  labels: string[];
} {
  const source = fileSource(path);
  try {
    const file = PdfFile.open(source, { maxDecodedBytes: MAX_DECODED });
    const pageCount = countPages(file);
    return { pageCount, labels: readPageLabels(file, pageCount) };
  } finally {
    source.close();
  }
}
