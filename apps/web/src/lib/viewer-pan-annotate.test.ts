import { describe, expect, it } from 'vitest';
import {
  canPan,
  changeSecondView,
  DEFAULT_PANE_VIEW,
  openSideBySide,
  panScroll,
  rectFromDrag,
  screenToPage,
  secondPaneView,
  toggleSync,
  wordsHighlight,
  wordStyle,
  type PaneView,
} from './viewer-logic.ts';

const box = { left: 100, top: 50, width: 400, height: 200 };

describe('screenToPage', () => {
  it('maps the pointer to the upright page without rotation', () => {
    expect(screenToPage({ clientX: 200, clientY: 100, box, rotation: 0 })).toEqual({
      x: 0.25,
      y: 0.25,
    });
  });

  it('takes the pointer back through the view rotation', () => {
    // The upright top-left corner is shown top-right after a clockwise quarter turn.
    expect(screenToPage({ clientX: 500, clientY: 50, box, rotation: 90 })).toEqual({ x: 0, y: 0 });
    expect(screenToPage({ clientX: 100, clientY: 250, box, rotation: 90 })).toEqual({ x: 1, y: 1 });
    expect(screenToPage({ clientX: 500, clientY: 250, box, rotation: 180 })).toEqual({
      x: 0,
      y: 0,
    });
    // …and bottom-left after three quarter turns (or −90°).
    expect(screenToPage({ clientX: 100, clientY: 250, box, rotation: 270 })).toEqual({
      x: 0,
      y: 0,
    });
    expect(screenToPage({ clientX: 100, clientY: 250, box, rotation: -90 })).toEqual({
      x: 0,
      y: 0,
    });
    const p = screenToPage({ clientX: 200, clientY: 100, box, rotation: 90 });
    expect(p.x).toBeCloseTo(0.25);
    expect(p.y).toBeCloseTo(0.75);
  });

  it('keeps points outside the page on its edge', () => {
    expect(screenToPage({ clientX: 0, clientY: 1000, box, rotation: 0 })).toEqual({ x: 0, y: 1 });
  });
});

describe('rectFromDrag', () => {
  it('normalises a drag in any direction', () => {
    const r = rectFromDrag({ x: 0.6, y: 0.5 }, { x: 0.2, y: 0.3 })!;
    expect(r.x).toBeCloseTo(0.2);
    expect(r.y).toBeCloseTo(0.3);
    expect(r.w).toBeCloseTo(0.4);
    expect(r.h).toBeCloseTo(0.2);
  });

  it('ignores a click', () => {
    expect(rectFromDrag({ x: 0.5, y: 0.5 }, { x: 0.501, y: 0.6 })).toBeNull();
  });
});

describe('panScroll', () => {
  const content = { width: 2000, height: 3000 };
  const viewport = { width: 800, height: 600 };

  it('moves the scroll against the drag', () => {
    expect(
      panScroll({ start: { left: 500, top: 500 }, dx: 100, dy: -50, content, viewport }),
    ).toEqual({ left: 400, top: 550 });
  });

  it('stops at the edges of the page', () => {
    expect(panScroll({ start: { left: 50, top: 0 }, dx: 300, dy: 300, content, viewport })).toEqual(
      { left: 0, top: 0 },
    );
    expect(
      panScroll({ start: { left: 1100, top: 2300 }, dx: -500, dy: -500, content, viewport }),
    ).toEqual({ left: 1200, top: 2400 });
  });

  it('does not move a page smaller than the stage', () => {
    const small = { width: 500, height: 400 };
    expect(
      panScroll({ start: { left: 0, top: 0 }, dx: -90, dy: -90, content: small, viewport }),
    ).toEqual({ left: 0, top: 0 });
    expect(canPan({ content: small, viewport })).toBe(false);
    expect(canPan({ content, viewport })).toBe(true);
  });
});

describe('text layer', () => {
  const words = [
    { text: 'Biên', x0: 0.1, y0: 0.1, x1: 0.2, y1: 0.12 },
    { text: 'bản', x0: 0.21, y0: 0.1, x1: 0.3, y1: 0.12 },
    { text: 'khai', x0: 0.31, y0: 0.1, x1: 0.4, y1: 0.12 },
  ];

  it('places a word in percent of the page with a font the height of its box', () => {
    expect(wordStyle(words[0]!, 1000)).toEqual({
      left: '10.000%',
      top: '10.000%',
      width: '10.000%',
      height: '2.000%',
      fontSize: '17.00px',
    });
  });

  it('turns selected words into boxes and text in reading order', () => {
    expect(wordsHighlight(words, [2, 0, 2])).toEqual({
      boxes: [
        [0.1, 0.1, 0.2, 0.12],
        [0.31, 0.1, 0.4, 0.12],
      ],
      text: 'Biên khai',
    });
    expect(wordsHighlight(words, [7])).toBeNull();
  });
});

describe('side by side', () => {
  const pages = [{ id: 'a' }, { id: 'b' }, { id: 'c' }];
  const zoomed: PaneView = { mode: 'percent', percent: 150, rotation: 90 };

  it('opens on the next page, or the previous one at the end', () => {
    expect(openSideBySide(pages, 'a')?.pageId).toBe('b');
    expect(openSideBySide(pages, 'c')?.pageId).toBe('b');
    expect(openSideBySide([{ id: 'a' }], 'a')).toBeNull();
  });

  it('follows the first pane while synced, and both change together', () => {
    const side = openSideBySide(pages, 'a')!;
    expect(secondPaneView(side, zoomed)).toEqual(zoomed);
    const { side: s2, primary } = changeSecondView(side, zoomed, (v) => ({
      ...v,
      rotation: 180,
    }));
    expect(primary.rotation).toBe(180);
    expect(secondPaneView(s2, primary).rotation).toBe(180);
  });

  it('keeps its own view once unsynced', () => {
    const side = toggleSync(openSideBySide(pages, 'a')!, zoomed);
    expect(side.synced).toBe(false);
    expect(side.view).toEqual(zoomed);
    const { side: s2, primary } = changeSecondView(side, zoomed, () => DEFAULT_PANE_VIEW);
    expect(primary).toEqual(zoomed);
    expect(secondPaneView(s2, primary)).toEqual(DEFAULT_PANE_VIEW);
    expect(toggleSync(s2, primary)).toMatchObject({ synced: true, view: zoomed });
  });
});
