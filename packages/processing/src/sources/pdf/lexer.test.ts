import { describe, expect, it } from 'vitest';
import { PdfLexer } from './lexer.ts';
import { PdfDict, PdfName, PdfOp, PdfRef, PdfStream, type PdfString } from './objects.ts';

const parse = (text: string) =>
  new PdfLexer(new Uint8Array(Buffer.from(text, 'latin1')), 0, 0, true).parseObject();

describe('PdfLexer', () => {
  it('parses dictionaries, arrays, references, names and numbers', () => {
    const value = parse(
      '<< /Type /Page /Kids [1 0 R 2 0 R 3] /A#20B -.5 /N null /T true % comment\n /X 4. >>',
    );
    expect(value).toBeInstanceOf(PdfDict);
    const dict = value as PdfDict;
    expect(dict.get('Type')).toBe(PdfName.of('Page'));
    expect(dict.get('Kids')).toEqual([new PdfRef(1, 0), new PdfRef(2, 0), 3]);
    expect(dict.get('A B')).toBe(-0.5);
    expect(dict.get('N')).toBeNull();
    expect(dict.get('T')).toBe(true);
    expect(dict.get('X')).toBe(4);
  });

  it('parses literal strings with escapes and balanced parentheses, and hex strings', () => {
    expect((parse('(a\\(b\\) (c) \\101\\n\\\nd)') as PdfString).text()).toBe('a(b) (c) A\nd');
    expect((parse('<FEFF 0110 1EC7 0063>') as PdfString).text()).toBe('Đệc');
    expect([...(parse('<4>') as PdfString).bytes]).toEqual([0x40]);
  });

  it('locates stream data after the keyword and its end of line', () => {
    const text = '7 0 obj\n<< /Length 3 >>\nstream\r\nabc\nendstream endobj';
    const { num, value } = new PdfLexer(
      new Uint8Array(Buffer.from(text)),
      0,
      1000,
      true,
    ).parseIndirectObject();
    expect(num).toBe(7);
    expect(value).toBeInstanceOf(PdfStream);
    expect((value as PdfStream).offset).toBe(1000 + text.indexOf('abc'));
  });

  it('tokenizes content streams into operands and operators, skipping inline image data', () => {
    const content = 'q 1 0 0 1 5 5 cm BI /W 2 /H 2 /BPC 8 /CS /G ID \x00EI\xff EI Q (Hi) Tj';
    const lexer = new PdfLexer(new Uint8Array(Buffer.from(content, 'latin1')), 0, 0, true);
    const ops: string[] = [];
    for (
      let token = lexer.nextContentToken();
      token !== undefined;
      token = lexer.nextContentToken()
    ) {
      if (token instanceof PdfOp) {
        ops.push(token.op);
        if (token.op === 'BI') {
          while (!((token = lexer.nextContentToken()) instanceof PdfOp && token.op === 'ID')) {
            // skip the image dictionary
          }
          lexer.skipInlineImageData();
        }
      }
    }
    expect(ops).toEqual(['q', 'cm', 'BI', 'Q', 'Tj']);
  });
});
