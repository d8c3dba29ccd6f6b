import { beforeAll, describe, expect, it } from 'vitest';
import { decodeGray } from './gray-image.ts';
import { computeInkMap } from './ink.ts';
import { estimateOrientation } from './orientation.ts';
import { renderDocumentPage, scan } from './page.test-utils.ts';
import { collectTextPoints } from './projection.ts';
import type { GrayImage } from './gray-image.ts';

async function estimate(image: Uint8Array) {
  const small = await decodeGray({ image, maxSide: 1000 });
  const points = collectTextPoints({ ink: computeInkMap({ image: small }), pxPerMm: 1000 / 297 });
  return estimateOrientation({ points });
}

describe('estimateOrientation', () => {
  let page: GrayImage;
  beforeAll(async () => {
    page = await renderDocumentPage({ dpi: 150 });
  });

  it.each([0, 90, 180, 270] as const)(
    'finds the clockwise turn that makes a page scanned %i° clockwise-turned upright',
    async (turn) => {
      const result = await estimate(await scan({ page, turnCw: turn, skewDeg: 1 }));
      expect(result.rotation).toBe((360 - turn) % 360);
      expect(result.confident).toBe(true);
      expect(result.skewDegrees).toBeCloseTo(1, 0);
    },
  );

  it('is not confident about a page with a single line', async () => {
    const sparse = await renderDocumentPage({ dpi: 150, lines: [] });
    const result = await estimate(await scan({ page: sparse }));
    expect(result.confident).toBe(false);
  });
});
