import { constants, inflateRawSync, inflateSync } from 'node:zlib';
import { asNumber, isName, PdfDict, type PdfValue } from './objects.ts';

/** A filter this reader does not decode itself (image codecs are handled by the caller). */
export class UnsupportedFilterError extends Error {
  override readonly name = 'UnsupportedFilterError';
}

/** The decoded data would exceed the caller's cap (a decompression bomb or a broken stream). */
export class DecodedTooLargeError extends Error {
  override readonly name = 'DecodedTooLargeError';
}

const ABBREVIATIONS: Record<string, string> = {
  Fl: 'FlateDecode',
  LZW: 'LZWDecode',
  AHx: 'ASCIIHexDecode',
  A85: 'ASCII85Decode',
  RL: 'RunLengthDecode',
  DCT: 'DCTDecode',
  CCF: 'CCITTFaxDecode',
};

export interface FilterStep {
  name: string;
  parms: PdfDict | null;
}

/** The /Filter and /DecodeParms of a stream dictionary, already resolved, as steps in order. */
export function filterSteps(
  filter: PdfValue | undefined,
  parms: PdfValue | undefined,
  resolve: (value: PdfValue | undefined) => PdfValue | undefined,
): FilterStep[] {
  const names = Array.isArray(filter)
    ? filter.map((f) => resolve(f))
    : filter === undefined || filter === null
      ? []
      : [filter];
  const parmList = Array.isArray(parms) ? parms.map((p) => resolve(p)) : [parms];
  return names.flatMap((name, i) => {
    if (!isName(name)) {
      return [];
    }
    const p = parmList[i];
    return [
      { name: ABBREVIATIONS[name.name] ?? name.name, parms: p instanceof PdfDict ? p : null },
    ];
  });
}

/** Applies general-purpose filters (Flate, LZW, ASCIIHex, ASCII85, RunLength) in order. */
export function decodeSteps(data: Uint8Array, steps: FilterStep[], maxBytes: number): Uint8Array {
  let out = data;
  for (const step of steps) {
    out = decodeOne(out, step, maxBytes);
  }
  return out;
}

function decodeOne(data: Uint8Array, { name, parms }: FilterStep, maxBytes: number): Uint8Array {
  switch (name) {
    case 'FlateDecode':
      return applyPredictor(inflate(data, maxBytes), parms);
    case 'LZWDecode':
      return applyPredictor(
        lzwDecode(data, asNumber(parms?.get('EarlyChange')) ?? 1, maxBytes),
        parms,
      );
    case 'ASCIIHexDecode':
      return asciiHexDecode(data);
    case 'ASCII85Decode':
      return ascii85Decode(data);
    case 'RunLengthDecode':
      return runLengthDecode(data, maxBytes);
    default:
      throw new UnsupportedFilterError(name);
  }
}

/**
 * zlib inflate that tolerates what real PDFs contain: truncated streams (what was inflated is kept)
 * and bad Adler-32 checksums (retried as raw deflate, which has none).
 */
export function inflate(data: Uint8Array, maxBytes: number): Uint8Array {
  const options = { finishFlush: constants.Z_SYNC_FLUSH, maxOutputLength: maxBytes };
  try {
    return inflateSync(data, options);
  } catch (error) {
    if (
      error instanceof RangeError ||
      (error as { code?: string }).code === 'ERR_BUFFER_TOO_LARGE'
    ) {
      throw new DecodedTooLargeError('inflated data over the cap', { cause: error });
    }
    try {
      return inflateRawSync(data.subarray(2), options);
    } catch (rawError) {
      if (
        rawError instanceof RangeError ||
        (rawError as { code?: string }).code === 'ERR_BUFFER_TOO_LARGE'
      ) {
        throw new DecodedTooLargeError('inflated data over the cap', { cause: rawError });
      }
      throw error;
    }
  }
}

/** PNG (10–15) and TIFF (2) predictors of Flate and LZW (ISO 32000-1 §7.4.4.4). */
export function applyPredictor(data: Uint8Array, parms: PdfDict | null): Uint8Array {
  const predictor = asNumber(parms?.get('Predictor')) ?? 1;
  if (predictor <= 1) {
    return data;
  }
  const colors = asNumber(parms?.get('Colors')) ?? 1;
  const bpc = asNumber(parms?.get('BitsPerComponent')) ?? 8;
  const columns = asNumber(parms?.get('Columns')) ?? 1;
  const bpp = Math.max(1, Math.ceil((colors * bpc) / 8));
  const rowBytes = Math.ceil((colors * bpc * columns) / 8);
  if (predictor === 2) {
    if (bpc !== 8) {
      throw new UnsupportedFilterError(`TIFF predictor with ${bpc} bits`);
    }
    const out = Uint8Array.from(data);
    for (let row = 0; row + rowBytes <= out.byteLength; row += rowBytes) {
      for (let i = row + bpp; i < row + rowBytes; i += 1) {
        out[i] = (out[i]! + out[i - bpp]!) & 0xff;
      }
    }
    return out;
  }
  const rows = Math.floor(data.byteLength / (rowBytes + 1));
  const out = new Uint8Array(rows * rowBytes);
  for (let r = 0; r < rows; r += 1) {
    const type = data[r * (rowBytes + 1)]!;
    const src = r * (rowBytes + 1) + 1;
    const dst = r * rowBytes;
    const up = dst - rowBytes;
    for (let i = 0; i < rowBytes; i += 1) {
      const raw = data[src + i]!;
      const left = i >= bpp ? out[dst + i - bpp]! : 0;
      const above = r > 0 ? out[up + i]! : 0;
      const upLeft = r > 0 && i >= bpp ? out[up + i - bpp]! : 0;
      let value: number;
      switch (type) {
        case 0:
          value = raw;
          break;
        case 1:
          value = raw + left;
          break;
        case 2:
          value = raw + above;
          break;
        case 3:
          value = raw + ((left + above) >> 1);
          break;
        case 4:
          value = raw + paeth(left, above, upLeft);
          break;
        default:
          throw new UnsupportedFilterError(`PNG row filter ${type}`);
      }
      out[dst + i] = value & 0xff;
    }
  }
  return out;
}

function paeth(a: number, b: number, c: number): number {
  const p = a + b - c;
  const pa = Math.abs(p - a);
  const pb = Math.abs(p - b);
  const pc = Math.abs(p - c);
  return pa <= pb && pa <= pc ? a : pb <= pc ? b : c;
}

export function lzwDecode(data: Uint8Array, earlyChange: number, maxBytes: number): Uint8Array {
  const out: number[] = [];
  let dict: number[][] = [];
  const reset = () => {
    dict = [];
    for (let i = 0; i < 256; i += 1) {
      dict.push([i]);
    }
    dict.push([], []);
  };
  reset();
  let codeLength = 9;
  let bitBuffer = 0;
  let bitCount = 0;
  let previous: number[] | null = null;
  for (let i = 0; i < data.byteLength; i += 1) {
    bitBuffer = ((bitBuffer << 8) | data[i]!) >>> 0;
    bitCount += 8;
    while (bitCount >= codeLength) {
      const code = (bitBuffer >>> (bitCount - codeLength)) & ((1 << codeLength) - 1);
      bitCount -= codeLength;
      bitBuffer &= (1 << bitCount) - 1;
      if (code === 256) {
        reset();
        codeLength = 9;
        previous = null;
        continue;
      }
      if (code === 257) {
        return Uint8Array.from(out);
      }
      let entry = dict[code];
      if (entry === undefined || (entry.length === 0 && code > 257)) {
        if (previous === null || code !== dict.length) {
          return Uint8Array.from(out);
        }
        entry = [...previous, previous[0]!];
      }
      out.push(...entry);
      if (out.length > maxBytes) {
        throw new DecodedTooLargeError('LZW data over the cap');
      }
      if (previous !== null) {
        dict.push([...previous, entry[0]!]);
      }
      previous = entry;
      const next = dict.length + earlyChange;
      codeLength = next > 2048 ? 12 : next > 1024 ? 11 : next > 512 ? 10 : 9;
    }
  }
  return Uint8Array.from(out);
}

function asciiHexDecode(data: Uint8Array): Uint8Array {
  const text = new TextDecoder('latin1').decode(data);
  const hex = text
    .slice(0, text.includes('>') ? text.indexOf('>') : undefined)
    .replace(/[^0-9a-fA-F]/g, '');
  const padded = hex.length % 2 === 1 ? `${hex}0` : hex;
  return Uint8Array.from(Buffer.from(padded, 'hex'));
}

function ascii85Decode(data: Uint8Array): Uint8Array {
  const out: number[] = [];
  let group: number[] = [];
  const flush = (count: number) => {
    while (group.length < 5) {
      group.push(84);
    }
    let value = 0;
    for (const d of group) {
      value = value * 85 + d;
    }
    const bytes = [
      (value >>> 24) & 0xff,
      (value >>> 16) & 0xff,
      (value >>> 8) & 0xff,
      value & 0xff,
    ];
    out.push(...bytes.slice(0, count));
    group = [];
  };
  for (let i = 0; i < data.byteLength; i += 1) {
    const c = data[i]!;
    if (c === 0x7e) {
      break;
    }
    if (c === 0x7a && group.length === 0) {
      out.push(0, 0, 0, 0);
    } else if (c >= 0x21 && c <= 0x75) {
      group.push(c - 0x21);
      if (group.length === 5) {
        flush(4);
      }
    }
  }
  if (group.length > 1) {
    flush(group.length - 1);
  }
  return Uint8Array.from(out);
}

function runLengthDecode(data: Uint8Array, maxBytes: number): Uint8Array {
  const out: number[] = [];
  for (let i = 0; i < data.byteLength;) {
    const n = data[i]!;
    if (n === 128) {
      break;
    }
    if (n < 128) {
      out.push(...data.subarray(i + 1, i + 2 + n));
      i += n + 2;
    } else {
      out.push(...new Array<number>(257 - n).fill(data[i + 1] ?? 0));
      i += 2;
    }
    if (out.length > maxBytes) {
      throw new DecodedTooLargeError('RunLength data over the cap');
    }
  }
  return Uint8Array.from(out);
}
