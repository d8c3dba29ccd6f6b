import { describe, expect, it } from 'vitest';
import { isIgnoredFileName, naturalCompare } from './natural-sort.ts';

describe('natural order of scan files', () => {
  it('orders numbered pages by their numbers, then by name', () => {
    const names = [
      'tap_2/trang_10.jpg',
      'tap_2/trang_2.jpg',
      'tap_1/trang_1.jpg',
      'Tập 10.pdf',
      'Tập 9.pdf',
    ];
    expect([...names].sort(naturalCompare)).toEqual([
      'tap_1/trang_1.jpg',
      'tap_2/trang_2.jpg',
      'tap_2/trang_10.jpg',
      'Tập 9.pdf',
      'Tập 10.pdf',
    ]);
  });

  it('skips the files an OS leaves beside the scans', () => {
    expect(
      ['a/.DS_Store', 'Thumbs.db', 'desktop.ini', '.hidden.pdf'].every(isIgnoredFileName),
    ).toBe(true);
    expect(isIgnoredFileName('scan/trang_1.png')).toBe(false);
  });
});
