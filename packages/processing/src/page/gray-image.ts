import sharp from 'sharp';
import { ProcessingError } from '../errors.ts';

/** An 8-bit greyscale raster, row-major, 0 = black, 255 = white. */
export interface GrayImage {
  data: Uint8Array;
  width: number;
  height: number;
}

/** Refuse decompression bombs: ~ A0 at 300 dpi. */
const MAX_INPUT_PIXELS = 140_000_000;

/**
 * Decodes JPEG/PNG/TIFF bytes to greyscale, optionally shrunk so that its longer side is at most
 * `maxSide` pixels. Pixels keep their stored orientation (no EXIF auto-rotation): orientation is
 * detected from the content.
 */
export async function decodeGray({
  image,
  maxSide,
}: {
  image: Uint8Array;
  maxSide?: number;
}): Promise<GrayImage> {
  try {
    let pipeline = sharp(image, { limitInputPixels: MAX_INPUT_PIXELS }).greyscale();
    if (maxSide !== undefined) {
      pipeline = pipeline.resize({
        width: maxSide,
        height: maxSide,
        fit: 'inside',
        withoutEnlargement: true,
      });
    }
    const { data, info } = await pipeline.raw().toBuffer({ resolveWithObject: true });
    return { data: toGrayChannel(data, info.channels), width: info.width, height: info.height };
  } catch (error) {
    throw new ProcessingError({
      code: 'page.render_failed',
      message: 'The page image could not be decoded.',
      cause: error,
    });
  }
}

/** Shrinks a raster so that its longer side is at most `maxSide` pixels (area averaging). */
export async function shrinkGray({
  image,
  maxSide,
}: {
  image: GrayImage;
  maxSide: number;
}): Promise<GrayImage> {
  if (Math.max(image.width, image.height) <= maxSide) {
    return image;
  }
  const { data, info } = await sharp(image.data, {
    raw: { width: image.width, height: image.height, channels: 1 },
  })
    .resize({ width: maxSide, height: maxSide, fit: 'inside' })
    // Stay one band: without it the raster leaves libvips as sRGB (three bands, converted).
    .toColourspace('b-w')
    .raw()
    .toBuffer({ resolveWithObject: true });
  return { data: toGrayChannel(data, info.channels), width: info.width, height: info.height };
}

/** Rotates a raster clockwise by a multiple of 90° (exact, in memory). */
export function rotateGray90({
  image,
  degrees,
}: {
  image: GrayImage;
  degrees: 0 | 90 | 180 | 270;
}): GrayImage {
  const { data, width: w, height: h } = image;
  if (degrees === 0) {
    return image;
  }
  const out = new Uint8Array(w * h);
  if (degrees === 180) {
    for (let i = 0, n = w * h; i < n; i++) {
      out[n - 1 - i] = data[i]!;
    }
    return { data: out, width: w, height: h };
  }
  // 90 cw: (x, y) -> (h - 1 - y, x) in a h-wide image; 270 cw: (x, y) -> (y, w - 1 - x).
  for (let y = 0; y < h; y++) {
    const row = y * w;
    for (let x = 0; x < w; x++) {
      const target = degrees === 90 ? x * h + (h - 1 - y) : (w - 1 - x) * h + y;
      out[target] = data[row + x]!;
    }
  }
  return { data: out, width: h, height: w };
}

/** Copies a rectangle out of a raster (clamped to the image). */
export function cropGray({
  image,
  left,
  top,
  width,
  height,
}: {
  image: GrayImage;
  left: number;
  top: number;
  width: number;
  height: number;
}): GrayImage {
  const x0 = Math.max(0, Math.min(image.width, Math.round(left)));
  const y0 = Math.max(0, Math.min(image.height, Math.round(top)));
  const x1 = Math.max(x0, Math.min(image.width, Math.round(left + width)));
  const y1 = Math.max(y0, Math.min(image.height, Math.round(top + height)));
  const out = new Uint8Array((x1 - x0) * (y1 - y0));
  for (let y = y0; y < y1; y++) {
    out.set(image.data.subarray(y * image.width + x0, y * image.width + x1), (y - y0) * (x1 - x0));
  }
  return { data: out, width: x1 - x0, height: y1 - y0 };
}

/** PNG bytes of a raster (for OCR of small crops). */
export async function encodePng({ image }: { image: GrayImage }): Promise<Uint8Array> {
  const buffer = await sharp(image.data, {
    raw: { width: image.width, height: image.height, channels: 1 },
  })
    .toColourspace('b-w')
    .png({ compressionLevel: 1 })
    .toBuffer();
  return new Uint8Array(buffer.buffer, buffer.byteOffset, buffer.byteLength);
}

function toGrayChannel(data: Buffer, channels: number): Uint8Array {
  if (channels === 1) {
    return new Uint8Array(data.buffer, data.byteOffset, data.byteLength);
  }
  const n = data.length / channels;
  const out = new Uint8Array(n);
  for (let i = 0; i < n; i++) {
    out[i] = data[i * channels]!;
  }
  return out;
}
