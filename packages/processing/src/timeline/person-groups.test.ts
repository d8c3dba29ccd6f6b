import { describe, expect, it } from 'vitest';
import { groupNames } from './person-groups.ts';

describe('groupNames', () => {
  it('groups diacritic, case and one-letter OCR variants of a name', () => {
    const groups = groupNames([
      'Vũ Hữu Long',
      'Vũ Hữu Long',
      'VU HUU LONG',
      'Vũ Hữu Lonq',
      'Phan Mạnh Huy',
    ]);
    expect(
      new Set([groups.get('Vũ Hữu Long'), groups.get('VU HUU LONG'), groups.get('Vũ Hữu Lonq')])
        .size,
    ).toBe(1);
    expect(groups.get('Phan Mạnh Huy')).not.toBe(groups.get('Vũ Hữu Long'));
  });

  it('keeps short names that differ by one letter apart', () => {
    const groups = groupNames(['Lê Văn An', 'Lê Văn Ba']);
    expect(groups.get('Lê Văn An')).not.toBe(groups.get('Lê Văn Ba'));
  });

  it('joins a two-word name to the one longer name with the same family and given name', () => {
    const groups = groupNames(['Nguyễn Đức Long', 'Nguyễn Long', 'NGUYEN LONG', 'Trần Thị Hoa']);
    expect(groups.get('Nguyễn Long')).toBe(groups.get('Nguyễn Đức Long'));
    expect(groups.get('NGUYEN LONG')).toBe(groups.get('Nguyễn Đức Long'));
    expect(groups.get('Trần Thị Hoa')).not.toBe(groups.get('Nguyễn Đức Long'));
  });

  it('leaves a two-word name alone when several longer names could be it, or none', () => {
    const two = groupNames(['Nguyễn Đức Long', 'Nguyễn Văn Long', 'Nguyễn Long']);
    expect(two.get('Nguyễn Long')).not.toBe(two.get('Nguyễn Đức Long'));
    expect(two.get('Nguyễn Long')).not.toBe(two.get('Nguyễn Văn Long'));
    const none = groupNames(['Lê An', 'Lê Văn Ba']);
    expect(none.get('Lê An')).not.toBe(none.get('Lê Văn Ba'));
  });
});
