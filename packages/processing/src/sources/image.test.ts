import sharp from 'sharp';
import { describe, expect, it } from 'vitest';
import { makeMultiPageTiff } from './containers.test-utils.ts';
import { errorOf, greyPixels, makeG4, makeJpeg, makePng, pngBomb } from './fixtures.test-utils.ts';
import { readImageSource } from './image.ts';
import type { PageSource } from './page-source.ts';

async function allPages(source: PageSource) {
  const pages = [];
  for await (const page of source.pages()) {
    pages.push(page);
  }
  await source.close();
  return pages;
}

describe('readImageSource', () => {
  it('returns a JPEG as one page, byte for byte, with its scanner resolution', async () => {
    const jpeg = await makeJpeg({ width: 170, height: 240, density: 300 });
    const source = await readImageSource({ bytes: jpeg, kind: 'jpeg' });
    expect(source.pageCount).toBe(1);
    const [page] = await allPages(source);
    expect(Buffer.compare(page!.image.bytes, jpeg)).toBe(0);
    expect(page!.image).toMatchObject({ format: 'jpeg', widthPx: 170, heightPx: 240, dpi: 300 });
    expect(page!.textLayer).toBeNull();
  });

  it('reports no resolution when the file only carries a software default (72 dpi)', async () => {
    const [page] = await allPages(
      await readImageSource({ bytes: await makeJpeg({ density: 72 }), kind: 'jpeg' }),
    );
    expect(page!.image.dpi).toBeNull();
  });

  it('returns a PNG as one page, byte for byte', async () => {
    const png = await makePng({ density: 200 });
    const [page] = await allPages(await readImageSource({ bytes: png, kind: 'png' }));
    expect(Buffer.compare(page!.image.bytes, png)).toBe(0);
    expect(page!.image).toMatchObject({ format: 'png', widthPx: 160, heightPx: 220, dpi: 200 });
  });

  it('refuses a PNG bomb by its declared size, before decoding, and quickly', async () => {
    const started = performance.now();
    const error = await errorOf(() =>
      readImageSource({ bytes: pngBomb(50_000, 50_000), kind: 'png' }),
    );
    expect(error.code).toBe('source.too_many_pixels');
    expect(error.details).toMatchObject({ width: 50_000, height: 50_000 });
    // Decoding 2.5 gigapixels would take minutes (or exhaust memory): seconds mean it was not decoded.
    expect(performance.now() - started).toBeLessThan(10_000);
  });

  it('refuses truncated JPEG and PNG files', async () => {
    const jpeg = await makeJpeg();
    const png = await makePng();
    expect(
      (
        await errorOf(() =>
          readImageSource({ bytes: jpeg.subarray(0, jpeg.byteLength - 200), kind: 'jpeg' }),
        )
      ).code,
    ).toBe('source.truncated');
    expect(
      (
        await errorOf(() =>
          readImageSource({ bytes: png.subarray(0, png.byteLength - 30), kind: 'png' }),
        )
      ).code,
    ).toBe('source.truncated');
  });

  it('refuses a JPEG whose header is unreadable as corrupt', async () => {
    const bytes = Uint8Array.from([0xff, 0xd8, 0xff, 0xe0, 0, 2, 0x12, 0x34]);
    expect((await errorOf(() => readImageSource({ bytes, kind: 'jpeg' }))).code).toBe(
      'source.corrupt',
    );
  });

  describe('multi-page TIFF', () => {
    async function threePageTiff() {
      const g4 = await makeG4({ width: 300, height: 200 });
      const grey = greyPixels(120, 90, 3);
      const jpeg = await makeJpeg({ width: 64, height: 48 });
      const tiff = makeMultiPageTiff([
        {
          width: 300,
          height: 200,
          bitsPerSample: 1,
          samplesPerPixel: 1,
          compression: 4,
          photometric: 0,
          strips: g4.strips,
          rowsPerStrip: 256,
          dpi: 300,
        },
        {
          width: 64,
          height: 48,
          bitsPerSample: 8,
          samplesPerPixel: 1,
          compression: 1,
          photometric: 1,
          strips: [greyPixels(64, 48)],
          rowsPerStrip: 48,
          reduced: true,
        },
        {
          width: 120,
          height: 90,
          bitsPerSample: 8,
          samplesPerPixel: 1,
          compression: 1,
          photometric: 1,
          strips: [grey],
          rowsPerStrip: 90,
          dpi: 200,
        },
        {
          width: 64,
          height: 48,
          bitsPerSample: 8,
          samplesPerPixel: 1,
          compression: 7,
          photometric: 1,
          strips: [jpeg],
          rowsPerStrip: 48,
        },
      ]);
      return { tiff, g4, grey, jpeg };
    }

    it('gives one page per image, skipping thumbnails, each in the lightest faithful format', async () => {
      const { tiff, g4, grey, jpeg } = await threePageTiff();
      const source = await readImageSource({ bytes: tiff, kind: 'tiff' });
      expect(source.pageCount).toBe(3);
      const [bilevel, greyPage, jpegPage] = await allPages(source);
      // G4 strips are rewrapped, not decoded: the pixels are exactly the original ones.
      expect(bilevel!.image).toMatchObject({
        format: 'tiff',
        widthPx: 300,
        heightPx: 200,
        dpi: 300,
      });
      const decoded = await sharp(bilevel!.image.bytes).greyscale().raw().toBuffer();
      expect(Buffer.compare(decoded, g4.pixels)).toBe(0);
      // An uncompressed greyscale page becomes a lossless PNG.
      expect(greyPage!.image).toMatchObject({
        format: 'png',
        widthPx: 120,
        heightPx: 90,
        dpi: 200,
      });
      expect(
        Buffer.compare(await sharp(greyPage!.image.bytes).greyscale().raw().toBuffer(), grey),
      ).toBe(0);
      // A JPEG-compressed page comes out as the very same JPEG stream.
      expect(jpegPage!.image.format).toBe('jpeg');
      expect(Buffer.compare(jpegPage!.image.bytes, jpeg)).toBe(0);
    });

    it('reads pages by index in any order (idempotent splitting)', async () => {
      const { tiff } = await threePageTiff();
      const source = await readImageSource({ bytes: tiff, kind: 'tiff' });
      const last = await source.readPage({ index: 2 });
      const first = await source.readPage({ index: 0 });
      const lastAgain = await source.readPage({ index: 2 });
      expect(first.index).toBe(0);
      expect(Buffer.compare(last.image.bytes, lastAgain.image.bytes)).toBe(0);
      await expect(source.readPage({ index: 3 })).rejects.toThrow(RangeError);
      await source.close();
    });

    it('returns a single-page G4 TIFF as it is', async () => {
      const { tiff } = await makeG4();
      const [page] = await allPages(await readImageSource({ bytes: tiff, kind: 'tiff' }));
      expect(Buffer.compare(page!.image.bytes, tiff)).toBe(0);
    });

    it('re-encodes other bilevel pages as G4', async () => {
      const pixels = greyPixels(100, 80);
      const packed = await sharp(pixels, { raw: { width: 100, height: 80, channels: 1 } })
        .toColourspace('b-w')
        .tiff({ compression: 'lzw', predictor: 'none', bitdepth: 1 })
        .toBuffer();
      const [page] = await allPages(await readImageSource({ bytes: packed, kind: 'tiff' }));
      expect(page!.image.format).toBe('tiff');
      expect(
        Buffer.compare(await sharp(page!.image.bytes).greyscale().raw().toBuffer(), pixels),
      ).toBe(0);
    });

    it('refuses a page declaring too many pixels, before decoding', async () => {
      const tiff = makeMultiPageTiff([
        {
          width: 60_000,
          height: 60_000,
          bitsPerSample: 1,
          samplesPerPixel: 1,
          compression: 4,
          photometric: 0,
          strips: [new Uint8Array(8)],
          rowsPerStrip: 60_000,
        },
      ]);
      const error = await errorOf(() => readImageSource({ bytes: tiff, kind: 'tiff' }));
      expect(error.code).toBe('source.too_many_pixels');
    });

    it('refuses a TIFF cut part-way as truncated', async () => {
      const { tiff } = await threePageTiff();
      for (const keep of [0.5, 0.8, 0.97]) {
        const cut = tiff.subarray(0, Math.floor(tiff.byteLength * keep));
        expect((await errorOf(() => readImageSource({ bytes: cut, kind: 'tiff' }))).code).toBe(
          'source.truncated',
        );
      }
    });

    it('reads the same pages from a path as from bytes', async () => {
      const { tiff } = await threePageTiff();
      const { mkdtemp, writeFile, rm } = await import('node:fs/promises');
      const os = await import('node:os');
      const path = await import('node:path');
      const dir = await mkdtemp(path.join(os.tmpdir(), 'sohoa-tiff-'));
      try {
        await writeFile(path.join(dir, 'a.tif'), tiff);
        const fromPath = await allPages(
          await readImageSource({ path: path.join(dir, 'a.tif'), kind: 'tiff' }),
        );
        const fromBytes = await allPages(await readImageSource({ bytes: tiff, kind: 'tiff' }));
        expect(fromPath.map((p) => p.image.bytes.byteLength)).toEqual(
          fromBytes.map((p) => p.image.bytes.byteLength),
        );
      } finally {
        await rm(dir, { recursive: true, force: true });
      }
    });
  });
});
