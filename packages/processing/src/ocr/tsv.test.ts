import { describe, expect, it } from 'vitest';
import { parseTesseractTsv } from './tsv.ts';

const header =
  'level\tpage_num\tblock_num\tpar_num\tline_num\tword_num\tleft\ttop\twidth\theight\tconf\ttext';
const row = (cells: Array<string | number>) => cells.join('\t');

const TSV = [
  header,
  row([1, 1, 0, 0, 0, 0, 0, 0, 1000, 2000, -1, '']),
  row([2, 1, 1, 0, 0, 0, 100, 100, 800, 100, -1, '']),
  row([5, 1, 1, 1, 1, 1, 100, 100, 200, 50, 96.5, 'CỘNG']),
  row([5, 1, 1, 1, 1, 2, 320, 100, 200, 50, 93.5, 'HÒA']),
  row([5, 1, 1, 1, 2, 1, 100, 160, 300, 50, 90, 'Độc']),
  row([5, 1, 1, 1, 2, 2, 420, 160, 300, 50, 80, ' ']),
  row([5, 1, 2, 1, 1, 1, 100, 400, 100, 50, 70, 'Ho\u0300a']),
].join('\n');

describe('parseTesseractTsv', () => {
  it('joins words into lines with \\n and blocks with a blank line, in tesseract order', () => {
    const result = parseTesseractTsv({ tsv: TSV, engine: 'test' });
    expect(result.text).toBe('CỘNG HÒA\nĐộc\n\nHòa');
    expect(result.engine).toBe('test');
  });

  it('normalises text to NFC and skips empty words', () => {
    const result = parseTesseractTsv({ tsv: TSV, engine: 'test' });
    expect(result.words.map((w) => w.text)).toEqual(['CỘNG', 'HÒA', 'Độc', 'Hòa']);
    expect(result.words[3]!.text).toBe('Hòa'.normalize('NFC'));
  });

  it('normalises boxes to [0, 1] of the image in the level-1 row', () => {
    const result = parseTesseractTsv({ tsv: TSV, engine: 'test' });
    expect(result.words[0]!.box).toEqual([0.1, 0.05, 0.3, 0.075]);
  });

  it('reports the mean word confidence, and 0 without words', () => {
    expect(parseTesseractTsv({ tsv: TSV, engine: 'test' }).meanConfidence).toBe(87.5);
    const empty = parseTesseractTsv({
      tsv: `${header}\n${row([1, 1, 0, 0, 0, 0, 0, 0, 10, 10, -1, ''])}`,
      engine: 'x',
    });
    expect(empty).toEqual({ text: '', words: [], meanConfidence: 0, engine: 'x' });
  });

  it('accepts the API output without a header row', () => {
    const noHeader = TSV.split('\n').slice(1).join('\n');
    expect(parseTesseractTsv({ tsv: noHeader, engine: 'test' }).words).toHaveLength(4);
  });
});
