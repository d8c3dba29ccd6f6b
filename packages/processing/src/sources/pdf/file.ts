import type { ByteSource } from '../byte-source.ts';
import { indexOfAscii } from '../sniff.ts';
import { decodeSteps, filterSteps } from './filters.ts';
import { isWhitespace, OutOfData, PdfLexer, PdfSyntaxError } from './lexer.ts';
import { asNumber, PdfDict, PdfRef, PdfStream, type PdfValue } from './objects.ts';
import { rebuildXref } from './xref-rebuild.ts';
import {
  checkComplete,
  findStartXref,
  MAX_WINDOW,
  PdfOpenError,
  readXrefChain,
  type XrefContext,
  type XrefEntry,
} from './xref.ts';

export { PdfOpenError };

const CACHE_LIMIT = 20_000;
const OBJECT_STREAM_CACHE = 8;

/**
 * Lazy random access to the objects of a PDF (ISO 32000-1 §7.5): the cross-reference chain (tables,
 * streams, hybrids, incremental updates) is read once; objects are parsed only when asked for, so
 * opening a 10,000-page scan to take one page reads a few kilobytes besides the xref. A broken xref
 * in a complete file is rebuilt by scanning for `n g obj`, as every viewer does.
 */
export class PdfFile {
  trailer = new PdfDict();
  rebuilt = false;
  private readonly entries = new Map<number, XrefEntry>();
  private readonly cache = new Map<number, PdfValue>();
  private readonly objectStreams = new Map<
    number,
    { offsets: Map<number, number>; data: Uint8Array }
  >();
  private readonly lengths = new Map<number, number>();
  private headerOffset = 0;

  private constructor(
    readonly source: ByteSource,
    private readonly maxDecodedBytes: number,
  ) {}

  static open(source: ByteSource, { maxDecodedBytes }: { maxDecodedBytes: number }): PdfFile {
    const file = new PdfFile(source, maxDecodedBytes);
    file.headerOffset = indexOfAscii(source.read(0, 1024), '%PDF-');
    if (file.headerOffset < 0) {
      throw new PdfOpenError('corrupt', 'no %PDF- header');
    }
    checkComplete(source, file.headerOffset);
    try {
      file.trailer = readXrefChain(file.context(), findStartXref(source));
      file.rootOrThrow();
    } catch (error) {
      if (error instanceof PdfOpenError) {
        throw error;
      }
      file.rebuild();
    }
    return file;
  }

  get encrypted(): boolean {
    return this.trailer.get('Encrypt') !== undefined && this.trailer.get('Encrypt') !== null;
  }

  root(): PdfDict {
    return this.rootOrThrow();
  }

  /** The object a reference points to (null for a missing object, as the spec says). */
  fetch(ref: PdfRef): PdfValue {
    const cached = this.cache.get(ref.num);
    if (cached !== undefined) {
      return cached;
    }
    let value: PdfValue;
    try {
      value = this.load(ref.num);
    } catch (error) {
      if (this.rebuilt || !(error instanceof PdfSyntaxError || error instanceof OutOfData)) {
        throw error;
      }
      this.rebuild();
      value = this.load(ref.num);
    }
    if (this.cache.size >= CACHE_LIMIT) {
      this.cache.clear();
    }
    this.cache.set(ref.num, value);
    return value;
  }

  resolve(value: PdfValue | undefined): PdfValue | undefined {
    for (let depth = 0; value instanceof PdfRef && depth < 16; depth += 1) {
      value = this.fetch(value);
    }
    return value;
  }

  dict(value: PdfValue | undefined): PdfDict | null {
    const resolved = this.resolve(value);
    return resolved instanceof PdfDict
      ? resolved
      : resolved instanceof PdfStream
        ? resolved.dict
        : null;
  }

  /** The raw (still encoded) bytes of a stream. */
  rawStream(stream: PdfStream): Uint8Array {
    return this.source.read(stream.offset, this.streamLength(stream));
  }

  /** A stream decoded through all its filters (image codecs excluded: they throw). */
  decodeStream(stream: PdfStream, maxBytes = this.maxDecodedBytes): Uint8Array {
    const steps = filterSteps(
      this.resolve(stream.dict.get('Filter')),
      this.resolve(stream.dict.get('DecodeParms')),
      (v) => this.resolve(v),
    );
    return decodeSteps(this.rawStream(stream), steps, maxBytes);
  }

  private rootOrThrow(): PdfDict {
    const root = this.dict(this.trailer.get('Root'));
    if (!root || !this.dict(root.get('Pages'))) {
      throw new PdfSyntaxError('no document catalog');
    }
    return root;
  }

  private load(num: number): PdfValue {
    const entry = this.entries.get(num);
    if (!entry) {
      return null;
    }
    if (entry.type === 2) {
      return this.loadCompressed(entry.stream, num);
    }
    const parsed = this.parseAt(entry.offset, true);
    if (parsed.num !== num) {
      throw new PdfSyntaxError(`object ${num} expected at ${entry.offset}, found ${parsed.num}`);
    }
    return parsed.value;
  }

  private loadCompressed(streamNum: number, num: number): PdfValue {
    let objStm = this.objectStreams.get(streamNum);
    if (!objStm) {
      const stream = this.load(streamNum);
      if (!(stream instanceof PdfStream)) {
        throw new PdfSyntaxError(`object stream ${streamNum} missing`);
      }
      const data = this.decodeStream(stream);
      const count = asNumber(stream.dict.get('N')) ?? 0;
      const first = asNumber(stream.dict.get('First')) ?? 0;
      const header = new PdfLexer(data, 0, 0, true);
      const offsets = new Map<number, number>();
      for (let k = 0; k < count; k += 1) {
        const n = header.parseObject();
        const o = header.parseObject();
        if (typeof n === 'number' && typeof o === 'number') {
          offsets.set(n, first + o);
        }
      }
      objStm = { offsets, data };
      if (this.objectStreams.size >= OBJECT_STREAM_CACHE) {
        this.objectStreams.delete(this.objectStreams.keys().next().value!);
      }
      this.objectStreams.set(streamNum, objStm);
    }
    const at = objStm.offsets.get(num);
    if (at === undefined) {
      return null;
    }
    return new PdfLexer(objStm.data, at, 0, true).parseObject();
  }

  /** Parses at a file offset, widening the window until the object fits. */
  private parseAt(offset: number, indirect: boolean): { num: number; value: PdfValue } {
    for (let size = 16 * 1024; ; size *= 4) {
      const window = this.source.read(offset, size);
      const complete = offset + size >= this.source.size;
      const lexer = new PdfLexer(window, 0, offset, complete);
      try {
        if (indirect) {
          const { num, value } = lexer.parseIndirectObject();
          return { num, value };
        }
        return { num: -1, value: lexer.parseObject() };
      } catch (error) {
        if (!(error instanceof OutOfData) || complete || size >= MAX_WINDOW) {
          throw error instanceof OutOfData ? new PdfSyntaxError('object too large') : error;
        }
      }
    }
  }

  private streamLength(stream: PdfStream): number {
    const known = this.lengths.get(stream.offset);
    if (known !== undefined) {
      return known;
    }
    let length = asNumber(this.resolve(stream.dict.get('Length')));
    if (length === null || length < 0 || !this.endsWithEndstream(stream.offset + length)) {
      length = this.searchEndstream(stream.offset);
    }
    this.lengths.set(stream.offset, length);
    return length;
  }

  private endsWithEndstream(at: number): boolean {
    const tail = this.source.read(at, 32);
    let i = 0;
    while (i < tail.byteLength && isWhitespace(tail[i]!)) {
      i += 1;
    }
    return indexOfAscii(tail.subarray(i, i + 9), 'endstream') === 0;
  }

  private searchEndstream(offset: number): number {
    const chunkSize = 1024 * 1024;
    for (let at = offset; at < this.source.size; at += chunkSize - 16) {
      const chunk = this.source.read(at, chunkSize);
      const found = indexOfAscii(chunk, 'endstream');
      if (found >= 0) {
        let end = at + found;
        const before = this.source.read(Math.max(offset, end - 2), end - Math.max(offset, end - 2));
        if (before[before.byteLength - 1] === 0x0a) {
          end -= 1;
          if (before[before.byteLength - 2] === 0x0d) {
            end -= 1;
          }
        } else if (before[before.byteLength - 1] === 0x0d) {
          end -= 1;
        }
        return end - offset;
      }
      if (chunk.byteLength < chunkSize) {
        break;
      }
    }
    return this.source.size - offset;
  }

  private rebuild(): void {
    if (this.rebuilt) {
      throw new PdfOpenError('corrupt', 'cross-reference cannot be rebuilt');
    }
    this.rebuilt = true;
    this.cache.clear();
    this.objectStreams.clear();
    this.trailer = rebuildXref(this.context());
    try {
      this.rootOrThrow();
    } catch {
      throw new PdfOpenError('corrupt', 'no document catalog found');
    }
  }

  private context(): XrefContext {
    return {
      source: this.source,
      headerOffset: this.headerOffset,
      entries: this.entries,
      parseAt: (offset, indirect) => this.parseAt(offset, indirect),
      decodeStream: (stream) => this.decodeStream(stream),
    };
  }
}
