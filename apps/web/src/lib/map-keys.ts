/**
 * Keyboard of the mind-map canvas, as a pure mapping from a key press to an editor command (the
 * toolbar buttons run the same commands).
 */
import type { Direction } from './map-model.ts';

export type MapCommand =
  | { kind: 'undo' }
  | { kind: 'redo' }
  | { kind: 'addChild' }
  | { kind: 'addSibling' }
  | { kind: 'delete' }
  | { kind: 'toggle' }
  | { kind: 'edit'; initial: string | null }
  | { kind: 'move'; direction: Direction };

const ARROWS: Record<string, Direction> = {
  ArrowLeft: 'left',
  ArrowRight: 'right',
  ArrowUp: 'up',
  ArrowDown: 'down',
};

/**
 * Tab child, Enter sibling, Delete/Backspace remove, arrows move, F2 edit, typing a character
 * starts editing with it, Space collapses, Ctrl+Z undo, Ctrl+Y or Ctrl+Shift+Z redo (⌘ on macOS).
 */
export function mapKeyCommand(e: {
  key: string;
  ctrlKey: boolean;
  metaKey: boolean;
  shiftKey: boolean;
  altKey: boolean;
}): MapCommand | null {
  const ctrl = e.ctrlKey || e.metaKey;
  const key = e.key.length === 1 ? e.key.toLowerCase() : e.key;
  if (ctrl) {
    if (key === 'z') {
      return { kind: e.shiftKey ? 'redo' : 'undo' };
    }
    return key === 'y' ? { kind: 'redo' } : null;
  }
  const direction = ARROWS[e.key];
  if (direction) {
    return { kind: 'move', direction };
  }
  switch (e.key) {
    case 'Tab':
      return { kind: 'addChild' };
    case 'Enter':
      return { kind: 'addSibling' };
    case 'Delete':
    case 'Backspace':
      return { kind: 'delete' };
    case 'F2':
      return { kind: 'edit', initial: null };
    case ' ':
      return { kind: 'toggle' };
  }
  return e.key.length === 1 && !e.altKey ? { kind: 'edit', initial: e.key } : null;
}
