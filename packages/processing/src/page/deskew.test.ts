import { beforeAll, describe, expect, it } from 'vitest';
import { estimateSkew, renderUpright } from './deskew.ts';
import { decodeGray, type GrayImage } from './gray-image.ts';
import { renderDocumentPage, scan } from './page.test-utils.ts';

describe('deskew', () => {
  let page: GrayImage;
  beforeAll(async () => {
    page = await renderDocumentPage({ dpi: 150 });
  });

  it.each([1.5, -1.5, 0.4, -2.7])('measures a %f° skew within 0.3°', async (skew) => {
    const small = await decodeGray({ image: await scan({ page, skewDeg: skew }), maxSide: 1000 });
    expect(Math.abs(estimateSkew({ image: small }) - skew)).toBeLessThan(0.3);
  });

  it('measures skew in the frame of the page once turned upright', async () => {
    const small = await decodeGray({
      image: await scan({ page, skewDeg: 1.2, turnCw: 90 }),
      maxSide: 1000,
    });
    expect(Math.abs(estimateSkew({ image: small, rotation: 270 }) - 1.2)).toBeLessThan(0.3);
  });

  it('straightens the page on a white, grown canvas', async () => {
    const skewed = await decodeGray({ image: await scan({ page, skewDeg: 2, noise: 0, blur: 0 }) });
    const upright = await renderUpright({ image: skewed, rotation: 0, skewDegrees: 2 });
    expect(upright.width).toBeGreaterThan(skewed.width);
    expect(upright.data[0]).toBe(255);
    const again = estimateSkew({ image: upright });
    expect(Math.abs(again)).toBeLessThan(0.3);
  });

  it('turns a page a quarter turn exactly', async () => {
    const upright = await renderUpright({ image: page, rotation: 90, skewDegrees: 0 });
    expect([upright.width, upright.height]).toEqual([page.height, page.width]);
  });
});
