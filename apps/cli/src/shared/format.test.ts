import { describe, expect, test } from 'vitest';
import { formatSummary, formatTable, truncate } from './format.ts';

describe('formatTable', () => {
  test('columns line up whether Vietnamese text is precomposed (NFC) or decomposed (NFD)', () => {
    const text = formatTable({
      head: ['Mã', 'Tên'],
      rows: [
        ['HN', 'Hà Nội'.normalize('NFD')],
        ['HCM', 'Hồ Chí Minh'],
      ],
    });
    expect(text).toBe(
      [
        'Mã   Tên',
        '───  ───────────',
        `HN   ${'Hà Nội'.normalize('NFD')}`,
        'HCM  Hồ Chí Minh',
        '',
      ].join('\n'),
    );
  });
});

describe('truncate', () => {
  test('long text is cut with an ellipsis to the given width', () => {
    expect(truncate('Vụ trộm cắp tài sản', 8)).toBe('Vụ trộm…');
    expect(truncate('ngắn', 8)).toBe('ngắn');
  });
});

describe('formatSummary', () => {
  test('labels are aligned and list values are bulleted, an empty list shows a dash', () => {
    expect(
      formatSummary([
        ['ID', 'case_1'],
        ['Tội danh', ['Trộm cắp tài sản']],
        ['Phân công', []],
      ]),
    ).toBe('ID         case_1\nTội danh\n  • Trộm cắp tài sản\nPhân công  —\n');
  });
});
