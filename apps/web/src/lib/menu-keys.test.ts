import { describe, expect, it } from 'vitest';
import { menuIndexAfterKey } from './menu-keys.ts';

describe('menu keys', () => {
  it('moves with the arrows, wrapping at both ends, and jumps with Home/End', () => {
    expect(menuIndexAfterKey('ArrowDown', 0, 5)).toBe(1);
    expect(menuIndexAfterKey('ArrowDown', 4, 5)).toBe(0);
    expect(menuIndexAfterKey('ArrowUp', 0, 5)).toBe(4);
    expect(menuIndexAfterKey('ArrowUp', 3, 5)).toBe(2);
    expect(menuIndexAfterKey('Home', 3, 5)).toBe(0);
    expect(menuIndexAfterKey('End', 0, 5)).toBe(4);
  });

  it('leaves other keys and empty menus alone', () => {
    expect(menuIndexAfterKey('a', 1, 5)).toBeNull();
    expect(menuIndexAfterKey('Enter', 1, 5)).toBeNull();
    expect(menuIndexAfterKey('ArrowDown', 0, 0)).toBeNull();
  });
});
