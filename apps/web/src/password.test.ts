import { describe, expect, it } from 'vitest';
import { checkNewPassword } from './password.ts';

describe('checkNewPassword', () => {
  it('accepts ten characters with letters and digits', () => {
    expect(checkNewPassword('matkhau123', 'matkhau123')).toBeNull();
    expect(checkNewPassword('mậtkhẩu123', 'mậtkhẩu123')).toBeNull();
  });

  it('reports a mismatch before judging strength', () => {
    expect(checkNewPassword('short', 'other')).toBe('mismatch');
  });

  it('rejects short, letter-only and digit-only passwords', () => {
    expect(checkNewPassword('abc12345', 'abc12345')).toBe('weak');
    expect(checkNewPassword('abcdefghijkl', 'abcdefghijkl')).toBe('weak');
    expect(checkNewPassword('123456789012', '123456789012')).toBe('weak');
  });
});
