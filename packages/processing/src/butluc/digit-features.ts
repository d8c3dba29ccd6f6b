/** Side of the square grid a digit is normalised to for the classifier. */
export const DIGIT_GRID = 16;
/** The glyph's longer side fills this many cells; the rest is margin. */
const FIT = 14;

/**
 * Normalises one digit for the classifier: the pixels of `labels` (1-based blob labels in
 * `labelImage`) inside the box are scaled, keeping their aspect ratio, into the centre of a
 * 16×16 grid by area averaging, and divided by their darkest value (so faint and dark ink look
 * alike). Training (scripts/train-digits.ts) and reading use this same function.
 */
export function digitFeatures({
  darkness,
  width,
  labelImage,
  labels,
  box,
}: {
  /** 0 = paper … 255 = ink, row-major, `width` wide. */
  darkness: Uint8Array;
  width: number;
  labelImage: Int32Array;
  labels: ReadonlySet<number>;
  box: { x0: number; y0: number; x1: number; y1: number };
}): Float32Array {
  const bw = box.x1 - box.x0 + 1;
  const bh = box.y1 - box.y0 + 1;
  const scale = FIT / Math.max(bw, bh);
  const offX = (DIGIT_GRID - bw * scale) / 2;
  const offY = (DIGIT_GRID - bh * scale) / 2;
  const sums = new Float32Array(DIGIT_GRID * DIGIT_GRID);
  const counts = new Float32Array(DIGIT_GRID * DIGIT_GRID);
  // Sub-pixel samples so that every cell gets some even when a small glyph is scaled up.
  const n = Math.max(2, Math.ceil(scale * 2));
  for (let y = box.y0; y <= box.y1; y++) {
    for (let x = box.x0; x <= box.x1; x++) {
      const p = y * width + x;
      const value = labels.has(labelImage[p]!) ? darkness[p]! : 0;
      for (let sy = 0; sy < n; sy++) {
        const gy = Math.floor(offY + (y - box.y0 + (sy + 0.5) / n) * scale);
        for (let sx = 0; sx < n; sx++) {
          const gx = Math.floor(offX + (x - box.x0 + (sx + 0.5) / n) * scale);
          if (gx >= 0 && gx < DIGIT_GRID && gy >= 0 && gy < DIGIT_GRID) {
            sums[gy * DIGIT_GRID + gx]! += value;
            counts[gy * DIGIT_GRID + gx]!++;
          }
        }
      }
    }
  }
  let max = 0;
  for (let i = 0; i < sums.length; i++) {
    sums[i] = counts[i]! > 0 ? sums[i]! / counts[i]! : 0;
    max = Math.max(max, sums[i]!);
  }
  if (max > 0) {
    for (let i = 0; i < sums.length; i++) {
      sums[i] = sums[i]! / max;
    }
  }
  return sums;
}
