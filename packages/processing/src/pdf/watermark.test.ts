import { describe, expect, it } from 'vitest';
import { vietnameseDateTime, watermarkPlacement, watermarkText } from './watermark.ts';

describe('watermark', () => {
  it('writes the stamp in Vietnam time (UTC+7), day first', () => {
    expect(vietnameseDateTime(new Date('2026-01-02T20:07:00Z'))).toBe('03/01/2026 03:07');
    expect(
      watermarkText({
        watermark: {
          fullName: ' Trần Văn A ',
          unitName: 'VKSND tỉnh B',
          at: new Date('2026-11-29T01:00:00Z'),
        },
      }),
    ).toBe('BẢN SAO – Trần Văn A – VKSND tỉnh B – 29/11/2026 08:00');
  });

  it('lays the stamp along the rising diagonal of the page as shown, rotation included', () => {
    const upright = watermarkPlacement({
      width: 300,
      height: 400,
      rotation: 0,
      textWidthAtSize1: 10,
    });
    expect(upright.angle).toBeCloseTo(-53.13, 1);
    expect(upright.fontSize).toBeCloseTo(40, 5);
    const turned = watermarkPlacement({
      width: 400,
      height: 300,
      rotation: 90,
      textWidthAtSize1: 10,
    });
    expect(turned.angle).toBeCloseTo(-(53.13 + 90), 1);
    expect(
      watermarkPlacement({ width: 300, height: 400, rotation: 0, textWidthAtSize1: 1 }).fontSize,
    ).toBe(72);
  });
});
