import type { LayoutBox } from '@sohoa/contracts';
import { describe, expect, it } from 'vitest';
import { visibleBoxes } from './map-view.ts';

const box = (id: string, x: number, y: number): LayoutBox => ({
  id,
  x,
  y,
  w: 100,
  h: 30,
  lines: [id],
  depth: 1,
  hiddenChildren: 0,
});
const boxes = new Map(
  [box('in', 50, 50), box('near', 900, 50), box('far', 5000, 50), box('above', 50, -3000)].map(
    (b) => [b.id, b],
  ),
);

describe('visibleBoxes', () => {
  it('keeps the boxes on screen and within the overscan, drops the far ones', () => {
    const ids = visibleBoxes(boxes, { x: 0, y: 0, scale: 1 }, { w: 800, h: 600 }, 200).map(
      (b) => b.id,
    );
    expect(ids).toEqual(['in', 'near']);
  });

  it('follows the pan offset and the zoom', () => {
    const panned = visibleBoxes(boxes, { x: -4500, y: 0, scale: 1 }, { w: 800, h: 600 }, 0);
    expect(panned.map((b) => b.id)).toEqual(['far']);
    const zoomedOut = visibleBoxes(
      boxes,
      { x: 0, y: 3100 * 0.1, scale: 0.1 },
      { w: 800, h: 600 },
      0,
    );
    expect(zoomedOut.map((b) => b.id).sort()).toEqual(['above', 'far', 'in', 'near']);
  });
});
