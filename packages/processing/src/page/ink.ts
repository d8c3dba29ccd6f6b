import type { GrayImage } from './gray-image.ts';

/**
 * Ink darkness relative to the local paper colour: 0 = paper, 255 = black on white. Dividing by a
 * smooth background estimate removes light gradients, edge shadows and paper tint, so that one
 * threshold works on every scan.
 */
export interface InkMap {
  data: Uint8Array;
  width: number;
  height: number;
  /** Median paper brightness (0–255) of the page. */
  paper: number;
  /** Estimated background brightness per `block`×`block` tile, row-major (`tilesWide` per row). */
  tiles: Float32Array;
  tilesWide: number;
  block: number;
}

/** Whether the background around (x, y) is paper (not a photo, a dark stain or a scan edge). */
export function isOnPaper({ ink, x, y }: { ink: InkMap; x: number; y: number }): boolean {
  const tx = Math.min(ink.tilesWide - 1, Math.floor(x / ink.block));
  const ty = Math.floor(y / ink.block);
  const background = ink.tiles[ty * ink.tilesWide + tx] ?? ink.paper;
  return background >= 0.85 * ink.paper;
}

/**
 * Builds the ink map of a raster. The background is the 90th percentile of `block`-pixel tiles
 * (text covers far less than 10 % of a tile), smoothed and bilinearly interpolated.
 */
export function computeInkMap({ image, block = 24 }: { image: GrayImage; block?: number }): InkMap {
  const { data, width, height } = image;
  const bw = Math.max(1, Math.ceil(width / block));
  const bh = Math.max(1, Math.ceil(height / block));
  const tiles = new Float32Array(bw * bh);
  const histogram = new Uint32Array(256);
  for (let by = 0; by < bh; by++) {
    for (let bx = 0; bx < bw; bx++) {
      histogram.fill(0);
      const x0 = bx * block;
      const y0 = by * block;
      const x1 = Math.min(width, x0 + block);
      const y1 = Math.min(height, y0 + block);
      for (let y = y0; y < y1; y++) {
        const row = y * width;
        for (let x = x0; x < x1; x++) {
          histogram[data[row + x]!]!++;
        }
      }
      tiles[by * bw + bx] = percentile(histogram, (x1 - x0) * (y1 - y0), 0.9);
    }
  }
  const smooth = smoothTiles(tiles, bw, bh);
  const paper = medianOf(smooth);
  const out = new Uint8Array(width * height);
  for (let y = 0; y < height; y++) {
    const fy = Math.min(bh - 1, Math.max(0, (y + 0.5) / block - 0.5));
    const ty0 = Math.floor(fy);
    const ty1 = Math.min(bh - 1, ty0 + 1);
    const wy = fy - ty0;
    const row = y * width;
    for (let x = 0; x < width; x++) {
      const fx = Math.min(bw - 1, Math.max(0, (x + 0.5) / block - 0.5));
      const tx0 = Math.floor(fx);
      const tx1 = Math.min(bw - 1, tx0 + 1);
      const wx = fx - tx0;
      const top = smooth[ty0 * bw + tx0]! * (1 - wx) + smooth[ty0 * bw + tx1]! * wx;
      const bottom = smooth[ty1 * bw + tx0]! * (1 - wx) + smooth[ty1 * bw + tx1]! * wx;
      const background = Math.max(32, top * (1 - wy) + bottom * wy);
      const darkness = ((background - data[row + x]!) * 255) / background;
      out[row + x] = darkness <= 0 ? 0 : darkness >= 255 ? 255 : darkness;
    }
  }
  return { data: out, width, height, paper, tiles: smooth, tilesWide: bw, block };
}

/** A 0/1 mask of pixels whose darkness is at least `threshold`. */
export function inkMask({ ink, threshold }: { ink: InkMap; threshold: number }): Uint8Array {
  const mask = new Uint8Array(ink.data.length);
  for (let i = 0; i < mask.length; i++) {
    mask[i] = ink.data[i]! >= threshold ? 1 : 0;
  }
  return mask;
}

function percentile(histogram: Uint32Array, count: number, q: number): number {
  const target = count * q;
  let seen = 0;
  for (let v = 0; v < 256; v++) {
    seen += histogram[v]!;
    if (seen >= target) {
      return v;
    }
  }
  return 255;
}

/** 3×3 median of the tile grid: a tile filled by a photo or a thick rule takes its neighbours' paper. */
function smoothTiles(tiles: Float32Array, bw: number, bh: number): Float32Array {
  const out = new Float32Array(tiles.length);
  const window: number[] = [];
  for (let y = 0; y < bh; y++) {
    for (let x = 0; x < bw; x++) {
      window.length = 0;
      for (let dy = -1; dy <= 1; dy++) {
        for (let dx = -1; dx <= 1; dx++) {
          const yy = y + dy;
          const xx = x + dx;
          if (yy >= 0 && yy < bh && xx >= 0 && xx < bw) {
            window.push(tiles[yy * bw + xx]!);
          }
        }
      }
      window.sort((a, b) => a - b);
      out[y * bw + x] = Math.max(tiles[y * bw + x]!, window[Math.floor(window.length / 2)]!);
    }
  }
  return out;
}

function medianOf(values: Float32Array): number {
  const sorted = Array.from(values).sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)] ?? 255;
}
