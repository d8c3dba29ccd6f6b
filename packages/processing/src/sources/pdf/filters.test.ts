import { deflateSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import {
  applyPredictor,
  decodeSteps,
  DecodedTooLargeError,
  inflate,
  lzwDecode,
} from './filters.ts';
import { PdfDict } from './objects.ts';

const parms = (entries: Record<string, number>) => new PdfDict(new Map(Object.entries(entries)));

describe('filters', () => {
  it('decodes LZW (the example of ISO 32000-1 §7.4.4.2)', () => {
    const encoded = Uint8Array.from([0x80, 0x0b, 0x60, 0x50, 0x22, 0x0c, 0x0c, 0x85, 0x01]);
    expect([...lzwDecode(encoded, 1, 1000)]).toEqual([45, 45, 45, 45, 45, 65, 45, 45, 45, 66]);
  });

  it('undoes PNG row predictors (Sub, Up, Average, Paeth)', () => {
    const rows = [
      [1, 10, 5, 3],
      [2, 1, 1, 1],
      [3, 4, 4, 4],
      [4, 0, 0, 0],
    ];
    const out = applyPredictor(Uint8Array.from(rows.flat()), parms({ Predictor: 12, Columns: 3 }));
    expect([...out]).toEqual([10, 15, 18, 11, 16, 19, 9, 16, 21, 9, 16, 21]);
  });

  it('undoes the TIFF predictor', () => {
    const out = applyPredictor(
      Uint8Array.from([10, 1, 1, 5, 2, 2]),
      parms({ Predictor: 2, Columns: 3 }),
    );
    expect([...out]).toEqual([10, 11, 12, 5, 7, 9]);
  });

  it('keeps what a truncated Flate stream inflates to', () => {
    const data = Buffer.alloc(100_000, 7);
    const cut = deflateSync(data).subarray(0, 60);
    const out = inflate(cut, 1_000_000);
    expect(out.byteLength).toBeGreaterThan(0);
    expect(out.every((b) => b === 7)).toBe(true);
  });

  it('refuses to inflate past the cap (a content-stream bomb)', () => {
    const bomb = deflateSync(Buffer.alloc(5_000_000));
    expect(() => inflate(bomb, 1_000_000)).toThrow(DecodedTooLargeError);
  });

  it('chains ASCIIHex, ASCII85 and RunLength', () => {
    const hex = new Uint8Array(Buffer.from('48 65 6C6c 6F>'));
    expect(
      Buffer.from(decodeSteps(hex, [{ name: 'ASCIIHexDecode', parms: null }], 100)).toString(),
    ).toBe('Hello');
    const a85 = new Uint8Array(Buffer.from('9jqo^~>'));
    expect(
      Buffer.from(decodeSteps(a85, [{ name: 'ASCII85Decode', parms: null }], 100)).toString(),
    ).toBe('Man ');
    const rl = Uint8Array.from([2, 65, 66, 67, 253, 68, 128]);
    expect(
      Buffer.from(decodeSteps(rl, [{ name: 'RunLengthDecode', parms: null }], 100)).toString(),
    ).toBe('ABCDDDD');
  });
});
