/**
 * Windowing of a grid of equal cells: only the rows in view (plus a few above and below) are
 * rendered, so a 5,000-page case costs the same as a 50-page one. Pure: the component feeds it the
 * scroll position and size, and positions the rendered rows at `offsetY`.
 */
export interface GridWindow {
  columns: number;
  /** First rendered item index (inclusive) and last (exclusive). */
  startIndex: number;
  endIndex: number;
  /** Where the first rendered row starts, from the top of the scrolled content. */
  offsetY: number;
  /** Height of the whole grid, so the scroll bar is right. */
  totalHeight: number;
}

export function columnsFor({
  viewportWidth,
  cellWidth,
  gap = 0,
}: {
  viewportWidth: number;
  cellWidth: number;
  gap?: number;
}): number {
  return Math.max(1, Math.floor((viewportWidth + gap) / (cellWidth + gap)));
}

export function computeGridWindow({
  itemCount,
  columns,
  rowHeight,
  scrollTop,
  viewportHeight,
  overscanRows = 2,
}: {
  itemCount: number;
  columns: number;
  rowHeight: number;
  scrollTop: number;
  viewportHeight: number;
  overscanRows?: number;
}): GridWindow {
  const cols = Math.max(1, Math.floor(columns));
  const rowCount = Math.ceil(itemCount / cols);
  const totalHeight = rowCount * rowHeight;
  if (itemCount === 0 || rowHeight <= 0) {
    return { columns: cols, startIndex: 0, endIndex: 0, offsetY: 0, totalHeight: 0 };
  }
  const top = Math.min(Math.max(0, scrollTop), Math.max(0, totalHeight - viewportHeight));
  const firstVisible = Math.floor(top / rowHeight);
  const lastVisible = Math.ceil((top + Math.max(0, viewportHeight)) / rowHeight);
  const firstRow = Math.max(0, firstVisible - overscanRows);
  const endRow = Math.min(rowCount, Math.max(lastVisible, firstVisible + 1) + overscanRows);
  return {
    columns: cols,
    startIndex: firstRow * cols,
    endIndex: Math.min(itemCount, endRow * cols),
    offsetY: firstRow * rowHeight,
    totalHeight,
  };
}

/**
 * The scrollTop that brings item `index` into view with the least movement (null: already fully
 * visible), for "jump to page" from the integrity report or the structure panel.
 */
export function scrollTopToReveal({
  index,
  columns,
  rowHeight,
  scrollTop,
  viewportHeight,
}: {
  index: number;
  columns: number;
  rowHeight: number;
  scrollTop: number;
  viewportHeight: number;
}): number | null {
  const rowTop = Math.floor(index / Math.max(1, columns)) * rowHeight;
  if (rowTop < scrollTop) {
    return rowTop;
  }
  if (rowTop + rowHeight > scrollTop + viewportHeight) {
    return Math.max(0, rowTop + rowHeight - viewportHeight);
  }
  return null;
}
