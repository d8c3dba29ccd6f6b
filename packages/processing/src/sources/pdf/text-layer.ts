import type { NormalizedBox, OcrResult, OcrWord } from '../../types.ts';
import type { Matrix } from './objects.ts';

/** The parts of a pdf.js TextItem we use. */
export interface TextItemLike {
  str: string;
  /** Text space to page user space. */
  transform: number[];
  /** Advance width in user space units. */
  width: number;
  hasEOL: boolean;
  fontName: string;
}

/** Maps a point of page user space to [0, 1] of the page image (top-left origin). */
export type Normalizer = (x: number, y: number) => [number, number];

/** A layer needs this many letters to stand in for OCR (a page number or a stamp is not a text page). */
export const MIN_TEXT_LAYER_LETTERS = 20;

/**
 * Words and text of a born-digital page from pdf.js text items, or null when the layer is not worth
 * trusting: fewer than MIN_TEXT_LAYER_LETTERS letters, mostly non-letters (fonts without a usable
 * ToUnicode map), or legacy Vietnamese encodings (TCVN3/VNI fonts extract as Latin-1 mojibake such as
 * "Céng hoµ x· héi"), which OCR reads better than we could decode. Text set at an angle is left out.
 */
export function buildTextLayer({
  items,
  styles,
  normalize,
  engine,
}: {
  items: TextItemLike[];
  styles: Record<string, { ascent?: number; descent?: number } | undefined>;
  normalize: Normalizer;
  engine: string;
}): OcrResult | null {
  const words: OcrWord[] = [];
  const lines: Array<{ text: string; top: number; bottom: number }> = [];
  let line = { text: '', top: Infinity, bottom: -Infinity };
  const endLine = () => {
    const text = line.text.replace(/\s+/g, ' ').trim();
    if (text) {
      lines.push({ text, top: line.top, bottom: line.bottom });
    }
    line = { text: '', top: Infinity, bottom: -Infinity };
  };
  for (const item of items) {
    const str = isAxisAligned(item) ? item.str.normalize('NFC') : '';
    if (str.trim()) {
      const geometry = itemGeometry(item, styles[item.fontName]);
      for (const match of str.matchAll(/\S+/g)) {
        const start = match.index / str.length;
        const end = (match.index + match[0].length) / str.length;
        const box = normalizedBox(geometry, start, end, normalize);
        words.push({ text: match[0], confidence: 100, box });
        line.top = Math.min(line.top, box[1]);
        line.bottom = Math.max(line.bottom, box[3]);
      }
    }
    line.text += str;
    if (item.hasEOL) {
      endLine();
    }
  }
  endLine();
  const text = joinLines(lines);
  if (!isUsable(text)) {
    return null;
  }
  return { text, words, meanConfidence: words.length > 0 ? 100 : 0, engine };
}

/**
 * Text set at an angle (the ring of a seal, a diagonal "BẢN SAO" watermark) is decoration, not
 * the page's text: only runs within 3° of a multiple of 90° are kept.
 */
function isAxisAligned(item: TextItemLike): boolean {
  const angle = (Math.atan2(item.transform[1] ?? 0, item.transform[0] ?? 1) * 180) / Math.PI;
  const off = ((angle % 90) + 90) % 90;
  return off <= 3 || off >= 87;
}

interface Geometry {
  origin: [number, number];
  along: [number, number];
  up: [number, number];
  ascent: number;
  descent: number;
}

function itemGeometry(
  item: TextItemLike,
  style: { ascent?: number; descent?: number } | undefined,
): Geometry {
  const t = item.transform as Matrix;
  const advance = Math.hypot(t[0], t[1]) || 1;
  const descent = style?.descent && style.descent < 0 ? style.descent : -0.2;
  const ascent = style?.ascent && style.ascent > 0 ? style.ascent : 1 + descent;
  return {
    origin: [t[4], t[5]],
    along: [(t[0] / advance) * item.width, (t[1] / advance) * item.width],
    up: [t[2], t[3]],
    ascent,
    descent,
  };
}

function normalizedBox(
  g: Geometry,
  start: number,
  end: number,
  normalize: Normalizer,
): NormalizedBox {
  const xs: number[] = [];
  const ys: number[] = [];
  for (const f of [start, end]) {
    for (const h of [g.ascent, g.descent]) {
      const [x, y] = normalize(
        g.origin[0] + g.along[0] * f + g.up[0] * h,
        g.origin[1] + g.along[1] * f + g.up[1] * h,
      );
      xs.push(x);
      ys.push(y);
    }
  }
  const clamp = (v: number) => Math.min(1, Math.max(0, v));
  return [
    clamp(Math.min(...xs)),
    clamp(Math.min(...ys)),
    clamp(Math.max(...xs)),
    clamp(Math.max(...ys)),
  ];
}

/** Lines in order; a vertical gap larger than ~a line height starts a new block (blank line). */
function joinLines(lines: Array<{ text: string; top: number; bottom: number }>): string {
  let out = '';
  lines.forEach((line, i) => {
    const previous = lines[i - 1];
    if (previous) {
      const height = previous.bottom - previous.top;
      const gap = line.top - previous.bottom;
      out += height > 0 && gap > height * 0.9 ? '\n\n' : '\n';
    }
    out += line.text;
  });
  return out;
}

// Latin-1 and Latin Extended letters that Vietnamese uses; the others (ä ñ ø Ö µ…) are what
// TCVN3/VNI fonts extract as.
const VIETNAMESE_LATIN = new Set('ÀÁÂÃÈÉÊÌÍÒÓÔÕÙÚÝàáâãèéêìíòóôõùúýĂăĐđĨĩŨũƠơƯư');

function isForeignLatin(ch: string): boolean {
  const cp = ch.codePointAt(0) ?? 0;
  return cp >= 0xaa && cp <= 0x24f && !VIETNAMESE_LATIN.has(ch);
}

export function isUsable(text: string): boolean {
  let letters = 0;
  let nonSpace = 0;
  let suspicious = 0;
  let foreign = 0;
  for (const ch of text) {
    if (/\s/u.test(ch)) {
      continue;
    }
    nonSpace += 1;
    if (/\p{L}/u.test(ch)) {
      letters += 1;
      if (isForeignLatin(ch)) {
        foreign += 1;
      }
    } else if (/[\p{Co}\p{Cc}\uFFFD]/u.test(ch)) {
      suspicious += 1;
    }
  }
  return (
    letters >= MIN_TEXT_LAYER_LETTERS &&
    letters >= nonSpace * 0.5 &&
    suspicious <= nonSpace * 0.05 &&
    foreign <= letters * 0.05
  );
}
