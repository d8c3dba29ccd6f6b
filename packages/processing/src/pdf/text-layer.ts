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
  const { rotation } = page;
  const skew = page.skewDegrees ?? 0;
  const { scale, height: pageHeight } = pageGeometry(page.image);
  const { toStored } = storedMapping(page);
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

/**
 * From the upright, deskewed text frame (pixels) to the stored image (pixels, origin top-left):
 * back through the skew about the frame centre, then the quarter-turn.
 */
function storedMapping(page: ExportPage) {
  const { image, rotation } = page;
  const skew = page.skewDegrees ?? 0;
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
  return { toStored, frame };
}

/** A highlight's quadrilateral or a note's corner, in PDF points of the unrotated page. */
export interface PlacedAnnotationBox {
  /** [x0, y0, x1, y1], origin bottom-left (PDF user space). */
  rect: [number, number, number, number];
  /** The box's corners, upper-left first, in the order of /QuadPoints (UL, UR, LL, LR). */
  quad: [number, number, number, number, number, number, number, number];
}

/**
 * Where each annotation box goes on the page: the normalised upright box is scaled to the text
 * frame, taken back to the stored image like the words, and into points. With /Rotate the reader
 * turns the page and the annotations with it, so they land on what was annotated.
 */
export function placeAnnotationBoxes({
  page,
  boxes,
}: {
  page: ExportPage;
  boxes: ReadonlyArray<readonly [number, number, number, number]>;
}): PlacedAnnotationBox[] {
  const { scale, height: pageHeight } = pageGeometry(page.image);
  const { toStored, frame } = storedMapping(page);
  const toPdf = (fx: number, fy: number): [number, number] => {
    const [sx, sy] = toStored(fx * frame.w, fy * frame.h);
    return [sx * scale, pageHeight - sy * scale];
  };
  return boxes.map(([x0, y0, x1, y1]) => {
    // Upright corners; after a quarter-turn "upper-left" is wherever the upright one went.
    const ul = toPdf(x0, y0);
    const ur = toPdf(x1, y0);
    const ll = toPdf(x0, y1);
    const lr = toPdf(x1, y1);
    const xs = [ul[0], ur[0], ll[0], lr[0]];
    const ys = [ul[1], ur[1], ll[1], lr[1]];
    return {
      rect: [Math.min(...xs), Math.min(...ys), Math.max(...xs), Math.max(...ys)],
      quad: [...ul, ...ur, ...ll, ...lr],
    };
  });
}
