import sharp from 'sharp';
import type { ImageFormat } from '../../types.ts';
import { bytesSource } from '../byte-source.ts';
import { readJpegHeader } from '../image-headers.ts';
import { writeCcittTiff } from '../tiff.ts';
import type { PdfFile } from './file.ts';
import { decodeSteps, filterSteps, type FilterStep } from './filters.ts';
import { asNumber, isName, PdfDict, PdfStream, PdfString, type PdfValue } from './objects.ts';

export interface ExtractedImage {
  bytes: Uint8Array;
  format: ImageFormat;
  widthPx: number;
  heightPx: number;
}

/** Declared size of an image XObject (checked against the pixel limit before anything is decoded). */
export function declaredSize(file: PdfFile, stream: PdfStream): { width: number; height: number } {
  return {
    width: asNumber(file.resolve(stream.dict.get('Width'))) ?? 0,
    height: asNumber(file.resolve(stream.dict.get('Height'))) ?? 0,
  };
}

/**
 * The page image as stored in the PDF, without re-encoding when the codec allows it:
 * DCTDecode → the JPEG bytes as they are; CCITTFaxDecode → the same bits in a TIFF container;
 * Flate/LZW/raw → decoded pixels as lossless PNG (bilevel as G4 TIFF).
 * Returns null when the image needs the full renderer (JPX, JBIG2, masks, exotic colour).
 */
export async function extractImage(
  file: PdfFile,
  stream: PdfStream,
  dpi: number | null,
): Promise<ExtractedImage | null> {
  const dict = stream.dict;
  const steps = filterSteps(
    file.resolve(dict.get('Filter')),
    file.resolve(dict.get('DecodeParms')),
    (v) => file.resolve(v),
  );
  const codec = steps[steps.length - 1]?.name;
  const prefix = codec === 'DCTDecode' || codec === 'CCITTFaxDecode' ? steps.slice(0, -1) : steps;
  if (dict.get('SMask') !== undefined || dict.get('Mask') !== undefined) {
    return null;
  }
  const { width, height } = declaredSize(file, stream);
  // Filters in front of the codec (rare: Flate around a JPEG) cannot inflate past raw pixels.
  const prefixCap = width * height * 4 + 1024 * 1024;
  const decode = numbers(file.resolve(dict.get('Decode')));
  const imageMask = file.resolve(dict.get('ImageMask')) === true;
  switch (codec) {
    case 'DCTDecode':
      return isDefaultDecode(decode)
        ? passJpeg(decodeSteps(file.rawStream(stream), prefix, prefixCap), width, height)
        : null;
    case 'CCITTFaxDecode':
      return wrapCcitt({
        data: decodeSteps(file.rawStream(stream), prefix, prefixCap),
        step: steps[steps.length - 1]!,
        width,
        height,
        decode,
        dpi,
      });
    case 'JPXDecode':
    case 'JBIG2Decode':
      return null;
    case undefined:
    default:
      return decodePixels({ file, stream, width, height, decode, imageMask, dpi });
  }
}

function passJpeg(bytes: Uint8Array, width: number, height: number): ExtractedImage {
  const header = readJpegHeader(bytesSource(bytes));
  return {
    bytes,
    format: 'jpeg',
    widthPx: header?.width || width,
    heightPx: header?.height || height,
  };
}

function wrapCcitt({
  data,
  step,
  width,
  height,
  decode,
  dpi,
}: {
  data: Uint8Array;
  step: FilterStep;
  width: number;
  height: number;
  decode: number[] | null;
  dpi: number | null;
}): ExtractedImage | null {
  const parms = step.parms ?? new PdfDict();
  const k = asNumber(parms.get('K')) ?? 0;
  // TIFF has no equivalent of byte-aligned rows, and T.4 without EOL codes is not what libtiff expects.
  if (parms.get('EncodedByteAlign') === true || (k >= 0 && parms.get('EndOfLine') !== true)) {
    return null;
  }
  const columns = asNumber(parms.get('Columns')) ?? 1728;
  const rows = asNumber(parms.get('Rows')) || height;
  const blackIs1 = parms.get('BlackIs1') === true;
  const inverted = decode !== null && decode[0] === 1;
  // CCITT codes black and white runs; with BlackIs1 false and /Decode [0 1] black runs show black,
  // which is TIFF's WhiteIsZero. Each of BlackIs1 and an inverted /Decode flips that.
  const photometric = blackIs1 !== inverted ? 1 : 0;
  const bytes = writeCcittTiff({
    width: columns,
    height: rows,
    compression: k < 0 ? 4 : 3,
    photometric,
    t4Options: k > 0 ? 1 : 0,
    rowsPerStrip: rows,
    strips: [data],
    dpi,
  });
  return { bytes, format: 'tiff', widthPx: columns || width, heightPx: rows };
}

async function decodePixels({
  file,
  stream,
  width,
  height,
  decode,
  imageMask,
  dpi,
}: {
  file: PdfFile;
  stream: PdfStream;
  width: number;
  height: number;
  decode: number[] | null;
  imageMask: boolean;
  dpi: number | null;
}): Promise<ExtractedImage | null> {
  const bpc = imageMask ? 1 : (asNumber(file.resolve(stream.dict.get('BitsPerComponent'))) ?? 8);
  const colour = imageMask
    ? { components: 1, palette: null }
    : colourSpace(file, stream.dict.get('ColorSpace'));
  if (!colour || ![1, 2, 4, 8, 16].includes(bpc) || width <= 0 || height <= 0) {
    return null;
  }
  const bilevel = bpc === 1 && colour.palette === null;
  const inverted = bilevel && decode !== null && decode[0] === 1;
  if (!bilevel && !isDefaultDecode(decode)) {
    return null;
  }
  const rowBytes = Math.ceil((width * colour.components * bpc) / 8);
  const expected = rowBytes * height;
  let data = file.decodeStream(stream, expected + rowBytes + 1024);
  if (data.byteLength < expected) {
    // A short stream: what is missing stays white (viewers leave it undefined).
    const padded = new Uint8Array(expected).fill(bilevel ? (inverted ? 0 : 0xff) : 0xff);
    padded.set(data);
    data = padded;
  }
  const channels = colour.palette ? colour.palette.channels : colour.components;
  const pixels = unpack({
    data,
    width,
    height,
    bpc,
    components: colour.components,
    rowBytes,
    palette: colour.palette,
    invert: inverted,
  });
  const image = sharp(pixels, { raw: { width, height, channels: channels as 1 | 3 } });
  if (bilevel) {
    // 1-bit input stays 1-bit: G4 is lossless and ~30× smaller than PNG (what scanners write).
    const bilevelImage = image.toColourspace('b-w');
    const bytes = await (dpi ? bilevelImage.withDensity(dpi) : bilevelImage)
      .tiff({ compression: 'ccittfax4', bitdepth: 1 })
      .toBuffer();
    return { bytes, format: 'tiff', widthPx: width, heightPx: height };
  }
  const bytes = await (dpi ? image.withDensity(dpi) : image)
    .png({ compressionLevel: 4 })
    .toBuffer();
  return { bytes, format: 'png', widthPx: width, heightPx: height };
}

interface Palette {
  channels: 1 | 3;
  lookup: Uint8Array;
}

function colourSpace(
  file: PdfFile,
  value: PdfValue | undefined,
): { components: 1 | 3; palette: Palette | null } | null {
  const cs = file.resolve(value);
  if (isName(cs)) {
    return cs.name === 'DeviceGray' || cs.name === 'CalGray' || cs.name === 'G'
      ? { components: 1, palette: null }
      : cs.name === 'DeviceRGB' || cs.name === 'CalRGB' || cs.name === 'RGB'
        ? { components: 3, palette: null }
        : null;
  }
  if (!Array.isArray(cs) || !isName(cs[0])) {
    return null;
  }
  const family = cs[0].name;
  if (family === 'CalGray' || family === 'CalRGB') {
    return { components: family === 'CalGray' ? 1 : 3, palette: null };
  }
  if (family === 'ICCBased') {
    const profile = file.resolve(cs[1]);
    const n = profile instanceof PdfStream ? asNumber(file.resolve(profile.dict.get('N'))) : null;
    return n === 1 || n === 3 ? { components: n, palette: null } : null;
  }
  if (family === 'Indexed' || family === 'I') {
    const base = colourSpace(file, cs[1]);
    const lookupValue = file.resolve(cs[3]);
    const lookup =
      lookupValue instanceof PdfStream
        ? file.decodeStream(lookupValue, 256 * 3 * 2)
        : lookupValue instanceof PdfString
          ? lookupValue.bytes
          : null;
    if (!base || base.palette || !lookup) {
      return null;
    }
    return { components: 1, palette: { channels: base.components, lookup } };
  }
  return null;
}

/** Samples of any depth to 8-bit channels (palette expanded, bilevel to 0/255). */
function unpack({
  data,
  width,
  height,
  bpc,
  components,
  rowBytes,
  palette,
  invert,
}: {
  data: Uint8Array;
  width: number;
  height: number;
  bpc: number;
  components: number;
  rowBytes: number;
  palette: Palette | null;
  invert: boolean;
}): Uint8Array {
  if (bpc === 8 && !palette && rowBytes === width * components) {
    return data.subarray(0, rowBytes * height);
  }
  const channels = palette ? palette.channels : components;
  const out = new Uint8Array(width * height * channels);
  const samplesPerRow = width * components;
  const max = (1 << Math.min(bpc, 8)) - 1;
  let o = 0;
  for (let y = 0; y < height; y += 1) {
    const row = y * rowBytes;
    for (let s = 0; s < samplesPerRow; s += 1) {
      let value: number;
      if (bpc === 8) {
        value = data[row + s]!;
      } else if (bpc === 16) {
        value = data[row + s * 2]!;
      } else {
        const bit = s * bpc;
        value = (data[row + (bit >> 3)]! >> (8 - bpc - (bit & 7))) & max;
      }
      if (palette) {
        const base = value * palette.channels;
        for (let c = 0; c < palette.channels; c += 1) {
          out[o++] = palette.lookup[base + c] ?? 0;
        }
      } else {
        const scaled = bpc >= 8 ? value : Math.round((value * 255) / max);
        out[o++] = invert ? 255 - scaled : scaled;
      }
    }
  }
  return out;
}

function numbers(value: PdfValue | undefined): number[] | null {
  return Array.isArray(value) ? value.map((v) => (typeof v === 'number' ? v : 0)) : null;
}

function isDefaultDecode(decode: number[] | null): boolean {
  return decode === null || decode.every((v, i) => v === (i % 2 === 0 ? 0 : 1));
}
