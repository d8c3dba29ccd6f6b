import { createWordMatcher, parseSearchQuery } from '@sohoa/contracts';
import { describe, expect, it } from 'vitest';
import { buildSnippet, hitWordBoxes } from './search.snippet.ts';
import {
  SEARCH_COUNT_CAP,
  SEARCH_ESTIMATE_TRUSTED,
  buildSearchQueries,
  needsCount,
  totalOf,
} from './search.usecases.ts';
import { confusionVariants, editDistance, isOcrVariant } from './search.variants.ts';

const folded = (q: string, variants: string[] = []) =>
  createWordMatcher({ parsed: parseSearchQuery(q), mode: 'folded', variants });

describe('OCR variants', () => {
  it('lists glyph confusions of a word', () => {
    expect(confusionVariants('tham')).toEqual(expect.arrayContaining(['tharn', 'thann']));
    expect(confusionVariants('do')).toEqual([]);
  });

  it('accepts glyph confusions but not other one-letter changes of short words', () => {
    expect(isOcrVariant('tham', 'tharn')).toBe(true);
    expect(isOcrVariant('dieu', 'clieu')).toBe(true);
    expect(isOcrVariant('tham', 'than')).toBe(false);
    expect(isOcrVariant('nguyen', 'nguyet')).toBe(false);
  });

  it('accepts any single edit on long letter-only words, never on numbers', () => {
    expect(isOcrVariant('chanhxet', 'chanhxat')).toBe(true);
    expect(isOcrVariant('12345678', '12345679')).toBe(false);
    expect(editDistance('abcd', 'abdc')).toBe(1);
    expect(editDistance('kitten', 'sitting')).toBe(3);
  });
});

describe('tsquery sources', () => {
  it('widens folded words with their variants and keeps phrases exact', () => {
    const queries = buildSearchQueries({
      parsed: parseSearchQuery('Thẩm phán "bị can"'),
      mode: 'folded',
      variantsByWord: new Map([['tham', ['tharn']]]),
    });
    expect(queries).toEqual({
      folded: "('tham' | 'tharn') & ('phan')",
      foldedStrict: "'tham' & 'phan'",
      exact: "('bị' <-> 'can')",
      pairs: null,
    });
  });

  it('narrows phrases by the AND of their word pairs, each pair once, and still checks them exactly', () => {
    const queries = buildSearchQueries({
      parsed: parseSearchQuery('"cố ý gây" "gây thương tích" đông'),
      mode: 'folded',
      variantsByWord: new Map(),
      phrasePairs: [
        ['co_y', 'y_gay'],
        ['gay_thuong', 'thuong_tich', 'y_gay'],
      ],
    });
    expect(queries.pairs).toBe("'co_y' & 'gay_thuong' & 'thuong_tich' & 'y_gay'");
    expect(queries.exact).toBe("('cố' <-> 'ý' <-> 'gây') & ('gây' <-> 'thương' <-> 'tích')");
    expect(queries.folded).toBe("('dong')");
  });

  it('sends plain words to the exact vector in exact mode', () => {
    const queries = buildSearchQueries({
      parsed: parseSearchQuery('thẩm phán'),
      mode: 'exact',
      variantsByWord: new Map(),
    });
    expect(queries).toEqual({
      folded: null,
      foldedStrict: null,
      exact: "'thẩm' & 'phán'",
      pairs: null,
    });
  });
});

describe('totals', () => {
  it('takes the size of a first batch that holds every hit, whatever was counted', () => {
    expect(totalOf({ firstBatch: true, found: 7, limit: 20, counted: null })).toBe(7);
    expect(totalOf({ firstBatch: true, found: 0, limit: 20, counted: 0 })).toBe(0);
    expect(totalOf({ firstBatch: true, found: 20, limit: 20, counted: 20 })).toBe(20);
  });

  it('takes the count when the batch is full or starts at a cursor, else the cap', () => {
    expect(totalOf({ firstBatch: true, found: 21, limit: 20, counted: 345 })).toBe(345);
    expect(totalOf({ firstBatch: false, found: 3, limit: 20, counted: 23 })).toBe(23);
    expect(totalOf({ firstBatch: true, found: 21, limit: 20, counted: null })).toBe(
      SEARCH_COUNT_CAP,
    );
  });

  it('counts unless the planner expects far more hits than the cap', () => {
    expect(needsCount({ estimate: 0 })).toBe(true);
    expect(needsCount({ estimate: SEARCH_ESTIMATE_TRUSTED - 1 })).toBe(true);
    expect(needsCount({ estimate: SEARCH_ESTIMATE_TRUSTED })).toBe(false);
    expect(SEARCH_ESTIMATE_TRUSTED).toBeGreaterThanOrEqual(5 * SEARCH_COUNT_CAP);
  });
});

describe('snippets', () => {
  it('marks the hits, keeps a phrase in one segment and squashes line breaks', () => {
    const snippet = buildSnippet({
      text: 'QUYẾT ĐỊNH\ngiao cho Thẩm   phán Lê Văn A',
      matcher: folded('tham phan'),
    });
    expect(snippet).toEqual([
      { text: 'QUYẾT ĐỊNH giao cho ', hit: false },
      { text: 'Thẩm phán', hit: true },
      { text: ' Lê Văn A', hit: false },
    ]);
  });

  it('cuts long texts around the densest cluster of hits, on word boundaries', () => {
    const filler = 'lời khai '.repeat(60);
    const text = `${filler}bị can Nguyễn Văn A ${filler}`;
    const snippet = buildSnippet({ text, matcher: folded('nguyen'), maxChars: 60 });
    const joined = snippet.map((s) => s.text).join('');
    expect(joined.startsWith('… ')).toBe(true);
    expect(joined.endsWith(' …')).toBe(true);
    expect(snippet.filter((s) => s.hit)).toEqual([{ text: 'Nguyễn', hit: true }]);
    expect(joined).not.toMatch(/ (?:ời|hai|khai?) …$|^… (?:ời|hai) /);
  });
});

describe('word boxes', () => {
  it('maps the normalised boxes of hit words to upright-image pixels', () => {
    const boxes = hitWordBoxes({
      words: [
        { text: 'Thẩm', confidence: 90, box: [0.1, 0.1, 0.2, 0.12] },
        { text: 'phán,', confidence: 90, box: [0.21, 0.1, 0.3, 0.12] },
        { text: 'xử', confidence: 90, box: [0.31, 0.1, 0.35, 0.12] },
      ],
      matcher: folded('"thẩm phán"'),
      widthPx: 1000,
      heightPx: 2000,
    });
    expect(boxes).toEqual([
      { x: 100, y: 200, width: 100, height: 40, text: 'Thẩm' },
      { x: 210, y: 200, width: 90, height: 40, text: 'phán,' },
    ]);
  });
});
