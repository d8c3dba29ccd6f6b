const collator = new Intl.Collator('vi', { numeric: true, sensitivity: 'base' });

/**
 * Natural order of file names, as scanners number them ("trang_2" before "trang_10"), so a
 * dropped folder of page images is imported in page order.
 */
export function naturalCompare(a: string, b: string): number {
  return collator.compare(a, b);
}

/** Files a scanner or an OS leaves next to the scans, never meant to be imported. */
export function isIgnoredFileName(name: string): boolean {
  const base = name.split('/').pop() ?? name;
  return base.startsWith('.') || /^(thumbs\.db|desktop\.ini)$/i.test(base);
}
