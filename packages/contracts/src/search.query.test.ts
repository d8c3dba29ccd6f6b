import { describe, expect, it } from 'vitest';
import { createWordMatcher, foldText, markMatches, parseSearchQuery } from './search.query.ts';

describe('search query syntax', () => {
  it('splits plain words and "quoted phrases", lower case NFC', () => {
    expect(parseSearchQuery('Bị can "Thẩm Phán" Nguyễn')).toEqual({
      words: ['bị', 'can', 'nguyễn'],
      phrases: [['thẩm', 'phán']],
    });
  });

  it('normalises decomposed input (NFD from some keyboards) to NFC', () => {
    const nfd = 'thẩm phán'.normalize('NFD');
    expect(parseSearchQuery(nfd).words).toEqual(['thẩm', 'phán']);
  });

  it('runs an unclosed quote to the end and accepts typographic quotes', () => {
    expect(parseSearchQuery('a "b c')).toEqual({ words: ['a'], phrases: [['b', 'c']] });
    expect(parseSearchQuery('“kết luận điều tra”').phrases).toEqual([
      ['kết', 'luận', 'điều', 'tra'],
    ]);
  });

  it('drops punctuation and repeated words', () => {
    expect(parseSearchQuery('số: 09/QĐ-CSĐT, số').words).toEqual(['số', '09', 'qđ', 'csđt']);
  });
});

describe('foldText', () => {
  it('removes tone and vowel marks and folds đ to d, like f_fold', () => {
    expect(foldText('Thẩm phán ĐỒNG Ưởng')).toBe('tham phan dong uong');
  });
});

describe('markMatches', () => {
  const words = ['thẩm', 'phán', 'tham', 'phan', 'thân', 'phận'];

  it('folded words match any spelling with the same letters (each word on its own)', () => {
    const matcher = createWordMatcher({ parsed: parseSearchQuery('tham phan'), mode: 'folded' });
    expect(markMatches(words, matcher)).toEqual([true, true, true, true, false, true]);
  });

  it('exact words and phrases keep the diacritics and the order', () => {
    const exact = createWordMatcher({ parsed: parseSearchQuery('thẩm'), mode: 'exact' });
    expect(markMatches(words, exact)).toEqual([true, false, false, false, false, false]);
    const phrase = createWordMatcher({ parsed: parseSearchQuery('"phán tham"'), mode: 'folded' });
    expect(markMatches(words, phrase)).toEqual([false, true, true, false, false, false]);
  });

  it('accepts the OCR variants the server found', () => {
    const matcher = createWordMatcher({
      parsed: parseSearchQuery('thẩm'),
      mode: 'folded',
      variants: ['tharn'],
    });
    expect(markMatches(['tharn', 'than'], matcher)).toEqual([true, false]);
  });
});
