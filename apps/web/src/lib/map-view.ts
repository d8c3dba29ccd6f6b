/**
 * The viewport of the mind-map canvas: which boxes to render. Only boxes near the screen are
 * rendered, so the DOM stays small on large maps and panning stays at frame rate.
 */
import type { LayoutBox } from '@sohoa/contracts';

/** Pan offset (screen px) and zoom of the map's world element. */
export interface View {
  x: number;
  y: number;
  scale: number;
}

/** Boxes this far outside the viewport (screen px) are still rendered, so short pans show them. */
export const OVERSCAN_PX = 400;

export function visibleBoxes(
  boxes: ReadonlyMap<string, LayoutBox>,
  view: View,
  size: { w: number; h: number },
  overscan: number = OVERSCAN_PX,
): LayoutBox[] {
  const left = (-view.x - overscan) / view.scale;
  const top = (-view.y - overscan) / view.scale;
  const right = (size.w - view.x + overscan) / view.scale;
  const bottom = (size.h - view.y + overscan) / view.scale;
  const out: LayoutBox[] = [];
  for (const b of boxes.values()) {
    if (b.x + b.w >= left && b.x <= right && b.y + b.h >= top && b.y <= bottom) {
      out.push(b);
    }
  }
  return out;
}
