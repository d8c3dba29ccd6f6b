import { describe, expect, it } from 'vitest';
import { boundedLevenshtein, fuzzyContains, isCapsLine } from './text.ts';

function levenshtein(a: string, b: string): number {
  const d = Array.from({ length: a.length + 1 }, (_, i) => [i, ...Array<number>(b.length).fill(0)]);
  for (let j = 1; j <= b.length; j++) {
    d[0]![j] = j;
  }
  for (let i = 1; i <= a.length; i++) {
    for (let j = 1; j <= b.length; j++) {
      d[i]![j] = Math.min(
        d[i - 1]![j - 1]! + (a[i - 1] === b[j - 1] ? 0 : 1),
        d[i - 1]![j]! + 1,
        d[i]![j - 1]! + 1,
      );
    }
  }
  return d[a.length]![b.length]!;
}

describe('text helpers', () => {
  it('bounded Levenshtein agrees with the full one within the bound', () => {
    const words = [
      'QUYETDINH',
      'QUYETDLNH',
      'BIENBAN',
      'BIENBANHOICUNG',
      'LENHTAMGIAM',
      'CAOTRANG',
      '',
    ];
    for (const a of words) {
      for (const b of words) {
        for (const max of [0, 1, 2, 4, 8]) {
          const full = levenshtein(a, b);
          expect(boundedLevenshtein(a, b, max)).toBe(full > max ? max + 1 : full);
        }
      }
    }
  });
  it('finds approximate substrings and caps lines', () => {
    expect(fuzzyContains('CONGANQUANCONGHOAXAHOlCHUNGHIAVIETNAM', 'CONGHOAXAHOICHUNGHIA', 2)).toBe(
      true,
    );
    expect(fuzzyContains('CANCUDIEU36', 'CONGHOAXAHOICHUNGHIA', 3)).toBe(false);
    expect(isCapsLine('BIÊN BẢN GHI LỜI KHAI')).toBe(true);
    expect(isCapsLine('Căn cứ Điều 36')).toBe(false);
  });
});
