import { describe, expect, it } from 'vitest';
import { groupLines, placeWords } from './text-layer.ts';
import type { ExportPage } from './pdf.types.ts';

const font = { ascent: 0.8, descent: -0.2 };
const page = (over: Partial<ExportPage>): ExportPage => ({
  image: { bytes: new Uint8Array(), format: 'jpeg', widthPx: 1000, heightPx: 2000, dpi: 72 },
  rotation: 0,
  words: [{ text: 'Hồi', box: [100, 200, 200, 300] }],
  label: '1',
  ...over,
});

describe('placeWords', () => {
  it('puts an upright word on its box: baseline above the bottom by the descent, y up', () => {
    const [w] = placeWords({ page: page({}), font });
    expect(w).toMatchObject({ x: 100, angle: 0, fontSize: 100, width: 100 });
    // bottom 300 px, descent 0.2 × 100 → baseline at 280 px from the top of a 2000 pt page.
    expect(w!.y).toBeCloseTo(2000 - 280);
  });

  it('maps a word of the upright view back into an image stored sideways (/Rotate 90)', () => {
    // Stored 2000 × 1000 (landscape scan of a portrait page); upright view is 1000 × 2000.
    const p = page({
      rotation: 90,
      image: { bytes: new Uint8Array(), format: 'jpeg', widthPx: 2000, heightPx: 1000, dpi: 72 },
    });
    const [w] = placeWords({ page: p, font });
    // Upright (100, 280) ← stored (280, 1000 - 100): x = 280, y = 1000 - 900 = 100 in PDF space.
    expect(w!.x).toBeCloseTo(280);
    expect(w!.y).toBeCloseTo(100);
    expect(w!.angle).toBe(90);
  });

  it('undoes the deskew about the frame centre, so the centre stays and the baseline tilts', () => {
    const p = page({
      skewDegrees: 2,
      textFrame: { widthPx: 1000, heightPx: 2000 },
      words: [{ text: 'giữa', box: [500, 900, 600, 1000] }],
    });
    const [w] = placeWords({ page: p, font });
    expect(w!.angle).toBe(2);
    // The baseline start (500, 980) is 20 px below the centre: turned back by 2°, it moves left.
    expect(w!.x).toBeCloseTo(500 - 20 * Math.sin((2 * Math.PI) / 180), 3);
  });

  it('gives the words of one line one baseline and one size, whatever their own heights', () => {
    const words = [
      { text: 'Hồi', box: [0, 100, 50, 160] as [number, number, number, number] },
      { text: 'an', box: [60, 120, 90, 150] as [number, number, number, number] },
      { text: 'ngày', box: [100, 118, 160, 170] as [number, number, number, number] },
      { text: 'Dòng', box: [0, 200, 60, 250] as [number, number, number, number] },
    ];
    expect(groupLines(words).map((l) => l.length)).toEqual([3, 1]);
    const placed = placeWords({ page: page({ words }), font });
    expect(new Set(placed.slice(0, 3).map((w) => w.y)).size).toBe(1);
    expect(new Set(placed.slice(0, 3).map((w) => w.fontSize)).size).toBe(1);
    expect(placed.map((w) => w.spaceAfter)).toEqual([true, true, false, false]);
  });
});
