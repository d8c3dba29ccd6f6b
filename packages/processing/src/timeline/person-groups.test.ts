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
});
