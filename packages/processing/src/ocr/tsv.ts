import type { NormalizedBox, OcrResult, OcrWord } from '../types.ts';

interface TsvLine {
  key: string;
  block: string;
  words: OcrWord[];
}

/**
 * Turns tesseract's TSV output (CLI `tsv` config or tesseract.js `GetTSVText`) into an OcrResult.
 * Words keep tesseract's reading order; lines (block/paragraph/line numbers) are joined by `\n` and
 * blocks by a blank line. Boxes are normalised by the page size in the TSV's level-1 row, which is
 * the size of the image given to tesseract.
 */
export function parseTesseractTsv({ tsv, engine }: { tsv: string; engine: string }): OcrResult {
  let pageWidth = 0;
  let pageHeight = 0;
  const lines: TsvLine[] = [];
  const words: OcrWord[] = [];
  for (const row of tsv.split('\n')) {
    const cells = row.split('\t');
    if (cells.length < 12 || cells[0] === 'level') {
      continue;
    }
    const [level, , block, par, line, , left, top, width, height, conf] = cells.map(Number);
    if (level === 1) {
      pageWidth = width ?? 0;
      pageHeight = height ?? 0;
      continue;
    }
    const text = cells.slice(11).join('\t').trim().normalize('NFC');
    if (level !== 5 || text === '' || pageWidth <= 0 || pageHeight <= 0) {
      continue;
    }
    const word: OcrWord = {
      text,
      confidence: Math.round(clamp(conf ?? 0, 0, 100) * 100) / 100,
      box: normalizeBox({ left, top, width, height, pageWidth, pageHeight }),
    };
    words.push(word);
    const key = `${block}/${par}/${line}`;
    const last = lines.at(-1);
    if (last?.key === key) {
      last.words.push(word);
    } else {
      lines.push({ key, block: String(block), words: [word] });
    }
  }
  return { text: joinLines(lines), words, meanConfidence: meanConfidence(words), engine };
}

/** Joins words into lines and lines into blocks separated by a blank line. */
function joinLines(lines: TsvLine[]): string {
  let text = '';
  let previousBlock: string | null = null;
  for (const line of lines) {
    if (previousBlock !== null) {
      text += line.block === previousBlock ? '\n' : '\n\n';
    }
    text += line.words.map((w) => w.text).join(' ');
    previousBlock = line.block;
  }
  return text;
}

/** Mean word confidence (0 when there are no words). */
export function meanConfidence(words: OcrWord[]): number {
  if (words.length === 0) {
    return 0;
  }
  let sum = 0;
  for (const w of words) {
    sum += w.confidence;
  }
  return Math.round((sum / words.length) * 100) / 100;
}

function normalizeBox({
  left = 0,
  top = 0,
  width = 0,
  height = 0,
  pageWidth,
  pageHeight,
}: {
  left: number | undefined;
  top: number | undefined;
  width: number | undefined;
  height: number | undefined;
  pageWidth: number;
  pageHeight: number;
}): NormalizedBox {
  return [
    clamp(left / pageWidth, 0, 1),
    clamp(top / pageHeight, 0, 1),
    clamp((left + width) / pageWidth, 0, 1),
    clamp((top + height) / pageHeight, 0, 1),
  ];
}

function clamp(value: number, min: number, max: number): number {
  return Number.isFinite(value) ? Math.min(max, Math.max(min, value)) : min;
}
