import sharp from 'sharp';
import { labelComponents, type Component } from '../page/components.ts';
import type { InkMap } from '../page/ink.ts';
import { STAMP_INK_THRESHOLD, type InkCluster } from './locate-stamp.ts';

/** Height the digits are scaled to for tesseract, which reads best at 30–50 px per digit. */
const TARGET_DIGIT_HEIGHT = 44;

/** One character of a number: the blobs it is made of and their box. */
export interface DigitGlyph extends Component {
  parts: Component[];
}

/**
 * Splits a cluster into the frame/rules and the digits:
 * - the frame of a numbering-machine stamp: one blob spanning most of the cluster both ways and
 *   mostly hollow;
 * - an underline or a stroke under a handwritten number: a long flat blob.
 */
export function splitFrame(cluster: InkCluster): { digits: Component[]; lines: Component[] } {
  const cw = cluster.x1 - cluster.x0 + 1;
  const ch = cluster.y1 - cluster.y0 + 1;
  const digits: Component[] = [];
  const lines: Component[] = [];
  for (const part of cluster.parts) {
    const w = part.x1 - part.x0 + 1;
    const h = part.y1 - part.y0 + 1;
    const fill = part.area / (w * h);
    const several = cluster.parts.length > 1;
    const isFrame = several && w >= 0.7 * cw && h >= 0.7 * ch && fill < 0.35;
    const isRule = several && w >= 0.45 * cw && w >= 4 * h && h <= 0.3 * ch;
    (isFrame || isRule ? lines : digits).push(part);
  }
  return { digits, lines };
}

/**
 * The inside of a numbering-machine frame, when the cluster has one: ink runs along all four
 * sides of the cluster's box (a frame may be broken by worn ink, and digits may touch it, so this
 * looks at coverage, not at one blob). The interior is the box inset by a sixth of its height.
 */
export function frameInterior({
  cluster,
  ink,
  minCoverage = 0.7,
}: {
  cluster: Component;
  ink: InkMap;
  /** Share of each side's length that must carry ink. */
  minCoverage?: number;
}): { x0: number; y0: number; x1: number; y1: number } | null {
  const { x0, y0, x1, y1 } = cluster;
  const h = y1 - y0 + 1;
  const w = x1 - x0 + 1;
  if (w < h * 1.1 || h < 12) {
    return null;
  }
  const band = Math.max(2, Math.round(h * 0.1));
  const inked = (x: number, y: number) => ink.data[y * ink.width + x]! >= STAMP_INK_THRESHOLD;
  const coverage = (horizontal: boolean, from: number, to: number) => {
    let hit = 0;
    const [a, b] = horizontal ? [x0, x1] : [y0, y1];
    for (let i = a; i <= b; i++) {
      let any = false;
      for (let j = from; j <= to && !any; j++) {
        any = horizontal ? inked(i, j) : inked(j, i);
      }
      hit += any ? 1 : 0;
    }
    return hit / (b - a + 1);
  };
  const sides = [
    coverage(true, y0, y0 + band),
    coverage(true, y1 - band, y1),
    coverage(false, x0, x0 + band),
    coverage(false, x1 - band, x1),
  ];
  if (sides.some((c) => c < minCoverage)) {
    return null;
  }
  const inset = Math.max(band + 1, Math.round(h / 6));
  return { x0: x0 + inset, y0: y0 + inset, x1: x1 - inset, y1: y1 - inset };
}

/** The ink of a rectangle as its own ink map, with its blobs labelled afresh. */
export function cropInk({
  ink,
  box,
}: {
  ink: InkMap;
  box: { x0: number; y0: number; x1: number; y1: number };
}): { ink: InkMap; labels: Int32Array; parts: Component[] } {
  const width = box.x1 - box.x0 + 1;
  const height = box.y1 - box.y0 + 1;
  const data = new Uint8Array(width * height);
  for (let y = 0; y < height; y++) {
    const row = (box.y0 + y) * ink.width + box.x0;
    data.set(ink.data.subarray(row, row + width), y * width);
  }
  const mask = Uint8Array.from(data, (v) => (v >= STAMP_INK_THRESHOLD ? 1 : 0));
  const { components, labels } = labelComponents({ mask, width, height });
  const largest = Math.max(0, ...components.map((c) => c.area));
  return {
    ink: { ...ink, data, width, height },
    labels,
    parts: components.filter((c) => c.area >= Math.max(3, 0.03 * largest)),
  };
}

/**
 * What is inside a numbering-machine frame, segmented afresh; a second, inner frame (double-ruled
 * stamps) is looked for in what is left and stripped too.
 */
export function insideFrame({
  cluster,
  ink,
}: {
  cluster: InkCluster;
  ink: InkMap;
}): { ink: InkMap; labels: Int32Array; parts: Component[] } | null {
  const outer = frameInterior({ cluster, ink });
  if (outer === null) {
    return null;
  }
  const inside = cropInk({ ink, box: outer });
  if (inside.parts.length === 0) {
    return inside;
  }
  const union: Component = {
    id: -1,
    x0: Math.min(...inside.parts.map((p) => p.x0)),
    y0: Math.min(...inside.parts.map((p) => p.y0)),
    x1: Math.max(...inside.parts.map((p) => p.x1)),
    y1: Math.max(...inside.parts.map((p) => p.y1)),
    area: 0,
  };
  // Digits alone never ink all four sides of their box this densely; an inner frame does.
  const inner = frameInterior({ cluster: union, ink: inside.ink, minCoverage: 0.85 });
  const result = inner === null ? inside : cropInk({ ink: inside.ink, box: inner });
  return { ...result, parts: withoutRules(result.parts, result.ink) };
}

/**
 * Drops what is left of frame lines inside the interior (a skewed or doubled frame): a hollow
 * blob around everything, blobs much wider than tall across most of the width, or hairlines as
 * tall as the interior at its edges.
 */
function withoutRules(parts: Component[], area: { width: number; height: number }): Component[] {
  return parts.filter((p) => {
    const w = p.x1 - p.x0 + 1;
    const h = p.y1 - p.y0 + 1;
    const touches = p.y0 <= 1 || p.y1 >= area.height - 2;
    const horizontal =
      (w >= 0.4 * area.width && w >= 5 * h) || (touches && w >= 3 * h && h <= 0.15 * area.height);
    const atEdge = p.x0 <= 0.15 * area.width || p.x1 >= 0.85 * area.width;
    const vertical = atEdge && (touches || h >= 0.7 * area.height) && h >= 4 * w;
    const fill = p.area / (w * h);
    const frame =
      (w >= 0.8 * area.width && h >= 0.8 * area.height && fill < 0.35) ||
      (p.y0 <= 1 && p.y1 >= area.height - 2 && w >= 0.3 * area.width && fill < 0.2);
    return !horizontal && !vertical && !frame;
  });
}

/**
 * Groups digit blobs into characters, left to right: blobs whose horizontal extents overlap
 * belong together (the dot inside a numbering machine's zero, a broken stroke, a two-stroke 4).
 * Specks far smaller than the characters are dropped.
 */
export function groupGlyphs(parts: Component[]): DigitGlyph[] {
  const sorted = [...parts].sort((a, b) => a.x0 - b.x0);
  const glyphs: DigitGlyph[] = [];
  for (const part of sorted) {
    const last = glyphs.at(-1);
    const overlap = last === undefined ? 0 : Math.min(last.x1, part.x1) - part.x0 + 1;
    const narrower = Math.min(
      part.x1 - part.x0 + 1,
      last === undefined ? 1 : last.x1 - last.x0 + 1,
    );
    if (last !== undefined && overlap >= 0.4 * narrower) {
      last.x0 = Math.min(last.x0, part.x0);
      last.y0 = Math.min(last.y0, part.y0);
      last.x1 = Math.max(last.x1, part.x1);
      last.y1 = Math.max(last.y1, part.y1);
      last.area += part.area;
      last.parts.push(part);
    } else {
      glyphs.push({ ...part, parts: [part] });
    }
  }
  const tallest = Math.max(0, ...glyphs.map((g) => g.y1 - g.y0 + 1));
  return glyphs.filter((g) => g.y1 - g.y0 + 1 >= 0.35 * tallest);
}

/**
 * A clean PNG of the digits for tesseract: ink taken from the ink map (paper flattened to white),
 * every other blob (frame, rules, specks, the dot inside a zero) painted out with a 1 px margin,
 * cropped with a margin and scaled to a readable height.
 */
export async function renderDigits({
  ink,
  labels,
  glyphs,
}: {
  ink: InkMap;
  labels: Int32Array;
  glyphs: DigitGlyph[];
}): Promise<Uint8Array | null> {
  // The largest blob of each glyph is its stroke; inner blobs (a zero's dot) confuse tesseract.
  const strokes = glyphs.map((g) => g.parts.reduce((a, b) => (b.area > a.area ? b : a)));
  if (strokes.length === 0) {
    return null;
  }
  const keep = new Set(strokes.map((d) => d.id + 1));
  const x0 = Math.min(...strokes.map((d) => d.x0));
  const y0 = Math.min(...strokes.map((d) => d.y0));
  const x1 = Math.max(...strokes.map((d) => d.x1));
  const y1 = Math.max(...strokes.map((d) => d.y1));
  const h = y1 - y0 + 1;
  const pad = Math.max(4, Math.round(h * 0.5));
  const width = x1 - x0 + 1 + 2 * pad;
  const height = h + 2 * pad;
  const out = new Uint8Array(width * height).fill(255);
  const labelAt = (x: number, y: number) =>
    x < 0 || y < 0 || x >= ink.width || y >= ink.height ? 0 : labels[y * ink.width + x]!;
  for (let y = 0; y < height; y++) {
    const sy = y0 - pad + y;
    for (let x = 0; x < width; x++) {
      const sx = x0 - pad + x;
      if (sx < 0 || sy < 0 || sx >= ink.width || sy >= ink.height) {
        continue;
      }
      let foreign = false;
      for (let dy = -1; dy <= 1 && !foreign; dy++) {
        for (let dx = -1; dx <= 1 && !foreign; dx++) {
          const label = labelAt(sx + dx, sy + dy);
          foreign = label !== 0 && !keep.has(label);
        }
      }
      if (!foreign || keep.has(labelAt(sx, sy))) {
        out[y * width + x] = 255 - ink.data[sy * ink.width + sx]!;
      }
    }
  }
  const scale = Math.min(4, TARGET_DIGIT_HEIGHT / h);
  const png = await sharp(out, { raw: { width, height, channels: 1 } })
    .resize({ width: Math.max(8, Math.round(width * scale)), kernel: 'lanczos3' })
    .toColourspace('b-w')
    .png({ compressionLevel: 1 })
    .toBuffer();
  return new Uint8Array(png.buffer, png.byteOffset, png.byteLength);
}
