import sharp from 'sharp';
import { readButLuc, type ButLucDetection } from '../butluc/read-butluc.ts';
import type { OcrEngine } from '../ocr/ocr.types.ts';
import { meanConfidence } from '../ocr/tsv.ts';
import type { NormalizedBox, OcrResult, OcrWord, PageAnalysis } from '../types.ts';
import { detectBlank } from './blank.ts';
import { estimateSkew, renderUpright } from './deskew.ts';
import { decodeGray, shrinkGray, type GrayImage } from './gray-image.ts';
import { computeInkMap } from './ink.ts';
import {
  estimateOrientation,
  resolveOrientationWithOcr,
  type OrientationEstimate,
} from './orientation.ts';
import { collectTextPoints } from './projection.ts';

export interface AnalyzePageOptions {
  /** JPEG quality of the upright image (default 85). */
  jpegQuality?: number;
  /** Skip the bút lục (default: read it). */
  readButLuc?: boolean;
  /** A person's correction: use this clockwise rotation instead of detecting one (skew is still measured). */
  rotation?: 0 | 90 | 180 | 270;
  /** A person's correction: false reads the page even when it looks blank. */
  blank?: boolean;
  /**
   * Width of a display image to render from the upright page (WebP, what the viewer shows), made
   * from the raster already in memory; none when absent or null.
   */
  displayWidth?: number | null;
}

/** Longer side of the copy used for layout decisions: ~100 dpi on A4 is enough for lines. */
const ANALYSIS_SIDE = 1000;
/** Longer side of the copy OCR'd to settle an uncertain orientation (~150 dpi on A4). */
const ORIENTATION_OCR_SIDE = 1750;

/**
 * Everything about one page image, in one pass: orientation → deskew → blank → upright JPEG →
 * OCR → bút lục. Pure: bytes in, plain data out (CONVENTIONS §12).
 *
 * - A blank page is neither turned nor read.
 * - With a usable `textLayer` (a born-digital page) the page is taken as upright and straight, and
 *   the layer replaces OCR.
 * - The bút lục is reported on its own: OCR words inside it are dropped from the page text, and
 *   so are short low-confidence tokens (specks, signatures, seals).
 *
 * @example
 * const analysis = await analyzePage({ image: jpegBytes, engine });
 */
export async function analyzePage({
  image,
  engine,
  textLayer = null,
  options = {},
}: {
  image: Uint8Array;
  engine: OcrEngine;
  textLayer?: OcrResult | null;
  options?: AnalyzePageOptions;
}): Promise<PageAnalysis> {
  const quality = options.jpegQuality ?? 85;
  const displayWidth = options.displayWidth ?? null;
  // The small copy is shrunk from the decoded raster, not decoded again from the file: the same
  // pixels (checked), at a third of the CPU, since decoding a colour JPEG to grey costs more than
  // the resize (its colour conversion runs in floating point).
  const full = await decodeGray({ image });
  const small = await shrinkGray({ image: full, maxSide: ANALYSIS_SIDE });
  const pxPerMm = Math.max(small.width, small.height) / 297;
  const ink = computeInkMap({ image: small });
  const hasTextLayer = textLayer !== null && textLayer.words.length > 0;

  const detected = detectBlank({ ink, pxPerMm });
  const blank = { ...detected, isBlank: options.blank ?? detected.isBlank };
  if (blank.isBlank && !hasTextLayer) {
    return {
      rotation: 0,
      skewDegrees: 0,
      isBlank: true,
      upright: await encodeJpeg({ image: full, quality }),
      display: await renderDisplay({ image: full, width: displayWidth }),
      ocr: null,
      butLuc: { value: null, raw: null, confidence: 0 },
    };
  }

  const orientation = hasTextLayer
    ? null
    : options.rotation !== undefined
      ? {
          rotation: options.rotation,
          skewDegrees: estimateSkew({ image: small, rotation: options.rotation, pxPerMm }),
        }
      : await detectPageOrientation({ full, ink, pxPerMm, engine });
  const rotation = orientation?.rotation ?? 0;
  const skewDegrees = orientation?.skewDegrees ?? 0;
  const upright = await renderUpright({ image: full, rotation, skewDegrees });

  const butLuc: ButLucDetection =
    options.readButLuc === false
      ? { value: null, raw: null, confidence: 0, box: null }
      : await readButLuc({ page: upright, engine });
  const [uprightJpeg, display] = await Promise.all([
    encodeJpeg({ image: upright, quality }),
    renderDisplay({ image: upright, width: displayWidth }),
  ]);
  let ocr: OcrResult = hasTextLayer
    ? textLayer
    : await engine.recognize({ image: uprightJpeg.bytes, mode: 'page' });
  if (!hasTextLayer) {
    const stamp = butLuc.box;
    ocr = filterOcrWords({
      ocr,
      keep: (word) => !isNoise(word) && (stamp === null || !isInside(word.box, stamp)),
    });
  }
  const { box: _box, ...reading } = butLuc;
  return {
    rotation,
    skewDegrees: Math.abs(skewDegrees) < 0.05 ? 0 : skewDegrees,
    isBlank: blank.isBlank,
    upright: uprightJpeg,
    display,
    ocr,
    butLuc: reading,
  };
}

async function detectPageOrientation({
  full,
  ink,
  pxPerMm,
  engine,
}: {
  full: GrayImage;
  ink: ReturnType<typeof computeInkMap>;
  pxPerMm: number;
  engine: OcrEngine;
}): Promise<OrientationEstimate> {
  const estimate = estimateOrientation({ points: collectTextPoints({ ink, pxPerMm }) });
  if (estimate.confident) {
    return estimate;
  }
  const readable = await shrinkGray({ image: full, maxSide: ORIENTATION_OCR_SIDE });
  return resolveOrientationWithOcr({ image: readable, estimate, engine });
}

async function encodeJpeg({
  image,
  quality,
}: {
  image: GrayImage;
  quality: number;
}): Promise<PageAnalysis['upright']> {
  const buffer = await sharp(image.data, {
    raw: { width: image.width, height: image.height, channels: 1 },
  })
    .toColourspace('b-w')
    .jpeg({ quality })
    .toBuffer();
  return {
    bytes: new Uint8Array(buffer.buffer, buffer.byteOffset, buffer.byteLength),
    widthPx: image.width,
    heightPx: image.height,
  };
}

/**
 * The display image of a page from its upright raster, already in memory (no decoding): resized to
 * `width` (never enlarged), greyscale JPEG at quality 80. JPEG rather than WebP: on the sample scans
 * it encodes in about a third of the time (≈ 60 ms against 150 ms for 1,000 px on a loaded 2-core
 * machine) and browsers decode it faster, for ≈ 150 kB instead of 110 kB. Null when `width` is null.
 */
export async function renderDisplay({
  image,
  width,
}: {
  image: GrayImage;
  width: number | null;
}): Promise<PageAnalysis['display']> {
  if (width === null) {
    return null;
  }
  const { data, info } = await sharp(image.data, {
    raw: { width: image.width, height: image.height, channels: 1 },
  })
    .resize({ width, withoutEnlargement: true })
    .toColourspace('b-w')
    .jpeg({ quality: DISPLAY_JPEG_QUALITY })
    .toBuffer({ resolveWithObject: true });
  return {
    bytes: new Uint8Array(data.buffer, data.byteOffset, data.byteLength),
    widthPx: info.width,
    heightPx: info.height,
    contentType: 'image/jpeg',
  };
}

/** JPEG quality of display images (the server's on-demand display renderings use it too). */
export const DISPLAY_JPEG_QUALITY = 80;

/**
 * Specks, signature strokes and seal fragments that tesseract reads as text: tokens of one or two
 * letters or digits read with low confidence. Measured on the samples, dropping them lowered CER
 * by ~0.3 points and lost no real word.
 */
function isNoise(word: OcrWord): boolean {
  return word.confidence < 60 && (word.text.match(/[\p{L}\p{N}]/gu)?.length ?? 0) < 3;
}

/** Whether a word's centre lies in `box` (grown by half a percent of the page). */
function isInside(word: NormalizedBox, box: NormalizedBox): boolean {
  const margin = 0.005;
  const cx = (word[0] + word[2]) / 2;
  const cy = (word[1] + word[3]) / 2;
  return (
    cx >= box[0] - margin && cx <= box[2] + margin && cy >= box[1] - margin && cy <= box[3] + margin
  );
}

/**
 * The OCR result with only the words `keep` accepts. Text lines are rebuilt from their words,
 * which parseTesseractTsv lays out one token per word; if the text does not line up with the words
 * that way, only the word list is filtered.
 */
export function filterOcrWords({
  ocr,
  keep,
}: {
  ocr: OcrResult;
  keep: (word: OcrWord) => boolean;
}): OcrResult {
  const kept = ocr.words.map(keep);
  if (kept.every(Boolean)) {
    return ocr;
  }
  const words = ocr.words.filter((_, i) => kept[i]);
  const lines = ocr.text.split('\n');
  const tokenCount = lines.reduce((n, line) => n + (line === '' ? 0 : line.split(' ').length), 0);
  let text = ocr.text;
  if (tokenCount === ocr.words.length) {
    let k = 0;
    const out: string[] = [];
    for (const line of lines) {
      const tokens = line === '' ? [] : line.split(' ').filter(() => kept[k++]);
      if (line === '' || tokens.length > 0) {
        out.push(tokens.join(' '));
      }
    }
    text = out
      .join('\n')
      .replace(/\n{3,}/g, '\n\n')
      .trim();
  }
  return { ...ocr, text, words, meanConfidence: meanConfidence(words) };
}
