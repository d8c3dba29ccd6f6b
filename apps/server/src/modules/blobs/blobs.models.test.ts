import { describe, expect, it } from 'vitest';
import { parseRangeHeader, resolveByteRange } from './blobs.models.ts';

describe('HTTP Range header', () => {
  const parse = (header: string | undefined) => parseRangeHeader({ header, sizeBytes: 1000 });

  it('reads a closed range, an open one and a suffix', () => {
    expect(parse('bytes=0-99')).toEqual({ start: 0, end: 99 });
    expect(parse('bytes=900-')).toEqual({ start: 900, end: Number.MAX_SAFE_INTEGER });
    expect(parse('bytes=-100')).toEqual({ start: 900, end: 999 });
    expect(parse('bytes=-5000')).toEqual({ start: 0, end: 999 });
  });

  it('ignores what it cannot serve as one range (the whole resource is sent instead)', () => {
    for (const header of [undefined, '', 'bytes=-', 'items=0-1', 'bytes=0-1,5-6', 'bytes=9-2']) {
      expect(parse(header), String(header)).toBeNull();
    }
  });

  it('leaves ranges past the end to resolveByteRange (416)', () => {
    for (const header of ['bytes=1000-', 'bytes=-0']) {
      const range = parse(header)!;
      expect(() => resolveByteRange({ range, sizeBytes: 1000 })).toThrow(
        expect.objectContaining({ code: 'blob.invalid_range' }) as Error,
      );
    }
  });
});
