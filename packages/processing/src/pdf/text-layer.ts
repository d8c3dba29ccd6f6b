import type { ExportPage, ExportWord } from './pdf.types.ts';

/** A word placed on the PDF page: the text matrix origin, angle, font size and horizontal scale. */
export interface PlacedWord {
  text: string;
  /** Baseline start in PDF user space of the unrotated page (points, y up). */
  x: number;
  y: number;
  /** Baseline direction, degrees counter-clockwise in user space. */
  angle: number;
  fontSize: number;
  /** Width of the box in points (the writer turns it into Tz against the glyph advance). */
  width: number;
  /** Whether a space follows the word (not the last word of its line). */
  spaceAfter: boolean;
}

/** Vertical extent of a font in em units (ascent > 0 > descent). */
export interface FontExtent {
  ascent: number;
  descent: number;
}

/**
 * Words of one text line: consecutive words (OCR reading order) that overlap vertically by at least
 * half of the smaller box and move rightwards. One font size and baseline per line, so viewers and
 * pdftotext see lines, not a jumble of words with their own heights.
 */
export function groupLines(words: ExportWord[]): ExportWord[][] {
  const lines: ExportWord[][] = [];
  let current: ExportWord[] = [];
  let top = 0;
  let bottom = 0;
  for (const word of words) {
    const [x0, y0, , y1] = word.box;
    const last = current[current.length - 1];
    const overlap = Math.min(bottom, y1) - Math.max(top, y0);
    const smaller = Math.min(bottom - top, y1 - y0);
    if (last && x0 >= last.box[0] && overlap >= smaller / 2) {
      current.push(word);
      top = Math.min(top, y0);
      bottom = Math.max(bottom, y1);
    } else {
      if (current.length > 0) {
        lines.push(current);
      }
      current = [word];
      top = y0;
      bottom = y1;
    }
  }
  if (current.length > 0) {
    lines.push(current);
  }
  return lines;
}

/** Points per pixel of a page image, and its size in points. */
export function pageGeometry(image: ExportPage['image']) {
  // Without a resolution the longer side is taken as A4's 297 mm.
  const dpi = image.dpi ?? Math.max(image.widthPx, image.heightPx) / (297 / 25.4);
  const scale = 72 / dpi;
  return { scale, width: image.widthPx * scale, height: image.heightPx * scale };
}

/**
 * Where each OCR word goes on the page (pure geometry). Boxes are in the upright, deskewed text
 * frame; the page shows the stored image turned by /Rotate, so each point is taken back through
 * the skew (about the frame centre, as the pipeline's deskew turned it) and the quarter-turn into
 * the stored image, then into points. The baseline is tilted by rotation + skew.
 */
export function placeWords({ page, font }: { page: ExportPage; font: FontExtent }): PlacedWord[] {
  const { image, rotation } = page;
  const skew = page.skewDegrees ?? 0;
  const { scale, height: pageHeight } = pageGeometry(image);
  const turned = rotation === 90 || rotation === 270;
  const displayed = turned
    ? { w: image.heightPx, h: image.widthPx }
    : { w: image.widthPx, h: image.heightPx };
  const frame = page.textFrame
    ? { w: page.textFrame.widthPx, h: page.textFrame.heightPx }
    : displayed;
  const phi = (skew * Math.PI) / 180;
  const cos = Math.cos(phi);
  const sin = Math.sin(phi);
  const toStored = (fx: number, fy: number): [number, number] => {
    // Undo the clockwise deskew (y down): inverse rotation about the frame centre.
    const dx = fx - frame.w / 2;
    const dy = fy - frame.h / 2;
    const xd = dx * cos + dy * sin + displayed.w / 2;
    const yd = -dx * sin + dy * cos + displayed.h / 2;
    switch (rotation) {
      case 90:
        return [yd, image.heightPx - xd];
      case 180:
        return [image.widthPx - xd, image.heightPx - yd];
      case 270:
        return [image.widthPx - yd, xd];
      case 0:
        return [xd, yd];
    }
  };
  const emHeight = font.ascent - font.descent;
  const placed: PlacedWord[] = [];
  for (const line of groupLines(page.words.filter((w) => w.text.trim() !== ''))) {
    const top = Math.min(...line.map((w) => w.box[1]));
    const bottom = Math.max(...line.map((w) => w.box[3]));
    const sizePx = Math.max(1, bottom - top) / emHeight;
    const baseline = bottom + font.descent * sizePx;
    line.forEach((word, i) => {
      const [sx, sy] = toStored(word.box[0], baseline);
      placed.push({
        text: word.text.normalize('NFC'),
        x: sx * scale,
        y: pageHeight - sy * scale,
        angle: rotation + skew,
        fontSize: sizePx * scale,
        width: Math.max(0.5, word.box[2] - word.box[0]) * scale,
        spaceAfter: i < line.length - 1,
      });
    });
  }
  return placed;
}
