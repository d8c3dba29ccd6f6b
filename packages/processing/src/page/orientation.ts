import sharp from 'sharp';
import type { OcrEngine } from '../ocr/ocr.types.ts';
import type { GrayImage } from './gray-image.ts';
import { rotatePoints, rowProfile, searchSkew, type InkPoints } from './projection.ts';

export type Rotation = 0 | 90 | 180 | 270;

/**
 * Orientation of a page from its text lines:
 * 1. Text lines run across the page: the row projection profile of the glyph pixels, at its best
 *    small skew angle, is much sharper than the column profile (measured ≥ 1.3× on every sample
 *    page). That separates 0/180 from 90/270, and gives the skew.
 * 2. Up or down: Vietnamese lines carry far more ink above the x-height band (capitals,
 *    ascenders b d đ h k l t, and tone marks on most syllables) than below it (g p q y, dot
 *    below). The ratio was 1.8–10 on upright sample pages with ≥ 6 lines.
 * Pages with few lines (signature pages, photo pages) or a weak ratio are marked `confident:
 * false`; `detectOrientation` then compares OCR confidence of the two (or four) candidates.
 */
export interface OrientationEstimate {
  /** Clockwise rotation that makes the page upright. */
  rotation: Rotation;
  /** Remaining skew after that rotation, degrees counter-clockwise positive. */
  skewDegrees: number;
  /** The skew had the page been turned a quarter turn more (for a change of axis by OCR). */
  quarterTurnSkewDegrees: number;
  confident: boolean;
  /** Lines used for the up/down vote, and the vote's ink ratio above ÷ below. */
  lines: number;
  ascenderRatio: number;
  /** Row-profile sharpness of the chosen axis ÷ that of the other axis. */
  axisRatio: number;
}

const MAX_SKEW = 5;
const MIN_CONFIDENT_LINES = 6;
const MIN_CONFIDENT_ASCENDER_RATIO = 1.5;
const MIN_CONFIDENT_AXIS_RATIO = 1.15;

/** Cheap orientation and skew estimate from glyph ink points (no OCR). */
export function estimateOrientation({ points }: { points: InkPoints }): OrientationEstimate {
  if (points.xs.length < 50) {
    return {
      rotation: 0,
      skewDegrees: 0,
      quarterTurnSkewDegrees: 0,
      confident: false,
      lines: 0,
      ascenderRatio: 1,
      axisRatio: 1,
    };
  }
  const horizontal = searchSkew({ points, maxDegrees: MAX_SKEW, coarseStep: 0.5, fineStep: 0.05 });
  const turned = rotatePoints({ points, degrees: 90 });
  const vertical = searchSkew({
    points: turned,
    maxDegrees: MAX_SKEW,
    coarseStep: 0.5,
    fineStep: 0.05,
  });
  const across = horizontal.sharpness >= vertical.sharpness;
  const axisRatio = across
    ? horizontal.sharpness / Math.max(1, vertical.sharpness)
    : vertical.sharpness / Math.max(1, horizontal.sharpness);
  const base: 0 | 90 = across ? 0 : 90;
  const skew = across ? horizontal.degrees : vertical.degrees;
  const { profile } = rowProfile({ points: across ? points : turned, degrees: skew });
  const zones = measureLineZones(profile);
  const upright = zones.above >= zones.below;
  const ascenderRatio = upright
    ? zones.above / Math.max(1, zones.below)
    : zones.below / Math.max(1, zones.above);
  return {
    rotation: (base + (upright ? 0 : 180)) as Rotation,
    // Turning the page half a turn keeps a skew's sense of rotation.
    skewDegrees: skew,
    quarterTurnSkewDegrees: across ? vertical.degrees : horizontal.degrees,
    confident:
      axisRatio >= MIN_CONFIDENT_AXIS_RATIO &&
      zones.lines >= MIN_CONFIDENT_LINES &&
      ascenderRatio >= MIN_CONFIDENT_ASCENDER_RATIO,
    lines: zones.lines,
    ascenderRatio: Math.round(ascenderRatio * 100) / 100,
    axisRatio: Math.round(axisRatio * 100) / 100,
  };
}

/**
 * Splits a deskewed row profile into text lines and sums, over all lines, the ink above and below
 * each line's core band (rows holding ≥ 45 % of the line's peak: the x-height).
 */
export function measureLineZones(profile: Float64Array): {
  above: number;
  below: number;
  lines: number;
} {
  let max = 0;
  for (const v of profile) {
    max = Math.max(max, v);
  }
  const gap = max * 0.06;
  let above = 0;
  let below = 0;
  let lines = 0;
  let start = -1;
  for (let i = 0; i <= profile.length; i++) {
    const inLine = i < profile.length && profile[i]! > gap;
    if (inLine && start < 0) {
      start = i;
    } else if (!inLine && start >= 0) {
      const zone = lineZone(profile, start, i - 1);
      if (zone !== null) {
        above += zone.above;
        below += zone.below;
        lines++;
      }
      start = -1;
    }
  }
  return { above, below, lines };
}

function lineZone(
  profile: Float64Array,
  a: number,
  b: number,
): { above: number; below: number } | null {
  let peak = 0;
  let mass = 0;
  for (let i = a; i <= b; i++) {
    peak = Math.max(peak, profile[i]!);
    mass += profile[i]!;
  }
  if (b - a < 3 || mass < 50) {
    return null;
  }
  let c0 = a;
  while (profile[c0]! < peak * 0.45) {
    c0++;
  }
  let c1 = b;
  while (profile[c1]! < peak * 0.45) {
    c1--;
  }
  let above = 0;
  let below = 0;
  for (let i = a; i < c0; i++) {
    above += profile[i]!;
  }
  for (let i = c1 + 1; i <= b; i++) {
    below += profile[i]!;
  }
  return { above, below };
}

/**
 * Settles an uncertain estimate by reading the page's text region in each candidate rotation and
 * keeping the one tesseract reads with the most confident characters. `image` is the page (or its
 * text area) at a resolution OCR can read (≈ 150 dpi is plenty).
 */
export async function resolveOrientationWithOcr({
  image,
  estimate,
  engine,
}: {
  image: GrayImage;
  estimate: OrientationEstimate;
  engine: OcrEngine;
}): Promise<OrientationEstimate> {
  const candidates: Rotation[] =
    estimate.axisRatio >= MIN_CONFIDENT_AXIS_RATIO
      ? [estimate.rotation, ((estimate.rotation + 180) % 360) as Rotation]
      : [0, 90, 180, 270];
  let best = { rotation: estimate.rotation, score: -1 };
  let second = 0;
  for (const rotation of candidates) {
    const score = await readabilityScore({ image, rotation, engine });
    if (score > best.score) {
      second = Math.max(second, best.score);
      best = { rotation, score };
    } else {
      second = Math.max(second, score);
    }
  }
  const sameAxis = (best.rotation - estimate.rotation) % 180 === 0;
  return {
    ...estimate,
    rotation: best.rotation,
    skewDegrees: sameAxis ? estimate.skewDegrees : estimate.quarterTurnSkewDegrees,
    quarterTurnSkewDegrees: sameAxis ? estimate.quarterTurnSkewDegrees : estimate.skewDegrees,
    confident: best.score > 0 && best.score >= 1.5 * second,
  };
}

/** Sum of confidence × length over words tesseract is sure of: upside-down text scores ~0. */
async function readabilityScore({
  image,
  rotation,
  engine,
}: {
  image: GrayImage;
  rotation: Rotation;
  engine: OcrEngine;
}): Promise<number> {
  const png = await sharp(image.data, {
    raw: { width: image.width, height: image.height, channels: 1 },
  })
    .rotate(rotation)
    .toColourspace('b-w')
    .png({ compressionLevel: 1 })
    .toBuffer();
  const result = await engine.recognize({ image: new Uint8Array(png), mode: 'page' });
  let score = 0;
  for (const word of result.words) {
    const letters = word.text.replace(/[^\p{L}\p{N}]/gu, '').length;
    if (letters >= 2 && word.confidence >= 60) {
      score += (letters * word.confidence) / 100;
    }
  }
  return score;
}
