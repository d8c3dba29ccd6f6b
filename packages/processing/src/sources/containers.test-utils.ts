/* Multi-page TIFFs and ZIPs written by hand for the sources tests (node:zlib only, no package). */
import { crc32, deflateRawSync } from 'node:zlib';

export interface TiffTestPage {
  width: number;
  height: number;
  bitsPerSample: number;
  samplesPerPixel: number;
  compression: number;
  photometric: number;
  strips: Uint8Array[];
  rowsPerStrip: number;
  dpi?: number;
  reduced?: boolean;
}

/** A little-endian multi-page TIFF from already-encoded strips. */
export function makeMultiPageTiff(pages: TiffTestPage[]): Uint8Array {
  const chunks: Buffer[] = [Buffer.from([0x49, 0x49, 42, 0, 0, 0, 0, 0])];
  let length = 8;
  let previousNextPointer = 4;
  const patches: Array<[at: number, value: number]> = [];
  for (const page of pages) {
    const stripOffsets: number[] = [];
    for (const strip of page.strips) {
      stripOffsets.push(length);
      chunks.push(Buffer.from(strip));
      length += strip.byteLength;
    }
    if (length % 2 === 1) {
      chunks.push(Buffer.alloc(1));
      length += 1;
    }
    const entries: Array<[number, number, number[]]> = [
      [254, 4, [page.reduced ? 1 : 0]],
      [256, 4, [page.width]],
      [257, 4, [page.height]],
      [258, 3, new Array<number>(page.samplesPerPixel).fill(page.bitsPerSample)],
      [259, 3, [page.compression]],
      [262, 3, [page.photometric]],
      [273, 4, stripOffsets],
      [277, 3, [page.samplesPerPixel]],
      [278, 4, [page.rowsPerStrip]],
      [279, 4, page.strips.map((s) => s.byteLength)],
      ...(page.dpi
        ? ([
            [282, 5, [page.dpi]],
            [283, 5, [page.dpi]],
            [296, 3, [2]],
          ] as Array<[number, number, number[]]>)
        : []),
    ];
    const ifdOffset = length;
    patches.push([previousNextPointer, ifdOffset]);
    const ifdSize = 2 + entries.length * 12 + 4;
    const ifd = Buffer.alloc(ifdSize);
    const extra: Buffer[] = [];
    let extraOffset = ifdOffset + ifdSize;
    ifd.writeUInt16LE(entries.length, 0);
    entries.forEach(([tag, type, values], i) => {
      const at = 2 + i * 12;
      const unit = type === 5 ? 8 : type === 3 ? 2 : 4;
      ifd.writeUInt16LE(tag, at);
      ifd.writeUInt16LE(type, at + 2);
      ifd.writeUInt32LE(values.length, at + 4);
      const data = Buffer.alloc(unit * values.length);
      values.forEach((v, k) => {
        if (type === 3) {
          data.writeUInt16LE(v, k * 2);
        } else if (type === 5) {
          data.writeUInt32LE(v, k * 8);
          data.writeUInt32LE(1, k * 8 + 4);
        } else {
          data.writeUInt32LE(v, k * 4);
        }
      });
      if (data.byteLength <= 4) {
        data.copy(ifd, at + 8);
      } else {
        ifd.writeUInt32LE(extraOffset, at + 8);
        extra.push(data);
        extraOffset += data.byteLength;
      }
    });
    previousNextPointer = ifdOffset + ifdSize - 4;
    chunks.push(ifd, ...extra);
    length = extraOffset;
  }
  const out = Buffer.concat(chunks);
  for (const [at, value] of patches) {
    out.writeUInt32LE(value, at);
  }
  return new Uint8Array(out);
}

export interface ZipTestEntry {
  name: string | Buffer;
  data?: Uint8Array;
  /** 0 store, 8 deflate (default). */
  method?: number;
  /** Set the UTF-8 name flag (bit 11). */
  utf8?: boolean;
  /** Unix mode, e.g. 0o120777 for a symbolic link. */
  unixMode?: number;
  encrypted?: boolean;
}

/** A ZIP written by hand (local headers, central directory, end record). */
export function makeZip(entries: ZipTestEntry[]): Uint8Array {
  const locals: Buffer[] = [];
  const centrals: Buffer[] = [];
  let offset = 0;
  for (const entry of entries) {
    const name = typeof entry.name === 'string' ? Buffer.from(entry.name, 'utf8') : entry.name;
    const data = Buffer.from(entry.data ?? new Uint8Array(0));
    const method = entry.method ?? 8;
    const compressed = method === 8 ? deflateRawSync(data) : data;
    // Traditional encryption prefixes 12 header bytes (the content here is not really encrypted).
    const stored = entry.encrypted ? Buffer.concat([Buffer.alloc(12), compressed]) : compressed;
    const flags = (entry.utf8 ? 0x800 : 0) | (entry.encrypted ? 1 : 0);
    const crc = crc32(data) >>> 0;
    const local = Buffer.alloc(30);
    local.writeUInt32LE(0x04034b50, 0);
    local.writeUInt16LE(20, 4);
    local.writeUInt16LE(flags, 6);
    local.writeUInt16LE(method, 8);
    local.writeUInt16LE(0x21, 12);
    local.writeUInt32LE(crc, 14);
    local.writeUInt32LE(stored.byteLength, 18);
    local.writeUInt32LE(data.byteLength, 22);
    local.writeUInt16LE(name.byteLength, 26);
    const central = Buffer.alloc(46);
    central.writeUInt32LE(0x02014b50, 0);
    central.writeUInt16LE(entry.unixMode !== undefined ? (3 << 8) | 20 : 20, 4);
    central.writeUInt16LE(20, 6);
    central.writeUInt16LE(flags, 8);
    central.writeUInt16LE(method, 10);
    central.writeUInt16LE(0x21, 14);
    central.writeUInt32LE(crc, 16);
    central.writeUInt32LE(stored.byteLength, 20);
    central.writeUInt32LE(data.byteLength, 24);
    central.writeUInt16LE(name.byteLength, 28);
    central.writeUInt32LE(entry.unixMode !== undefined ? (entry.unixMode << 16) >>> 0 : 0, 38);
    central.writeUInt32LE(offset, 42);
    locals.push(local, name, stored);
    centrals.push(central, name);
    offset += local.byteLength + name.byteLength + stored.byteLength;
  }
  const directory = Buffer.concat(centrals);
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0);
  end.writeUInt16LE(entries.length, 8);
  end.writeUInt16LE(entries.length, 10);
  end.writeUInt32LE(directory.byteLength, 12);
  end.writeUInt32LE(offset, 16);
  return new Uint8Array(Buffer.concat([...locals, directory, end]));
}
