/** A connected blob of ink: its bounding box (inclusive) and pixel count. */
export interface Component {
  /** Label of the blob's pixels in the label image it came from. */
  id: number;
  x0: number;
  y0: number;
  x1: number;
  y1: number;
  area: number;
}

/**
 * 8-connected components of a 0/1 mask, each with its bounding box, and the label image
 * (component `id` + 1 per pixel, 0 for background).
 */
export function labelComponents({
  mask,
  width,
  height,
}: {
  mask: Uint8Array;
  width: number;
  height: number;
}): { components: Component[]; labels: Int32Array } {
  const labels = new Int32Array(mask.length);
  const stack = new Int32Array(mask.length);
  const components: Component[] = [];
  for (let start = 0; start < mask.length; start++) {
    if (mask[start] === 0 || labels[start] !== 0) {
      continue;
    }
    const id = components.length;
    let top = 0;
    stack[top++] = start;
    labels[start] = id + 1;
    const c: Component = { id, x0: width, y0: height, x1: -1, y1: -1, area: 0 };
    while (top > 0) {
      const p = stack[--top]!;
      const x = p % width;
      const y = (p - x) / width;
      c.area++;
      c.x0 = Math.min(c.x0, x);
      c.x1 = Math.max(c.x1, x);
      c.y0 = Math.min(c.y0, y);
      c.y1 = Math.max(c.y1, y);
      for (let dy = -1; dy <= 1; dy++) {
        const yy = y + dy;
        if (yy < 0 || yy >= height) {
          continue;
        }
        for (let dx = -1; dx <= 1; dx++) {
          const xx = x + dx;
          if (xx < 0 || xx >= width) {
            continue;
          }
          const q = yy * width + xx;
          if (mask[q] === 1 && labels[q] === 0) {
            labels[q] = id + 1;
            stack[top++] = q;
          }
        }
      }
    }
    components.push(c);
  }
  return { components, labels };
}

/** The components of a mask with at least `minArea` pixels (smaller ones are speckle). */
export function findComponents({
  mask,
  width,
  height,
  minArea = 1,
}: {
  mask: Uint8Array;
  width: number;
  height: number;
  minArea?: number;
}): Component[] {
  return labelComponents({ mask, width, height }).components.filter((c) => c.area >= minArea);
}
