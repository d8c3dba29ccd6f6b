import { execFileSync } from 'node:child_process';
import type { ExportWord } from './pdf.types.ts';

/**
 * Word boxes laid out like typed lines (for tests: where the words sit on the image does not
 * matter to text extraction, only that lines and order are consistent).
 */
export function wordsForLines({
  lines,
  widthPx,
  top,
  lineHeight,
  left,
}: {
  lines: string[];
  widthPx: number;
  top: number;
  lineHeight: number;
  left: number;
}): ExportWord[] {
  const charWidth = (widthPx - 2 * left) / 70;
  return lines.flatMap((line, i) => {
    let x = left;
    const y0 = top + i * lineHeight;
    return line.split(/\s+/).map((text) => {
      const box: ExportWord['box'] = [x, y0, x + text.length * charWidth, y0 + lineHeight * 0.7];
      x += (text.length + 1) * charWidth;
      return { text, box };
    });
  });
}

/** Whether a command-line tool is installed (tests that need it say so and skip otherwise). */
export function hasTool(name: string): boolean {
  try {
    execFileSync('sh', ['-c', `command -v ${name}`], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
}

export const run = (cmd: string, args: string[]) =>
  execFileSync(cmd, args, { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
