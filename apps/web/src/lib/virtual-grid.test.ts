import { describe, expect, it } from 'vitest';
import { columnsFor, computeGridWindow, scrollTopToReveal } from './virtual-grid.ts';

describe('grid windowing', () => {
  it('fits as many columns as the width allows, at least one', () => {
    expect(columnsFor({ viewportWidth: 600, cellWidth: 120, gap: 8 })).toBe(4);
    expect(columnsFor({ viewportWidth: 640, cellWidth: 120, gap: 8 })).toBe(5);
    expect(columnsFor({ viewportWidth: 50, cellWidth: 120 })).toBe(1);
  });

  it('renders only the rows in view plus the overscan, on 5,000 items', () => {
    const w = computeGridWindow({
      itemCount: 5000,
      columns: 5,
      rowHeight: 200,
      scrollTop: 100_000,
      viewportHeight: 600,
      overscanRows: 2,
    });
    // Rows 500–503 are visible (100,000/200 = 500; 100,600/200 = 503), plus two each side.
    expect(w).toEqual({
      columns: 5,
      startIndex: 498 * 5,
      endIndex: 505 * 5,
      offsetY: 498 * 200,
      totalHeight: 1000 * 200,
    });
    expect(w.endIndex - w.startIndex).toBeLessThan(50);
  });

  it('clamps at both ends and handles an empty list and a partial last row', () => {
    const top = computeGridWindow({
      itemCount: 23,
      columns: 5,
      rowHeight: 100,
      scrollTop: -50,
      viewportHeight: 250,
      overscanRows: 1,
    });
    expect([top.startIndex, top.endIndex, top.offsetY, top.totalHeight]).toEqual([0, 20, 0, 500]);
    const bottom = computeGridWindow({
      itemCount: 23,
      columns: 5,
      rowHeight: 100,
      scrollTop: 10_000,
      viewportHeight: 250,
      overscanRows: 1,
    });
    expect([bottom.startIndex, bottom.endIndex]).toEqual([5, 23]);
    expect(
      computeGridWindow({
        itemCount: 0,
        columns: 3,
        rowHeight: 100,
        scrollTop: 0,
        viewportHeight: 500,
      }),
    ).toMatchObject({ startIndex: 0, endIndex: 0, totalHeight: 0 });
  });

  it('scrolls the least needed to reveal an item, and not at all when it is in view', () => {
    const base = { columns: 4, rowHeight: 100, viewportHeight: 300 };
    expect(scrollTopToReveal({ ...base, index: 9, scrollTop: 0 })).toBeNull();
    expect(scrollTopToReveal({ ...base, index: 40, scrollTop: 0 })).toBe(800);
    expect(scrollTopToReveal({ ...base, index: 1, scrollTop: 500 })).toBe(0);
  });
});
