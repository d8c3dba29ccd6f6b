import { PdfDict, PdfName, PdfOp, PdfRef, PdfStream, PdfString, type PdfValue } from './objects.ts';

/** Malformed syntax that cannot be read past. */
export class PdfSyntaxError extends Error {
  override readonly name = 'PdfSyntaxError';
}

/** The window ended in the middle of a token: read a larger window and try again. */
export class OutOfData extends Error {
  override readonly name = 'OutOfData';
}

const C = {
  LF: 0x0a,
  CR: 0x0d,
  PERCENT: 0x25,
  LPAREN: 0x28,
  RPAREN: 0x29,
  SLASH: 0x2f,
  LT: 0x3c,
  GT: 0x3e,
  LBRACKET: 0x5b,
  BACKSLASH: 0x5c,
  RBRACKET: 0x5d,
  LBRACE: 0x7b,
  RBRACE: 0x7d,
} as const;

const WHITESPACE = new Uint8Array(256);
const DELIMITER = new Uint8Array(256);
for (const c of [0, 9, 10, 12, 13, 32]) {
  WHITESPACE[c] = 1;
}
for (const c of '()<>[]{}/%') {
  DELIMITER[c.charCodeAt(0)] = 1;
}

export const isWhitespace = (c: number) => WHITESPACE[c] === 1;
const isRegular = (c: number) => c >= 0 && WHITESPACE[c] !== 1 && DELIMITER[c] !== 1;

const END_ARRAY = Symbol('end-array');
const END_DICT = Symbol('end-dict');
type Token = PdfValue | PdfOp | typeof END_ARRAY | typeof END_DICT;

/**
 * A PDF tokenizer and object parser over a byte window. `base` is the file offset of `buf[0]` (so
 * stream offsets come out absolute); `complete` says the window ends where the data ends (a content
 * stream), otherwise running off its end throws OutOfData so the caller can widen the window.
 */
export class PdfLexer {
  pos: number;
  constructor(
    readonly buf: Uint8Array,
    pos = 0,
    readonly base = 0,
    readonly complete = false,
  ) {
    this.pos = pos;
  }

  get atEnd(): boolean {
    this.skipWhitespace();
    return this.pos >= this.buf.byteLength;
  }

  skipWhitespace(): void {
    const buf = this.buf;
    while (this.pos < buf.byteLength) {
      const c = buf[this.pos]!;
      if (c === C.PERCENT) {
        while (this.pos < buf.byteLength && buf[this.pos] !== C.LF && buf[this.pos] !== C.CR) {
          this.pos += 1;
        }
      } else if (WHITESPACE[c] === 1) {
        this.pos += 1;
      } else {
        return;
      }
    }
  }

  private byteAt(i: number): number {
    if (i >= this.buf.byteLength) {
      if (this.complete) {
        return -1;
      }
      throw new OutOfData();
    }
    return this.buf[i]!;
  }

  /** A keyword or number run (regular characters). */
  private readRegular(): string {
    const start = this.pos;
    while (isRegular(this.byteAt(this.pos))) {
      this.pos += 1;
    }
    return latin1(this.buf, start, this.pos);
  }

  /** `n g obj <value> [stream]`: the object, its number, and where a stream's data starts. */
  parseIndirectObject(): { num: number; gen: number; value: PdfValue } {
    this.skipWhitespace();
    const num = Number(this.readRegular());
    this.skipWhitespace();
    const gen = Number(this.readRegular());
    this.skipWhitespace();
    if (this.readRegular() !== 'obj' || !Number.isInteger(num) || !Number.isInteger(gen)) {
      throw new PdfSyntaxError('not an indirect object');
    }
    let value = this.parseObject();
    this.skipWhitespace();
    if (value instanceof PdfDict && this.peekKeyword('stream')) {
      this.pos += 6;
      // The keyword is followed by CRLF or LF (some writers put spaces or a lone CR first).
      while (this.byteAt(this.pos) === 0x20) {
        this.pos += 1;
      }
      if (this.byteAt(this.pos) === C.CR) {
        this.pos += 1;
      }
      if (this.byteAt(this.pos) === C.LF) {
        this.pos += 1;
      }
      value = new PdfStream(value, this.base + this.pos);
    }
    return { num, gen, value };
  }

  peekKeyword(word: string): boolean {
    for (let i = 0; i < word.length; i += 1) {
      if (this.byteAt(this.pos + i) !== word.charCodeAt(i)) {
        return false;
      }
    }
    return !isRegular(this.byteAt(this.pos + word.length));
  }

  /** One object (references allowed); throws at `]`, `>>` or a stray keyword. */
  parseObject(): PdfValue {
    const token = this.nextToken(false);
    if (token === END_ARRAY || token === END_DICT || token instanceof PdfOp) {
      throw new PdfSyntaxError(`unexpected ${token instanceof PdfOp ? token.op : 'delimiter'}`);
    }
    return token;
  }

  /** Next content-stream token: an operand or an operator; null at the end. */
  nextContentToken(): PdfValue | PdfOp | undefined {
    for (;;) {
      this.skipWhitespace();
      if (this.pos >= this.buf.byteLength) {
        return undefined;
      }
      const token = this.nextToken(true);
      if (token !== END_ARRAY && token !== END_DICT) {
        return token;
      }
    }
  }

  private nextToken(content: boolean): Token {
    this.skipWhitespace();
    const c = this.byteAt(this.pos);
    switch (c) {
      case -1:
        throw new PdfSyntaxError('unexpected end of data');
      case C.SLASH:
        this.pos += 1;
        return PdfName.of(this.readName());
      case C.LPAREN:
        return this.readLiteralString();
      case C.LBRACKET: {
        this.pos += 1;
        const items: PdfValue[] = [];
        for (;;) {
          this.skipWhitespace();
          if (this.byteAt(this.pos) === C.RBRACKET) {
            this.pos += 1;
            return items;
          }
          const item = this.nextToken(content);
          if (item === END_DICT) {
            continue;
          }
          if (item === END_ARRAY) {
            return items;
          }
          items.push(item instanceof PdfOp ? null : item);
        }
      }
      case C.RBRACKET:
        this.pos += 1;
        return END_ARRAY;
      case C.LT:
        if (this.byteAt(this.pos + 1) === C.LT) {
          this.pos += 2;
          return this.readDict(content);
        }
        return this.readHexString();
      case C.GT:
        this.pos += this.byteAt(this.pos + 1) === C.GT ? 2 : 1;
        return END_DICT;
      case C.RPAREN:
      case C.LBRACE:
      case C.RBRACE:
        this.pos += 1;
        return content ? new PdfOp(String.fromCharCode(c)) : END_DICT;
      default:
        break;
    }
    const word = this.readRegular();
    if (word === '') {
      this.pos += 1;
      return null;
    }
    const first = word.charCodeAt(0);
    if ((first >= 0x30 && first <= 0x39) || first === 0x2b || first === 0x2d || first === 0x2e) {
      return this.finishNumber(word, content);
    }
    if (word === 'true' || word === 'false') {
      return word === 'true';
    }
    if (word === 'null') {
      return null;
    }
    return new PdfOp(word);
  }

  private finishNumber(word: string, content: boolean): PdfValue {
    const value = parseNumber(word);
    if (content || !/^\d+$/.test(word)) {
      return value;
    }
    // `num gen R`: look ahead without consuming unless it matches.
    const save = this.pos;
    this.skipWhitespace();
    const gen = this.readRegular();
    if (/^\d+$/.test(gen)) {
      this.skipWhitespace();
      if (this.byteAt(this.pos) === 0x52 && !isRegular(this.byteAt(this.pos + 1))) {
        this.pos += 1;
        return new PdfRef(value, Number(gen));
      }
    }
    this.pos = save;
    return value;
  }

  private readDict(content: boolean): PdfDict {
    const map = new Map<string, PdfValue>();
    for (;;) {
      this.skipWhitespace();
      const c = this.byteAt(this.pos);
      if (c === C.GT && this.byteAt(this.pos + 1) === C.GT) {
        this.pos += 2;
        return new PdfDict(map);
      }
      if (c === -1) {
        throw new PdfSyntaxError('unterminated dictionary');
      }
      const key = this.nextToken(content);
      if (key === END_DICT || key === END_ARRAY) {
        return new PdfDict(map);
      }
      if (!(key instanceof PdfName)) {
        continue;
      }
      this.skipWhitespace();
      const next = this.byteAt(this.pos);
      if (next === C.GT && this.byteAt(this.pos + 1) === C.GT) {
        map.set(key.name, null);
        continue;
      }
      const value = this.nextToken(content);
      if (value !== END_ARRAY && value !== END_DICT) {
        map.set(key.name, value instanceof PdfOp ? null : value);
      }
    }
  }

  private readName(): string {
    const start = this.pos;
    let hasEscape = false;
    while (isRegular(this.byteAt(this.pos))) {
      hasEscape ||= this.buf[this.pos] === 0x23;
      this.pos += 1;
    }
    const raw = latin1(this.buf, start, this.pos);
    return hasEscape
      ? raw.replace(/#([0-9a-fA-F]{2})/g, (_, hex: string) =>
          String.fromCharCode(parseInt(hex, 16)),
        )
      : raw;
  }

  private readLiteralString(): PdfString {
    this.pos += 1;
    const out: number[] = [];
    let depth = 1;
    for (;;) {
      let c = this.byteAt(this.pos);
      this.pos += 1;
      if (c === -1) {
        return new PdfString(Uint8Array.from(out));
      }
      if (c === C.LPAREN) {
        depth += 1;
      } else if (c === C.RPAREN) {
        depth -= 1;
        if (depth === 0) {
          return new PdfString(Uint8Array.from(out));
        }
      } else if (c === C.BACKSLASH) {
        c = this.byteAt(this.pos);
        this.pos += 1;
        const simple = ESCAPES[c];
        if (simple !== undefined) {
          out.push(simple);
        } else if (c >= 0x30 && c <= 0x37) {
          let value = c - 0x30;
          for (let i = 0; i < 2; i += 1) {
            const d = this.byteAt(this.pos);
            if (d < 0x30 || d > 0x37) {
              break;
            }
            value = value * 8 + d - 0x30;
            this.pos += 1;
          }
          out.push(value & 0xff);
        } else if (c === C.CR) {
          if (this.byteAt(this.pos) === C.LF) {
            this.pos += 1;
          }
        } else if (c !== C.LF && c !== -1) {
          out.push(c);
        }
        continue;
      }
      out.push(c);
    }
  }

  private readHexString(): PdfString {
    this.pos += 1;
    const out: number[] = [];
    let high = -1;
    for (;;) {
      const c = this.byteAt(this.pos);
      this.pos += 1;
      if (c === C.GT || c === -1) {
        break;
      }
      const nibble = hexValue(c);
      if (nibble < 0) {
        continue;
      }
      if (high < 0) {
        high = nibble;
      } else {
        out.push(high * 16 + nibble);
        high = -1;
      }
    }
    if (high >= 0) {
      out.push(high * 16);
    }
    return new PdfString(Uint8Array.from(out));
  }

  /**
   * Skips the data of an inline image after its `ID` operator: the data ends at the first `EI`
   * that stands between whitespace (the heuristic every reader uses; the data has no length).
   */
  skipInlineImageData(): void {
    const buf = this.buf;
    let i = this.pos + 1;
    for (; i + 1 < buf.byteLength; i += 1) {
      if (
        buf[i] === 0x45 &&
        buf[i + 1] === 0x49 &&
        isWhitespace(buf[i - 1] ?? 0x20) &&
        (i + 2 >= buf.byteLength || !isRegular(buf[i + 2]!))
      ) {
        this.pos = i + 2;
        return;
      }
    }
    this.pos = buf.byteLength;
  }
}

const ESCAPES: Record<number, number> = {
  0x6e: 0x0a, // n
  0x72: 0x0d, // r
  0x74: 0x09, // t
  0x62: 0x08, // b
  0x66: 0x0c, // f
  0x28: 0x28,
  0x29: 0x29,
  0x5c: 0x5c,
};

function hexValue(c: number): number {
  if (c >= 0x30 && c <= 0x39) {
    return c - 0x30;
  }
  if (c >= 0x41 && c <= 0x46) {
    return c - 0x37;
  }
  if (c >= 0x61 && c <= 0x66) {
    return c - 0x57;
  }
  return -1;
}

/** Lenient number syntax, as readers accept it ("--5", "4.", "-.5", "0.0-1"). */
function parseNumber(word: string): number {
  const match = /^[+-]*(\d*\.?\d*)/.exec(word);
  const negative = /^[+]*-/.test(word);
  const value = Number(match?.[1] ?? '0');
  return Number.isFinite(value) ? (negative ? -value : value) : 0;
}

export function latin1(buf: Uint8Array, start: number, end: number): string {
  let s = '';
  for (let i = start; i < end; i += 1) {
    s += String.fromCharCode(buf[i]!);
  }
  return s;
}
