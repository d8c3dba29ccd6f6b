import { closeSync, fstatSync, openSync, readSync } from 'node:fs';

/**
 * Random access to the bytes of a source, in memory or on disk. Readers of large files (a scanned
 * PDF of 10,000 pages) read only the parts they need, so opening a file for one page is cheap.
 * Reads are synchronous: these functions run in worker threads, where blocking is the point.
 */
export interface ByteSource {
  readonly size: number;
  /** Up to `length` bytes from `offset` (fewer at the end). May be a view: do not modify. */
  read(offset: number, length: number): Uint8Array;
  close(): void;
}

/** Either the bytes of a file or its path. */
export type SourceInput =
  { bytes: Uint8Array; path?: undefined } | { path: string; bytes?: undefined };

/** A source over bytes already in memory (reads are views, no copy). */
export function bytesSource(bytes: Uint8Array): ByteSource {
  return {
    size: bytes.byteLength,
    read: (offset, length) =>
      bytes.subarray(clamp(offset, bytes.byteLength), clamp(offset + length, bytes.byteLength)),
    close: () => undefined,
  };
}

/** A source over a file on disk, read on demand with positioned reads; close() releases the fd. */
export function fileSource(path: string): ByteSource {
  const fd = openSync(path, 'r');
  let closed = false;
  const size = fstatSync(fd).size;
  return {
    size,
    read(offset, length) {
      const start = clamp(offset, size);
      const buffer = new Uint8Array(clamp(start + length, size) - start);
      let done = 0;
      while (done < buffer.byteLength) {
        const n = readSync(fd, buffer, done, buffer.byteLength - done, start + done);
        if (n === 0) {
          break;
        }
        done += n;
      }
      return done === buffer.byteLength ? buffer : buffer.subarray(0, done);
    },
    close() {
      if (!closed) {
        closed = true;
        closeSync(fd);
      }
    },
  };
}

export function openByteSource(input: SourceInput): ByteSource {
  return input.bytes ? bytesSource(input.bytes) : fileSource(input.path);
}

/** The whole content (a copy-free view for in-memory sources). */
export function readAll(source: ByteSource): Uint8Array {
  return source.read(0, source.size);
}

function clamp(value: number, size: number): number {
  return Math.max(0, Math.min(size, value));
}
