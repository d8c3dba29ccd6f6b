/**
 * Plain-text tables and summaries for human output. Widths count code points without combining
 * marks, so Vietnamese text typed in decomposed form (NFD) still lines up.
 */

export function displayWidth(text: string): number {
  return [...text.normalize('NFC')].filter((char) => !/\p{M}/u.test(char)).length;
}

export function truncate(text: string, max: number): string {
  const chars = [...text.normalize('NFC')];
  return chars.length <= max ? text : `${chars.slice(0, max - 1).join('')}…`;
}

const pad = (text: string, width: number) => text + ' '.repeat(width - displayWidth(text));

/**
 * @example
 * formatTable({ head: ['Mã', 'Tên'], rows: [['HN', 'VKSND TP Hà Nội']] })
 * // Mã  Tên
 * // ──  ───────────────
 * // HN  VKSND TP Hà Nội
 */
export function formatTable({ head, rows }: { head: string[]; rows: string[][] }): string {
  const widths = head.map((title, column) =>
    Math.max(displayWidth(title), ...rows.map((row) => displayWidth(row[column] ?? ''))),
  );
  const line = (cells: string[]) =>
    cells
      .map((cell, column) => pad(cell, widths[column] ?? 0))
      .join('  ')
      .trimEnd();
  const rule = widths.map((width) => '─'.repeat(width));
  return [line(head), line(rule), ...rows.map(line)].join('\n') + '\n';
}

/** Aligned "label: value" lines; list values are printed one per indented line. */
export function formatSummary(entries: Array<[label: string, value: string | string[]]>): string {
  const width = Math.max(...entries.map(([label]) => displayWidth(label)));
  const lines: string[] = [];
  for (const [label, value] of entries) {
    if (typeof value === 'string') {
      lines.push(`${pad(label, width)}  ${value}`);
    } else if (value.length === 0) {
      lines.push(`${pad(label, width)}  —`);
    } else {
      lines.push(label, ...value.map((item) => `  • ${item}`));
    }
  }
  return lines.join('\n') + '\n';
}
