import sharp from 'sharp';
import type { GrayImage } from './gray-image.ts';
import { computeInkMap } from './ink.ts';
import { collectTextPoints, rotatePoints, searchSkew } from './projection.ts';
import type { Rotation } from './orientation.ts';

/** Skews smaller than this are left alone: resampling would blur the page for nothing. */
const MIN_CORRECTED_SKEW = 0.05;

/**
 * Skew of a page by projection profile (PROBE §6): glyph pixels of a ~1000 px copy are projected
 * on rows for angles −5…+5° (0.5° steps, then 0.05° around the best) and the sharpest profile
 * wins. Returns degrees counter-clockwise positive, as seen after turning the page clockwise by
 * `rotation`.
 */
export function estimateSkew({
  image,
  rotation = 0,
  pxPerMm,
}: {
  image: GrayImage;
  rotation?: Rotation;
  /** Pixels per millimetre of `image`; default assumes an A4 page. */
  pxPerMm?: number;
}): number {
  const ink = computeInkMap({ image });
  const scale = pxPerMm ?? Math.max(image.width, image.height) / 297;
  const points = rotatePoints({
    points: collectTextPoints({ ink, pxPerMm: scale }),
    degrees: rotation,
  });
  if (points.xs.length < 50) {
    return 0;
  }
  return searchSkew({ points, maxDegrees: 5, coarseStep: 0.5, fineStep: 0.05 }).degrees;
}

/**
 * Turns a page upright: clockwise by `rotation`, then clockwise by `skewDegrees` to undo a
 * counter-clockwise skew, in one resampling, on white. The canvas grows to keep the corners (a
 * stamp near the top edge must not be cut off), and the page stays greyscale: hard thresholding
 * before OCR cost accuracy (PROBE §6).
 */
export async function renderUpright({
  image,
  rotation,
  skewDegrees,
}: {
  image: GrayImage;
  rotation: Rotation;
  skewDegrees: number;
}): Promise<GrayImage> {
  const skew = Math.abs(skewDegrees) < MIN_CORRECTED_SKEW ? 0 : skewDegrees;
  if (rotation === 0 && skew === 0) {
    return image;
  }
  const { data, info } = await sharp(image.data, {
    raw: { width: image.width, height: image.height, channels: 1 },
  })
    .rotate(rotation + skew, { background: { r: 255, g: 255, b: 255 } })
    // One band out, without a round trip through sRGB (same pixels as extracting a channel).
    .toColourspace('b-w')
    .raw()
    .toBuffer({ resolveWithObject: true });
  return {
    data: new Uint8Array(data.buffer, data.byteOffset, data.byteLength),
    width: info.width,
    height: info.height,
  };
}
