import { JOIN_CODE_ALPHABET } from '@sohoa/contracts';
import { describe, expect, it } from 'vitest';
import { generateJoinCode, isExpired } from './presentations.codes.ts';

describe('join codes', () => {
  it('are 6 symbols of the unambiguous alphabet', () => {
    for (let i = 0; i < 200; i++) {
      const code = generateJoinCode();
      expect(code).toMatch(/^[A-Z2-9]{6}$/);
      expect([...code].every((ch) => JOIN_CODE_ALPHABET.includes(ch))).toBe(true);
    }
  });

  it('skip bytes that would bias the alphabet', () => {
    const bytes = [255, 250, 248, 0, 1, 2, 3, 4, 5, 6, 7, 8];
    expect(generateJoinCode({ random: () => new Uint8Array(bytes) })).toBe('ABCDEF');
  });

  it('expire at their expiry time', () => {
    const expiresAt = new Date('2026-01-01T12:00:00Z');
    expect(isExpired({ expiresAt, now: new Date('2026-01-01T11:59:59Z') })).toBe(false);
    expect(isExpired({ expiresAt, now: expiresAt })).toBe(true);
  });
});
