import { describe, expect, it } from 'vitest';
import { buildTextLayer, isUsable, type TextItemLike } from './text-layer.ts';

const identity = (x: number, y: number): [number, number] => [x / 600, 1 - y / 800];
const item = (
  str: string,
  x: number,
  y: number,
  extra: Partial<TextItemLike> = {},
): TextItemLike => ({
  str,
  transform: [10, 0, 0, 10, x, y],
  width: str.length * 5,
  hasEOL: true,
  fontName: 'f',
  ...extra,
});

describe('buildTextLayer', () => {
  it('splits items into words with boxes and lines into text, NFC', () => {
    const layer = buildTextLayer({
      items: [
        item('Quyết định khởi tố'.normalize('NFD'), 60, 700),
        item('vụ án hình sự số 45', 60, 688),
      ],
      styles: {},
      normalize: identity,
      engine: 'pdf-text',
    });
    expect(layer!.text).toBe('Quyết định khởi tố\nvụ án hình sự số 45');
    expect(layer!.words.map((w) => w.text).slice(0, 3)).toEqual(['Quyết', 'định', 'khởi']);
    const [x0, y0, x1, y1] = layer!.words[0]!.box;
    expect(x0).toBeCloseTo(0.1, 5);
    expect(x1).toBeGreaterThan(x0);
    expect(y0).toBeLessThan(1 - 700 / 800);
    expect(y1).toBeGreaterThan(1 - 700 / 800);
  });

  it('separates blocks by a blank line when the vertical gap is large', () => {
    const layer = buildTextLayer({
      items: [
        item('Căn cứ Bộ luật Tố tụng hình sự', 60, 700),
        item('QUYẾT ĐỊNH khởi tố bị can', 60, 600),
      ],
      styles: {},
      normalize: identity,
      engine: 'pdf-text',
    });
    expect(layer!.text).toBe('Căn cứ Bộ luật Tố tụng hình sự\n\nQUYẾT ĐỊNH khởi tố bị can');
  });

  it('leaves out text set at an angle (seal rings, diagonal watermarks)', () => {
    const layer = buildTextLayer({
      items: [
        item('Viện kiểm sát nhân dân quận', 60, 700),
        item('CÔNG AN', 300, 300, { transform: [7, 7, -7, 7, 300, 300] }),
      ],
      styles: {},
      normalize: identity,
      engine: 'pdf-text',
    });
    expect(layer!.text).toBe('Viện kiểm sát nhân dân quận');
  });

  it('has no layer below the letter threshold', () => {
    expect(
      buildTextLayer({
        items: [item('Trang 12', 60, 700)],
        styles: {},
        normalize: identity,
        engine: 'pdf-text',
      }),
    ).toBeNull();
  });
});

describe('isUsable', () => {
  it('accepts real Vietnamese and English text', () => {
    expect(isUsable('CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM Độc lập - Tự do - Hạnh phúc')).toBe(true);
    expect(isUsable('The defendant was heard on the 7th of March')).toBe(true);
  });

  it('rejects TCVN3 and VNI mojibake, and unmapped glyphs', () => {
    expect(isUsable('Céng hoµ x· héi chñ nghÜa ViÖt Nam §éc lËp - Tù do - H¹nh phóc')).toBe(false);
    expect(
      isUsable('Coäng hoøa xaõ hoäi chuû nghóa Vieät Nam Ñoäc laäp - Töï do - Haïnh phuùc'),
    ).toBe(false);
    expect(isUsable('\uE001\uE002\uE003 \uE004\uE005 abcdefghij klmnopqrst uvw')).toBe(false);
    expect(isUsable('12/03/2019 - 45/QĐ 1.234.567 đ')).toBe(false);
  });
});
