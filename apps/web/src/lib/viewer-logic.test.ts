import { PAGE_DISPLAY_WIDTH } from '@sohoa/contracts';
import type { Page, StructureDocumentDto } from '@sohoa/contracts';
import { describe, expect, it } from 'vitest';
import {
  butLucRange,
  displayScale,
  findPageByButLuc,
  neighbourDocumentPage,
  nextZoom,
  requestWidth,
  viewerImageWidth,
} from './viewer-logic.ts';

const page = (id: string, butLuc: number | null, isBlank = false) =>
  ({ id, butLuc, isBlank }) as Page;
const doc = (id: string, pageIds: string[]) => ({ id, pageIds }) as StructureDocumentDto;

describe('viewer logic', () => {
  it('fits the width or the whole page, with the sides swapped when rotated a quarter', () => {
    const base = {
      percent: 100,
      imageWidth: 1000,
      imageHeight: 1400,
      viewportWidth: 800,
      viewportHeight: 700,
    };
    expect(displayScale({ ...base, mode: 'fitWidth', rotation: 0 })).toBeCloseTo(0.8);
    expect(displayScale({ ...base, mode: 'fitPage', rotation: 0 })).toBeCloseTo(0.5);
    expect(displayScale({ ...base, mode: 'fitWidth', rotation: 90 })).toBeCloseTo(800 / 1400);
    expect(displayScale({ ...base, mode: 'fitPage', rotation: 270 })).toBeCloseTo(800 / 1400);
    expect(
      displayScale({ ...base, mode: 'fitPage', viewportWidth: 2000, rotation: 270 }),
    ).toBeCloseTo(0.7);
    expect(displayScale({ ...base, mode: 'percent', percent: 150, rotation: 90 })).toBe(1.5);
  });

  it('steps the zoom through fixed levels and stops at the ends', () => {
    expect(nextZoom(100, 1)).toBe(125);
    expect(nextZoom(100, -1)).toBe(90);
    expect(nextZoom(80, 1)).toBe(90);
    expect(nextZoom(400, 1)).toBe(400);
    expect(nextZoom(25, -1)).toBe(25);
  });

  it('asks the server for a few bounded widths only', () => {
    expect(requestWidth(130)).toBe(200);
    expect(requestWidth(130, 2)).toBe(300);
    expect(requestWidth(901)).toBe(1000);
    expect(requestWidth(5000)).toBe(2000);
    expect(requestWidth(10)).toBe(100);
  });

  it('asks for the display image whenever the page is shown no wider than it', () => {
    expect(viewerImageWidth(430)).toBe(PAGE_DISPLAY_WIDTH);
    expect(viewerImageWidth(900)).toBe(PAGE_DISPLAY_WIDTH);
    expect(viewerImageWidth(500, 2)).toBe(PAGE_DISPLAY_WIDTH);
    // Zoomed in past it: the exact step, resized on demand.
    expect(viewerImageWidth(1100)).toBe(1200);
    expect(viewerImageWidth(800, 2)).toBe(1600);
  });

  it('finds a bút lục, preferring a written page over a blank back', () => {
    const pages = [page('p1', 1), page('p2', 2, true), page('p3', 2)];
    expect(findPageByButLuc(pages, 2)?.id).toBe('p3');
    expect(findPageByButLuc(pages, 9)).toBeNull();
  });

  it('moves to the first page of the next and previous document, skipping loose pages', () => {
    const pages = ['p1', 'p2', 'p3', 'p4', 'p5', 'p6'].map((id) => page(id, null));
    const docs = [doc('d1', ['p1', 'p2']), doc('d2', ['p4', 'p5']), doc('d3', ['p6'])];
    const nav = (pageId: string, direction: 1 | -1) =>
      neighbourDocumentPage({ pages, documents: docs, pageId, direction });
    expect(nav('p2', 1)).toBe('p4');
    expect(nav('p3', 1)).toBe('p4');
    expect(nav('p5', 1)).toBe('p6');
    expect(nav('p6', 1)).toBeNull();
    expect(nav('p5', -1)).toBe('p1');
    expect(nav('p3', -1)).toBe('p1');
    expect(nav('p1', -1)).toBeNull();
  });

  it('writes bút lục ranges', () => {
    expect(butLucRange({ butLucFrom: 3, butLucTo: 7 })).toBe('3–7');
    expect(butLucRange({ butLucFrom: 3, butLucTo: 3 })).toBe('3');
    expect(butLucRange({ butLucFrom: null, butLucTo: null })).toBeNull();
  });
});
