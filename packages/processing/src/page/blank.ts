import { findComponents, type Component } from './components.ts';
import type { InkMap } from './ink.ts';

/**
 * Blank-page rule (back sides of sheets):
 * - Only *marks* count: blobs of at least 1 mm whose darkest pixel reaches full ink contrast
 *   (darkness ≥ 150 of 255 against the local paper). Show-through of the other side is mirrored,
 *   blurred and faint (measured ≤ 115 on the samples), so it never makes a mark; nor do paper
 *   grain, light gradients or edge shadows, which the ink map removes.
 * - A page with at most `maxStrayMarks` (2) marks is blank: dust, a hair, a punch-hole shadow.
 *   One line of text already has dozens of marks.
 * - Except: a mark in the bút lục corner (top-right 40 % × 15 % of the sheet, any of the four
 *   corners since the page may not be upright yet) keeps the page. A sheet that carries a bút lục
 *   number was counted by the clerk, so it is a page of the file even if nothing else is on it.
 */
export interface BlankVerdict {
  isBlank: boolean;
  /** Number of marks found (see the rule above). */
  marks: number;
}

const MARK_DARKNESS = 150;
const MARK_MIN_MM = 1;
const DEFAULT_MAX_STRAY_MARKS = 2;

export function detectBlank({
  ink,
  pxPerMm,
  maxStrayMarks = DEFAULT_MAX_STRAY_MARKS,
}: {
  ink: InkMap;
  pxPerMm: number;
  maxStrayMarks?: number;
}): BlankVerdict {
  const marks = findMarks({ ink, pxPerMm });
  if (marks.length > maxStrayMarks) {
    return { isBlank: false, marks: marks.length };
  }
  const inCorner = marks.some((m) => isInButLucCorner({ mark: m, ink }));
  return { isBlank: !inCorner, marks: marks.length };
}

/** Blobs of real ink at least `MARK_MIN_MM` long (stops after a few hundred: enough to decide). */
function findMarks({ ink, pxPerMm }: { ink: InkMap; pxPerMm: number }): Component[] {
  const { width, height, data } = ink;
  // Grow marks from moderately dark pixels so that a stroke is one blob, then test its core.
  const mask = new Uint8Array(width * height);
  for (let i = 0; i < mask.length; i++) {
    mask[i] = data[i]! >= 60 ? 1 : 0;
  }
  const minSide = Math.max(2, MARK_MIN_MM * pxPerMm);
  return findComponents({ mask, width, height, minArea: 2 }).filter((c) => {
    if (Math.max(c.x1 - c.x0, c.y1 - c.y0) + 1 < minSide) {
      return false;
    }
    let peak = 0;
    for (let y = c.y0; y <= c.y1 && peak < MARK_DARKNESS; y++) {
      for (let x = c.x0; x <= c.x1; x++) {
        peak = Math.max(peak, data[y * width + x]!);
      }
    }
    return peak >= MARK_DARKNESS;
  });
}

function isInButLucCorner({ mark, ink }: { mark: Component; ink: InkMap }): boolean {
  const cx = (mark.x0 + mark.x1) / 2 / ink.width;
  const cy = (mark.y0 + mark.y1) / 2 / ink.height;
  const portrait = ink.height >= ink.width;
  // The corner of the sheet, in each of the four ways the scan may be turned.
  const nearX = portrait ? 0.4 : 0.15;
  const nearY = portrait ? 0.15 : 0.4;
  return (cx < nearX || cx > 1 - nearX) && (cy < nearY || cy > 1 - nearY);
}
