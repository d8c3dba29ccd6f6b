import type { ByteSource } from '../byte-source.ts';
import { PdfLexer } from './lexer.ts';
import { asNumber, PdfDict, PdfRef, PdfStream } from './objects.ts';
import type { XrefContext } from './xref.ts';

/**
 * Rebuilds the cross-reference of a complete file whose xref is broken, as viewers do: every
 * `n g obj` found by scanning (the last one wins), objects inside object streams, and the trailer
 * from the last `trailer`, xref stream or catalog found. Returns the trailer (maybe without /Root).
 */
export function rebuildXref(ctx: XrefContext): PdfDict {
  ctx.entries.clear();
  const found = scanObjects(ctx.source);
  for (const { num, offset } of found.objects) {
    ctx.entries.set(num, { type: 1, offset });
  }
  const starts = found.objects.map((o) => o.offset).sort((a, b) => a - b);
  const owner = (at: number) => {
    let lo = 0;
    let hi = starts.length - 1;
    let best = -1;
    while (lo <= hi) {
      const mid = (lo + hi) >> 1;
      if (starts[mid]! <= at) {
        best = starts[mid]!;
        lo = mid + 1;
      } else {
        hi = mid - 1;
      }
    }
    return best;
  };
  registerObjectStreams(ctx, found.objectStreams.map(owner));
  let trailer = new PdfDict();
  for (const at of [...found.trailers].reverse()) {
    const candidate = tryParse(() => ctx.parseAt(at, false).value);
    if (candidate instanceof PdfDict && candidate.get('Root')) {
      trailer = candidate;
      break;
    }
  }
  if (!trailer.get('Root')) {
    for (const at of [...found.xrefStreams].reverse().map(owner)) {
      const value = tryParse(() => ctx.parseAt(at, true).value);
      if (value instanceof PdfStream && value.dict.get('Root')) {
        trailer = value.dict;
        break;
      }
    }
  }
  if (!trailer.get('Root')) {
    for (const at of [...found.catalogs].reverse().map(owner)) {
      const parsed = tryParse(() => ctx.parseAt(at, true));
      if (parsed) {
        trailer = new PdfDict(new Map([['Root', new PdfRef(parsed.num, 0)]]));
        break;
      }
    }
  }
  return trailer;
}

function registerObjectStreams(ctx: XrefContext, offsets: number[]): void {
  for (const at of offsets) {
    const parsed = tryParse(() => ctx.parseAt(at, true));
    if (!parsed || !(parsed.value instanceof PdfStream)) {
      continue;
    }
    const data = tryParse(() => ctx.decodeStream(parsed.value as PdfStream));
    if (!data) {
      continue;
    }
    const count = asNumber(parsed.value.dict.get('N')) ?? 0;
    const header = new PdfLexer(data, 0, 0, true);
    for (let k = 0; k < count; k += 1) {
      const n = tryParse(() => header.parseObject());
      tryParse(() => header.parseObject());
      if (typeof n === 'number' && !ctx.entries.has(n)) {
        ctx.entries.set(n, { type: 2, stream: parsed.num, index: k });
      }
    }
  }
}

function tryParse<T>(fn: () => T): T | null {
  try {
    return fn();
  } catch {
    return null;
  }
}

function scanObjects(source: ByteSource): {
  objects: Array<{ num: number; offset: number }>;
  trailers: number[];
  xrefStreams: number[];
  objectStreams: number[];
  catalogs: number[];
} {
  const objects = new Map<number, number>();
  const trailers: number[] = [];
  const xrefStreams: number[] = [];
  const objectStreams: number[] = [];
  const catalogs: number[] = [];
  const chunkSize = 4 * 1024 * 1024;
  const overlap = 64;
  for (let at = 0; at < source.size; at += chunkSize - overlap) {
    const chunk = source.read(at, chunkSize);
    const text = Buffer.from(chunk.buffer, chunk.byteOffset, chunk.byteLength).toString('latin1');
    const limit = at + chunk.byteLength >= source.size ? text.length : text.length - overlap;
    for (const m of text.matchAll(
      /(?<![0-9])(\d{1,10})[ \t\r\n\f\0]+(\d{1,5})[ \t\r\n\f\0]+obj(?![A-Za-z])/g,
    )) {
      if (m.index < limit) {
        objects.set(Number(m[1]), at + m.index);
      }
    }
    for (const [re, list] of [
      [/trailer[\s\0]*<</g, trailers],
      [/\/Type\s*\/XRef(?![A-Za-z])/g, xrefStreams],
      [/\/Type\s*\/ObjStm(?![A-Za-z])/g, objectStreams],
      [/\/Type\s*\/Catalog(?![A-Za-z])/g, catalogs],
    ] as const) {
      for (const m of text.matchAll(re)) {
        const offset = at + m.index + (re.source.startsWith('trailer') ? 7 : 0);
        if (m.index < limit && !list.includes(offset)) {
          list.push(offset);
        }
      }
    }
    if (chunk.byteLength < chunkSize) {
      break;
    }
  }
  return {
    objects: [...objects]
      .map(([num, offset]) => ({ num, offset }))
      .sort((a, b) => a.offset - b.offset),
    trailers,
    xrefStreams,
    objectStreams,
    catalogs,
  };
}
