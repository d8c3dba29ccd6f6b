import { describe, expect, it } from 'vitest';
import { detectBlank } from './blank.ts';
import { decodeGray, type GrayImage } from './gray-image.ts';
import { computeInkMap } from './ink.ts';
import { addBleedThrough, blankPage, printBoxStamp, printText, scan } from './page.test-utils.ts';

async function isBlank(page: GrayImage, seed = 1): Promise<boolean> {
  const small = await decodeGray({ image: await scan({ page, seed }), maxSide: 1000 });
  return detectBlank({ ink: computeInkMap({ image: small }), pxPerMm: 1000 / 297 }).isBlank;
}

describe('detectBlank', () => {
  const dpi = 150;

  it('marks an empty scanned sheet blank', async () => {
    expect(await isBlank(blankPage({ dpi }))).toBe(true);
  });

  it('marks a back side blank despite faint mirrored show-through of the front', async () => {
    expect(
      await isBlank(await addBleedThrough({ page: blankPage({ dpi }), dpi, strength: 0.12 })),
    ).toBe(true);
    expect(
      await isBlank(await addBleedThrough({ page: blankPage({ dpi }), dpi, strength: 0.2 }), 2),
    ).toBe(true);
  });

  it('never marks a page with one short line of text blank', async () => {
    const page = blankPage({ dpi });
    await printText({ page, text: 'Trang này để trống.', dpi, leftMm: 80, topMm: 140 });
    expect(await isBlank(page)).toBe(false);
  });

  it('keeps a sheet that carries only a bút lục stamp (it was counted as a page)', async () => {
    const page = blankPage({ dpi });
    await printBoxStamp({ page, digits: '0007', dpi, leftMm: 165, topMm: 8 });
    expect(await isBlank(page)).toBe(false);
  });

  it('tolerates a stray speck of dust outside the bút lục corner', async () => {
    const page = blankPage({ dpi });
    await printText({ page, text: '•', dpi, leftMm: 100, topMm: 200 });
    expect(await isBlank(page)).toBe(true);
  });
});
