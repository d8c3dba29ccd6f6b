import { describe, expect, it } from 'vitest';
import { mapKeyCommand } from './map-keys.ts';

const press = (
  key: string,
  mods: Partial<Record<'ctrlKey' | 'metaKey' | 'shiftKey' | 'altKey', boolean>> = {},
) =>
  mapKeyCommand({ key, ctrlKey: false, metaKey: false, shiftKey: false, altKey: false, ...mods });

describe('mind-map keys', () => {
  it('maps Tab, Enter, Delete, F2, Space and arrows to editor commands', () => {
    expect(press('Tab')).toEqual({ kind: 'addChild' });
    expect(press('Enter')).toEqual({ kind: 'addSibling' });
    expect(press('Delete')).toEqual({ kind: 'delete' });
    expect(press('Backspace')).toEqual({ kind: 'delete' });
    expect(press('F2')).toEqual({ kind: 'edit', initial: null });
    expect(press(' ')).toEqual({ kind: 'toggle' });
    expect(press('ArrowUp')).toEqual({ kind: 'move', direction: 'up' });
  });

  it('undoes with Ctrl+Z or ⌘Z and redoes with Ctrl+Y or Ctrl+Shift+Z', () => {
    expect(press('z', { ctrlKey: true })).toEqual({ kind: 'undo' });
    expect(press('z', { metaKey: true })).toEqual({ kind: 'undo' });
    expect(press('Z', { ctrlKey: true, shiftKey: true })).toEqual({ kind: 'redo' });
    expect(press('y', { ctrlKey: true })).toEqual({ kind: 'redo' });
    expect(press('c', { ctrlKey: true })).toBeNull();
  });

  it('starts editing with a typed character (Vietnamese letters included), not with Alt', () => {
    expect(press('đ')).toEqual({ kind: 'edit', initial: 'đ' });
    expect(press('A', { shiftKey: true })).toEqual({ kind: 'edit', initial: 'A' });
    expect(press('x', { altKey: true })).toBeNull();
    expect(press('Escape')).toBeNull();
  });
});
