import { describe, expect, it } from 'vitest';
import {
  denormalize,
  dpi,
  normalize,
  pdfPoints,
  pdfPointsToPixels,
  pixels,
  pixelsToPdfPoints,
} from './units.ts';

describe('page units', () => {
  it('converts an A4 width at 300 dpi to 595 PDF points and back', () => {
    const width = pixels(2480);
    const points = pixelsToPdfPoints({ value: width, resolution: dpi(300) });
    expect(points).toBeCloseTo(595.2, 1);
    expect(pdfPointsToPixels({ value: pdfPoints(points), resolution: dpi(300) })).toBeCloseTo(
      2480,
      6,
    );
  });

  it('normalises into [0, 1] and clamps boxes that overhang the page', () => {
    expect(normalize({ value: pixels(1240), extent: pixels(2480) })).toBe(0.5);
    expect(normalize({ value: pixels(-3), extent: pixels(2480) })).toBe(0);
    expect(normalize({ value: pixels(2500), extent: pixels(2480) })).toBe(1);
    expect(
      denormalize({
        value: normalize({ value: pixels(620), extent: pixels(2480) }),
        extent: pixels(1240),
      }),
    ).toBe(310);
    expect(() => normalize({ value: pixels(1), extent: pixels(0) })).toThrow(RangeError);
  });
});
