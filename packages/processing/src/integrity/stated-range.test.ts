import { describe, expect, it } from 'vitest';
import { readStatedRange } from './stated-range.ts';

describe('stated bút lục range of a volume cover', () => {
  it('reads the range whatever the accents and zero padding', () => {
    expect(readStatedRange('HỒ SƠ VỤ ÁN\nTẬP 01/02\nTừ bút lục số 01 đến bút lục số 17')).toEqual({
      from: 1,
      to: 17,
    });
    expect(readStatedRange('Tu but luc so 18 den but luc so 34')).toEqual({ from: 18, to: 34 });
    expect(readStatedRange('Từ BL 5 đến 40')).toEqual({ from: 5, to: 40 });
  });

  it('gives null when no range is stated or it runs backwards', () => {
    expect(readStatedRange('HỒ SƠ VỤ ÁN — Trộm cắp tài sản')).toBeNull();
    expect(readStatedRange('Từ bút lục số 30 đến bút lục số 2')).toBeNull();
  });
});
