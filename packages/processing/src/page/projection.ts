import { findComponents, type Component } from './components.ts';
import { isOnPaper, type InkMap } from './ink.ts';

/**
 * Ink pixels of text-like blobs, as coordinates relative to the image centre. Photos, seals, rules
 * and speckle are left out, so projection profiles see text lines only.
 */
export interface InkPoints {
  xs: Float32Array;
  ys: Float32Array;
  width: number;
  height: number;
  /** The text-like blobs the points come from. */
  glyphs: Component[];
}

/** Darkness threshold (0–255) separating printed ink from paper, stains and show-through. */
export const TEXT_INK_THRESHOLD = 90;

/**
 * Collects the ink points of glyph-sized blobs. `pxPerMm` converts the size limits: a blob is kept
 * when its longer side is 0.6–25 mm, its shorter side at most 8 mm, it is not a solid block (a
 * window in a photo) and it sits on paper (not inside a photo).
 */
export function collectTextPoints({ ink, pxPerMm }: { ink: InkMap; pxPerMm: number }): InkPoints {
  const { width, height } = ink;
  const mask = new Uint8Array(width * height);
  for (let i = 0; i < mask.length; i++) {
    mask[i] = ink.data[i]! >= TEXT_INK_THRESHOLD ? 1 : 0;
  }
  const components = findComponents({ mask, width, height, minArea: 2 });
  const glyphs = components.filter((c) => {
    const long = Math.max(c.x1 - c.x0, c.y1 - c.y0) + 1;
    const short = Math.min(c.x1 - c.x0, c.y1 - c.y0) + 1;
    const fill = c.area / ((c.x1 - c.x0 + 1) * (c.y1 - c.y0 + 1));
    return (
      long >= 0.6 * pxPerMm &&
      long <= 25 * pxPerMm &&
      short <= 8 * pxPerMm &&
      (fill <= 0.75 || long <= 1.2 * pxPerMm) &&
      isOnPaper({ ink, x: (c.x0 + c.x1) / 2, y: (c.y0 + c.y1) / 2 })
    );
  });
  let count = 0;
  for (const g of glyphs) {
    count += g.area;
  }
  const xs = new Float32Array(count);
  const ys = new Float32Array(count);
  const cx = width / 2;
  const cy = height / 2;
  let k = 0;
  for (const g of glyphs) {
    for (let y = g.y0; y <= g.y1; y++) {
      for (let x = g.x0; x <= g.x1; x++) {
        // Points of a neighbouring blob inside this box are counted twice at most: harmless.
        if (mask[y * width + x] === 1 && k < count) {
          xs[k] = x - cx;
          ys[k] = y - cy;
          k++;
        }
      }
    }
  }
  return { xs: xs.subarray(0, k), ys: ys.subarray(0, k), width, height, glyphs };
}

/**
 * The projection profile of the points on the vertical axis after rotating them by `degrees`
 * (counter-clockwise positive, i.e. undoing a counter-clockwise skew), one bin per pixel.
 */
export function rowProfile({ points, degrees }: { points: InkPoints; degrees: number }): {
  profile: Float64Array;
  offset: number;
} {
  const t = (degrees * Math.PI) / 180;
  const sin = Math.sin(t);
  const cos = Math.cos(t);
  const half = Math.ceil(Math.hypot(points.width, points.height) / 2) + 2;
  const profile = new Float64Array(2 * half + 1);
  const { xs, ys } = points;
  for (let i = 0; i < xs.length; i++) {
    // Rotating the page clockwise by `degrees` (y down) maps a point's height to x·sin + y·cos.
    const v = Math.round(xs[i]! * sin + ys[i]! * cos) + half;
    profile[v]!++;
  }
  return { profile, offset: half };
}

/** Postl's criterion: the sum of squared bin counts grows when text lines align with the bins. */
export function profileSharpness(profile: Float64Array): number {
  let sum = 0;
  for (let i = 0; i < profile.length; i++) {
    sum += profile[i]! * profile[i]!;
  }
  return sum;
}

/** The skew angle (degrees, counter-clockwise positive) that maximises row-profile sharpness. */
export function searchSkew({
  points,
  maxDegrees,
  coarseStep,
  fineStep,
}: {
  points: InkPoints;
  maxDegrees: number;
  coarseStep: number;
  fineStep: number;
}): { degrees: number; sharpness: number } {
  const scan = (from: number, to: number, step: number, sample: InkPoints) => {
    let best = { degrees: 0, sharpness: -1 };
    for (let a = from; a <= to + 1e-9; a += step) {
      const sharpness = profileSharpness(rowProfile({ points: sample, degrees: a }).profile);
      if (sharpness > best.sharpness) {
        best = { degrees: a, sharpness };
      }
    }
    return best;
  };
  // The coarse pass only has to land within a step of the optimum: a third of the points will do.
  const coarse = scan(-maxDegrees, maxDegrees, coarseStep, subsample(points, 3));
  const fine = scan(coarse.degrees - coarseStep, coarse.degrees + coarseStep, fineStep, points);
  return { degrees: Math.round(fine.degrees * 100) / 100, sharpness: fine.sharpness };
}

function subsample(points: InkPoints, every: number): InkPoints {
  const n = Math.floor(points.xs.length / every);
  const xs = new Float32Array(n);
  const ys = new Float32Array(n);
  for (let i = 0; i < n; i++) {
    xs[i] = points.xs[i * every]!;
    ys[i] = points.ys[i * every]!;
  }
  return { ...points, xs, ys };
}

/** The same points seen after rotating the image clockwise by a multiple of 90°. */
export function rotatePoints({
  points,
  degrees,
}: {
  points: InkPoints;
  degrees: 0 | 90 | 180 | 270;
}): InkPoints {
  if (degrees === 0) {
    return points;
  }
  const n = points.xs.length;
  const xs = new Float32Array(n);
  const ys = new Float32Array(n);
  for (let i = 0; i < n; i++) {
    const x = points.xs[i]!;
    const y = points.ys[i]!;
    // Centred coordinates, y down: a clockwise quarter turn maps (x, y) to (−y, x).
    if (degrees === 90) {
      xs[i] = -y;
      ys[i] = x;
    } else if (degrees === 180) {
      xs[i] = -x;
      ys[i] = -y;
    } else {
      xs[i] = y;
      ys[i] = -x;
    }
  }
  const swap = degrees !== 180;
  return {
    xs,
    ys,
    width: swap ? points.height : points.width,
    height: swap ? points.width : points.height,
    glyphs: [],
  };
}
