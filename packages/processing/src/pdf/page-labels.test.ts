import { describe, expect, it } from 'vitest';
import { butLucLabels, expandPageLabels, pageLabelRanges } from './page-labels.ts';

describe('page labels', () => {
  it('labels covers, bút lục, blank back sides and unnumbered pages', () => {
    const labels = butLucLabels({
      pages: [
        { butLuc: null, isBlank: false, isCover: true, volume: 1 },
        { butLuc: 1, isBlank: false, isCover: false, volume: 1 },
        { butLuc: null, isBlank: true, isCover: false, volume: 1 },
        { butLuc: null, isBlank: false, isCover: false, volume: 1 },
        { butLuc: null, isBlank: false, isCover: true, volume: 2 },
        { butLuc: null, isBlank: true, isCover: false, volume: 2 },
      ],
    });
    expect(labels).toEqual([
      'Bìa tập 1',
      '1',
      '1 (mặt sau)',
      '(không số) 4',
      'Bìa tập 2',
      '(không số) 6',
    ]);
  });

  it('keeps runs of consecutive bút lục in one decimal range and reads back the same labels', () => {
    const labels = [
      'Bìa',
      ...Array.from({ length: 200 }, (_, i) => String(i + 1)),
      '200 (mặt sau)',
      '201',
      '203',
    ];
    const ranges = pageLabelRanges({ frontMatterPages: 3, labels });
    expect(ranges).toHaveLength(6);
    expect(expandPageLabels({ ranges, pageCount: 3 + labels.length })).toEqual([
      'i',
      'ii',
      'iii',
      ...labels,
    ]);
  });
});
