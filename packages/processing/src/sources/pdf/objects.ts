/*
 * The PDF object model of our lazy reader (ISO 32000-1 §7.3). Names are interned so `===` compares
 * them; streams are only located (offset, length), their bytes are read on demand.
 */

export class PdfName {
  private static readonly interned = new Map<string, PdfName>();
  private constructor(readonly name: string) {}
  static of(name: string): PdfName {
    let found = PdfName.interned.get(name);
    if (!found) {
      found = new PdfName(name);
      PdfName.interned.set(name, found);
    }
    return found;
  }
}

export class PdfRef {
  constructor(
    readonly num: number,
    readonly gen: number,
  ) {}
}

export class PdfString {
  constructor(readonly bytes: Uint8Array) {}
  /** PDFDocEncoding (Latin-1 subset is enough here) or UTF-16BE with BOM. */
  text(): string {
    const b = this.bytes;
    if (b[0] === 0xfe && b[1] === 0xff) {
      return new TextDecoder('utf-16be').decode(b.subarray(2));
    }
    return String.fromCharCode(...b);
  }
}

export class PdfDict {
  constructor(readonly map: Map<string, PdfValue> = new Map()) {}
  get(key: string): PdfValue | undefined {
    return this.map.get(key);
  }
}

export class PdfStream {
  constructor(
    readonly dict: PdfDict,
    /** Absolute offset of the first data byte in the file (or in the decoded object stream). */
    readonly offset: number,
  ) {}
}

/** An operator of a content stream (only produced when parsing content). */
export class PdfOp {
  constructor(readonly op: string) {}
}

export type PdfValue =
  null | boolean | number | PdfName | PdfString | PdfRef | PdfDict | PdfStream | PdfValue[];

export type Matrix = [number, number, number, number, number, number];

export const IDENTITY: Matrix = [1, 0, 0, 1, 0, 0];

/** m1 then m2 (PDF row-vector convention: p' = p × m1 × m2). */
export function multiply(m1: Matrix, m2: Matrix): Matrix {
  const [a, b, c, d, e, f] = m1;
  const [A, B, C, D, E, F] = m2;
  return [
    a * A + b * C,
    a * B + b * D,
    c * A + d * C,
    c * B + d * D,
    e * A + f * C + E,
    e * B + f * D + F,
  ];
}

export function applyMatrix(m: Matrix, x: number, y: number): [number, number] {
  return [m[0] * x + m[2] * y + m[4], m[1] * x + m[3] * y + m[5]];
}

export function isName(value: PdfValue | undefined, name?: string): value is PdfName {
  return value instanceof PdfName && (name === undefined || value.name === name);
}

export function asNumber(value: PdfValue | undefined): number | null {
  return typeof value === 'number' && Number.isFinite(value) ? value : null;
}
