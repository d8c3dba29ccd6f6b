import type { OcrEngine } from '../ocr/ocr.types.ts';
import { cropGray, rotateGray90, shrinkGray, type GrayImage } from '../page/gray-image.ts';
import { computeInkMap, type InkMap } from '../page/ink.ts';
import type { ButLucReading, NormalizedBox } from '../types.ts';
import { classifyDigit } from './digit-classifier.ts';
import { digitFeatures } from './digit-features.ts';
import { locateStampCandidates, type InkCluster } from './locate-stamp.ts';
import {
  groupGlyphs,
  insideFrame,
  renderDigits,
  splitFrame,
  type DigitGlyph,
} from './stamp-image.ts';

/** A bút lục reading plus where it was found. */
export interface ButLucDetection extends ButLucReading {
  /** The number's ink (frame included), normalised to the upright page; null when none. */
  box: NormalizedBox | null;
}

/** The band of the sheet searched, as a fraction of its height (the stamp is in the top ~12 %). */
const BAND = 0.2;
const MAX_OCR_ATTEMPTS = 3;
const MAX_DIGITS = 6;
const MIN_CONFIDENCE = 0.45;

const NONE: ButLucDetection = { value: null, raw: null, confidence: 0, box: null };

/**
 * Reads the bút lục of an upright page. The number is at the top right of the *sheet as filed*:
 * for a portrait page that is the upright page's top right; for a landscape page (content turned
 * so that its top points to the binding on the left) it is the upright page's bottom right, with
 * digits running up the page. Landscape pages therefore try that sheet frame first, then the
 * other two.
 *
 * In each frame, ink blobs of the top band are grouped; groups the size of a number, right of the
 * centre, alone in their row (not part of a line of text such as "Số: 45/QĐ-CSĐT" or the date)
 * are candidates, top first. A stamp's frame (single, double or broken) or an underline is
 * stripped, the rest split into characters, and each character read by a small digit classifier
 * (digit-classifier.ts), cross-checked by tesseract reading the cleaned digits as one line
 * (whitelist 0–9, psm 7). A reading counts when it is 1–6 digits, not 0, and confident.
 *
 * @example
 * const { value, raw, confidence } = await readButLuc({ page: upright, engine });
 */
export async function readButLuc({
  page,
  engine,
}: {
  page: GrayImage;
  engine: OcrEngine;
}): Promise<ButLucDetection> {
  const frames: Array<0 | 90 | 270> = page.width > page.height ? [270, 0, 90] : [0];
  for (const frame of frames) {
    const found = await readInFrame({ page, frame, engine });
    if (found.value !== null) {
      return found;
    }
  }
  return NONE;
}

async function readInFrame({
  page,
  frame,
  engine,
}: {
  page: GrayImage;
  frame: 0 | 90 | 270;
  engine: OcrEngine;
}): Promise<ButLucDetection> {
  const sheetWidth = frame === 0 ? page.width : page.height;
  const sheetHeight = frame === 0 ? page.height : page.width;
  const bandHeight = Math.round(sheetHeight * BAND);
  const fullBand = sheetBand({ page, frame, bandHeight });
  // ~6.5 px/mm (165 dpi) is plenty to find and read a number; finer scans are shrunk first.
  const sheetPxPerMm = sheetWidth / 210;
  const band =
    sheetPxPerMm > 9
      ? await shrinkGray({
          image: fullBand,
          maxSide: Math.round((fullBand.width * 6.5) / sheetPxPerMm),
        })
      : fullBand;
  const scale = fullBand.width / band.width;
  const pxPerMm = sheetPxPerMm / scale;
  const ink = computeInkMap({ image: band, block: Math.max(16, Math.round(5 * pxPerMm)) });
  const { candidates, labels } = locateStampCandidates({ ink, pxPerMm });
  for (const cluster of candidates.slice(0, MAX_OCR_ATTEMPTS)) {
    const reading = await readCluster({ cluster, ink, labels, engine });
    if (reading !== null) {
      return { ...reading, box: toUprightBox({ cluster, frame, page, scale }) };
    }
  }
  return NONE;
}

async function readCluster({
  cluster,
  ink,
  labels,
  engine,
}: {
  cluster: InkCluster;
  ink: InkMap;
  labels: Int32Array;
  engine: OcrEngine;
}): Promise<ButLucReading | null> {
  // A frame (even broken, or touching the digits): read what is inside it, segmented afresh.
  const inside = insideFrame({ cluster, ink });
  const split = splitFrame(cluster);
  const source = inside ?? { ink, labels, parts: split.digits };
  const glyphs = groupGlyphs(source.parts);
  if (glyphs.length === 0 || glyphs.length > MAX_DIGITS) {
    return null;
  }
  const classified = classifyGlyphs({ ink: source.ink, labels: source.labels, glyphs });
  const png = await renderDigits({ ink: source.ink, labels: source.labels, glyphs });
  const tesseract = png === null ? null : await readWithTesseract({ png, engine });
  return fuseReadings({
    classified,
    tesseract,
    glyphCount: glyphs.length,
    framed: inside !== null || split.lines.length > 0,
  });
}

interface Candidate {
  raw: string;
  confidence: number;
}

/** Each glyph through the digit classifier; confidence is the least sure digit's probability. */
function classifyGlyphs({
  ink,
  labels,
  glyphs,
}: {
  ink: InkMap;
  labels: Int32Array;
  glyphs: DigitGlyph[];
}): Candidate {
  let raw = '';
  let confidence = 1;
  for (const glyph of glyphs) {
    const probabilities = classifyDigit(
      digitFeatures({
        darkness: ink.data,
        width: ink.width,
        labelImage: labels,
        labels: new Set(glyph.parts.map((p) => p.id + 1)),
        box: glyph,
      }),
    );
    let best = 0;
    for (let k = 1; k < 10; k++) {
      best = probabilities[k]! > probabilities[best]! ? k : best;
    }
    raw += String(best);
    confidence = Math.min(confidence, probabilities[best]!);
  }
  return { raw, confidence };
}

async function readWithTesseract({
  png,
  engine,
}: {
  png: Uint8Array;
  engine: OcrEngine;
}): Promise<Candidate | null> {
  const result = await engine.recognize({ image: png, mode: 'line-digits' });
  const raw = result.words
    .map((w) => w.text)
    .join('')
    .replace(/\D/g, '');
  return raw === '' ? null : { raw, confidence: result.meanConfidence / 100 };
}

/**
 * Tesseract reads printed stamps well once the frame and the zero's dot are gone, and isolated
 * handwritten digits badly; the classifier was trained for both. When they agree the reading is
 * sure. Otherwise a framed stamp trusts a confident tesseract reading of the right length, and
 * anything else the classifier.
 */
function fuseReadings({
  classified,
  tesseract,
  glyphCount,
  framed,
}: {
  classified: Candidate;
  tesseract: Candidate | null;
  glyphCount: number;
  framed: boolean;
}): ButLucReading | null {
  let chosen: Candidate = classified;
  if (tesseract !== null && tesseract.raw === classified.raw) {
    chosen = {
      raw: classified.raw,
      confidence: 1 - (1 - classified.confidence) * (1 - tesseract.confidence),
    };
  } else if (
    tesseract !== null &&
    framed &&
    tesseract.raw.length === glyphCount &&
    tesseract.confidence >= 0.75 &&
    tesseract.confidence > classified.confidence
  ) {
    chosen = tesseract;
  } else {
    chosen = { raw: classified.raw, confidence: classified.confidence * 0.9 };
  }
  if (chosen.raw.length === 0 || Number(chosen.raw) === 0 || chosen.confidence < MIN_CONFIDENCE) {
    return null;
  }
  return {
    value: Number(chosen.raw),
    raw: chosen.raw,
    confidence: Math.round(chosen.confidence * 100) / 100,
  };
}

/** The top band of the sheet frame, cut from the upright page and turned into that frame. */
function sheetBand({
  page,
  frame,
  bandHeight,
}: {
  page: GrayImage;
  frame: 0 | 90 | 270;
  bandHeight: number;
}): GrayImage {
  switch (frame) {
    case 0:
      return cropGray({ image: page, left: 0, top: 0, width: page.width, height: bandHeight });
    case 270: {
      // Turning the page a quarter turn anticlockwise brings its right edge to the top.
      const strip = cropGray({
        image: page,
        left: page.width - bandHeight,
        top: 0,
        width: bandHeight,
        height: page.height,
      });
      return rotateGray90({ image: strip, degrees: 270 });
    }
    case 90: {
      const strip = cropGray({
        image: page,
        left: 0,
        top: 0,
        width: bandHeight,
        height: page.height,
      });
      return rotateGray90({ image: strip, degrees: 90 });
    }
  }
}

/** Maps a cluster box from the sheet frame back to the upright page, normalised. */
function toUprightBox({
  cluster,
  frame,
  page,
  scale,
}: {
  cluster: InkCluster;
  frame: 0 | 90 | 270;
  page: GrayImage;
  /** Band pixels per analysed pixel. */
  scale: number;
}): NormalizedBox {
  const x0 = Math.floor(cluster.x0 * scale);
  const y0 = Math.floor(cluster.y0 * scale);
  const x1 = Math.ceil((cluster.x1 + 1) * scale) - 1;
  const y1 = Math.ceil((cluster.y1 + 1) * scale) - 1;
  let box: [number, number, number, number];
  switch (frame) {
    case 0:
      box = [x0, y0, x1 + 1, y1 + 1];
      break;
    case 270:
      // Frame (fx, fy) came from upright (W − 1 − fy, fx).
      box = [page.width - 1 - y1, x0, page.width - y0, x1 + 1];
      break;
    case 90:
      // Frame (fx, fy) came from upright (fy, H − 1 − fx).
      box = [y0, page.height - 1 - x1, y1 + 1, page.height - x0];
      break;
  }
  return [box[0] / page.width, box[1] / page.height, box[2] / page.width, box[3] / page.height];
}
