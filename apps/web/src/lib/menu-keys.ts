/**
 * Keyboard behaviour of a drop-down menu (WAI-ARIA menu button pattern): which item gets focus
 * after a key, `null` for keys the menu does not handle. Arrows wrap around.
 */
export function menuIndexAfterKey(key: string, index: number, count: number): number | null {
  if (count === 0) {
    return null;
  }
  switch (key) {
    case 'ArrowDown':
      return (index + 1) % count;
    case 'ArrowUp':
      return (index - 1 + count) % count;
    case 'Home':
      return 0;
    case 'End':
      return count - 1;
    default:
      return null;
  }
}
