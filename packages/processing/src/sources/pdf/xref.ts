import type { ByteSource } from '../byte-source.ts';
import { indexOfAscii } from '../sniff.ts';
import { isWhitespace, PdfLexer, PdfSyntaxError } from './lexer.ts';
import { asNumber, isName, PdfDict, PdfStream, type PdfValue } from './objects.ts';

export type XrefEntry = { type: 1; offset: number } | { type: 2; stream: number; index: number };

/** Why a PDF cannot be opened; mapped to source.* codes by the caller. */
export class PdfOpenError extends Error {
  override readonly name = 'PdfOpenError';
  constructor(
    readonly reason: 'truncated' | 'corrupt',
    message: string,
  ) {
    super(message);
  }
}

export const MAX_WINDOW = 256 * 1024 * 1024;

/** What reading a cross-reference needs from the file it belongs to. */
export interface XrefContext {
  source: ByteSource;
  headerOffset: number;
  /** Filled oldest-last: an entry already present (from a newer section) is kept. */
  entries: Map<number, XrefEntry>;
  parseAt(offset: number, indirect: boolean): { num: number; value: PdfValue };
  decodeStream(stream: PdfStream): Uint8Array;
}

/**
 * A complete file ends with %%EOF (within the last 2 KB, tolerating trailing junk), and a
 * linearized one is not shorter than the length it declares (ISO 32000-1 annex F).
 */
export function checkComplete(source: ByteSource, headerOffset: number): void {
  const size = source.size;
  const tail = source.read(Math.max(0, size - 2048), 2048);
  if (indexOfAscii(tail, '%%EOF') < 0) {
    throw new PdfOpenError('truncated', 'no %%EOF at the end');
  }
  const head = source.read(headerOffset, 4096);
  const lexer = new PdfLexer(
    head,
    head.findIndex((c) => c === 0x0a || c === 0x0d) + 1,
    headerOffset,
    true,
  );
  let first: PdfValue = null;
  try {
    first = lexer.parseIndirectObject().value;
  } catch {
    return;
  }
  const declared =
    first instanceof PdfDict && first.get('Linearized') !== undefined
      ? asNumber(first.get('L'))
      : null;
  if (declared !== null && declared > size) {
    throw new PdfOpenError('truncated', `linearized length ${declared} > ${size}`);
  }
}

export function findStartXref(source: ByteSource): number {
  const start = Math.max(0, source.size - 4096);
  const tail = source.read(start, 4096);
  let at = -1;
  for (
    let i = indexOfAscii(tail, 'startxref');
    i >= 0;
    i = indexOfAscii(tail, 'startxref', i + 1)
  ) {
    at = i;
  }
  if (at < 0) {
    throw new PdfSyntaxError('no startxref');
  }
  const offset = new PdfLexer(tail, at + 9, start, true).parseObject();
  if (typeof offset !== 'number') {
    throw new PdfSyntaxError('bad startxref');
  }
  return offset;
}

/**
 * Reads the xref chain from `first` (tables, streams, hybrid /XRefStm, /Prev of incremental
 * updates) into ctx.entries and returns the trailer (newest values win).
 */
export function readXrefChain(ctx: XrefContext, first: number): PdfDict {
  const seen = new Set<number>();
  const queue = [first];
  let merged: PdfDict | null = null;
  while (queue.length > 0) {
    let offset = queue.shift()!;
    if (seen.has(offset)) {
      continue;
    }
    seen.add(offset);
    if (offset >= ctx.source.size) {
      throw new PdfOpenError('truncated', `xref at ${offset} beyond the end of the file`);
    }
    if (
      !looksLikeXref(ctx.source, offset) &&
      looksLikeXref(ctx.source, offset + ctx.headerOffset)
    ) {
      offset += ctx.headerOffset;
    }
    const trailer = readXrefSection(ctx, offset);
    if (!merged) {
      merged = trailer;
    } else {
      for (const [key, value] of trailer.map) {
        if (!merged.map.has(key) && key !== 'Prev' && key !== 'XRefStm') {
          merged.map.set(key, value);
        }
      }
    }
    const xrefStm = asNumber(trailer.get('XRefStm'));
    if (xrefStm !== null && !seen.has(xrefStm)) {
      seen.add(xrefStm);
      readXrefStream(ctx, xrefStm);
    }
    const prev = asNumber(trailer.get('Prev'));
    if (prev !== null) {
      queue.push(prev);
    }
  }
  return merged ?? new PdfDict();
}

function looksLikeXref(source: ByteSource, offset: number): boolean {
  const head = source.read(offset, 32);
  let i = 0;
  while (i < head.byteLength && isWhitespace(head[i]!)) {
    i += 1;
  }
  const c = head[i] ?? 0;
  return (c >= 0x30 && c <= 0x39) || indexOfAscii(head.subarray(i, i + 4), 'xref') === 0;
}

/** One section (table + trailer, or xref stream). */
function readXrefSection(ctx: XrefContext, offset: number): PdfDict {
  const head = ctx.source.read(offset, 64);
  let i = 0;
  while (i < head.byteLength && isWhitespace(head[i]!)) {
    i += 1;
  }
  if (indexOfAscii(head.subarray(i, i + 4), 'xref') === 0) {
    return readXrefTable(ctx, offset + i + 4);
  }
  return readXrefStream(ctx, offset);
}

function readXrefTable(ctx: XrefContext, offset: number): PdfDict {
  let size = 64 * 1024;
  let chunk = ctx.source.read(offset, size);
  let end = indexOfAscii(chunk, 'trailer');
  while (end < 0 && offset + size < ctx.source.size && size < MAX_WINDOW) {
    size *= 4;
    chunk = ctx.source.read(offset, size);
    end = indexOfAscii(chunk, 'trailer');
  }
  if (end < 0) {
    throw new PdfSyntaxError('xref table without trailer');
  }
  const tokens = Buffer.from(chunk.buffer, chunk.byteOffset, end)
    .toString('latin1')
    .trim()
    .split(/\s+/);
  for (let t = 0; t + 1 < tokens.length;) {
    const start = Number(tokens[t]);
    const count = Number(tokens[t + 1]);
    t += 2;
    if (!Number.isInteger(start) || !Number.isInteger(count)) {
      throw new PdfSyntaxError('bad xref subsection');
    }
    for (let k = 0; k < count && t + 2 < tokens.length + 1; k += 1, t += 3) {
      const entryOffset = Number(tokens[t]);
      if (tokens[t + 2] === 'n' && entryOffset > 0 && !ctx.entries.has(start + k)) {
        ctx.entries.set(start + k, { type: 1, offset: entryOffset });
      }
    }
  }
  const trailer = ctx.parseAt(offset + end + 7, false).value;
  if (!(trailer instanceof PdfDict)) {
    throw new PdfSyntaxError('bad trailer');
  }
  return trailer;
}

export function readXrefStream(ctx: XrefContext, offset: number): PdfDict {
  const { value } = ctx.parseAt(offset, true);
  if (!(value instanceof PdfStream) || !isName(value.dict.get('Type'), 'XRef')) {
    throw new PdfSyntaxError('not an xref stream');
  }
  const dict = value.dict;
  const widths = (dict.get('W') as PdfValue[] | undefined)?.map((w) => asNumber(w) ?? 0) ?? [];
  const [w1 = 0, w2 = 0, w3 = 0] = widths;
  const index = Array.isArray(dict.get('Index'))
    ? (dict.get('Index') as PdfValue[]).map((v) => asNumber(v) ?? 0)
    : [0, asNumber(dict.get('Size')) ?? 0];
  const data = ctx.decodeStream(value);
  const rowSize = w1 + w2 + w3;
  let pos = 0;
  const field = (width: number) => {
    let v = 0;
    for (let k = 0; k < width; k += 1) {
      v = v * 256 + (data[pos++] ?? 0);
    }
    return v;
  };
  for (let s = 0; s + 1 < index.length; s += 2) {
    const start = index[s]!;
    const count = index[s + 1]!;
    for (let k = 0; k < count && pos + rowSize <= data.byteLength; k += 1) {
      const type = w1 === 0 ? 1 : field(w1);
      const a = field(w2);
      const b = field(w3);
      if (ctx.entries.has(start + k)) {
        continue;
      }
      if (type === 1 && a > 0) {
        ctx.entries.set(start + k, { type: 1, offset: a });
      } else if (type === 2) {
        ctx.entries.set(start + k, { type: 2, stream: a, index: b });
      }
    }
  }
  return dict;
}
