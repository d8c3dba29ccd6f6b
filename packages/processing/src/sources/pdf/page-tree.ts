import type { PdfFile } from './file.ts';
import { asNumber, PdfRef, type PdfDict, type PdfValue } from './objects.ts';

export type Box = [number, number, number, number];

export interface PdfPage {
  ref: PdfRef | null;
  dict: PdfDict;
  resources: PdfDict | null;
  /** The visible area in default user space (CropBox ∩ MediaBox), normalised x0 < x1, y0 < y1. */
  box: Box;
  /** Clockwise display rotation. */
  rotate: 0 | 90 | 180 | 270;
}

interface Inherited {
  resources: PdfValue | undefined;
  mediaBox: PdfValue | undefined;
  cropBox: PdfValue | undefined;
  rotate: PdfValue | undefined;
}

const LETTER: Box = [0, 0, 612, 792];
const MAX_DEPTH = 64;

/** The number of pages the page tree declares (falls back to counting when /Count is unusable). */
export function countPages(file: PdfFile): number {
  const pages = file.dict(file.root().get('Pages'));
  const count = asNumber(file.resolve(pages?.get('Count')));
  if (count !== null && Number.isInteger(count) && count >= 0) {
    return count;
  }
  return collectAll(file).length;
}

/**
 * Page `index` (0-based), found by descending the tree with /Count, so only the nodes on the way are
 * read. Inconsistent counts fall back to a full walk.
 */
export function getPage(file: PdfFile, index: number): PdfPage | null {
  try {
    return descend(file, index) ?? collectAll(file)[index] ?? null;
  } catch {
    return collectAll(file)[index] ?? null;
  }
}

function descend(file: PdfFile, index: number): PdfPage | null {
  let nodeValue: PdfValue | undefined = file.root().get('Pages');
  let inherited = inherit(emptyInherited(), file.dict(nodeValue));
  let remaining = index;
  for (let depth = 0; depth < MAX_DEPTH; depth += 1) {
    const node = file.dict(nodeValue);
    if (!node) {
      return null;
    }
    const kidsValue = file.resolve(node.get('Kids'));
    if (!Array.isArray(kidsValue)) {
      return remaining === 0 ? toPage(file, nodeValue, node, inherited) : null;
    }
    const count = asNumber(file.resolve(node.get('Count')));
    let next: PdfValue | undefined;
    const direct = count === kidsValue.length ? kidsValue[remaining] : undefined;
    const directDict = file.dict(direct);
    if (
      directDict &&
      (directDict.get('Kids') === undefined ||
        asNumber(file.resolve(directDict.get('Count'))) === 1)
    ) {
      // Every kid holds exactly one page (the usual flat tree): jump straight to it.
      next = direct;
      remaining = 0;
    } else {
      for (const kid of kidsValue) {
        const kidDict = file.dict(kid);
        const kidCount =
          kidDict?.get('Kids') !== undefined
            ? (asNumber(file.resolve(kidDict?.get('Count'))) ?? 0)
            : 1;
        if (remaining < kidCount) {
          next = kid;
          break;
        }
        remaining -= kidCount;
      }
    }
    if (next === undefined) {
      return null;
    }
    nodeValue = next;
    inherited = inherit(inherited, file.dict(next));
  }
  return null;
}

function collectAll(file: PdfFile): PdfPage[] {
  const pages: PdfPage[] = [];
  const seen = new Set<number>();
  const walk = (value: PdfValue | undefined, inherited: Inherited, depth: number) => {
    if (value instanceof PdfRef) {
      if (seen.has(value.num)) {
        return;
      }
      seen.add(value.num);
    }
    const node = file.dict(value);
    if (!node || depth > MAX_DEPTH) {
      return;
    }
    const next = inherit(inherited, node);
    const kids = file.resolve(node.get('Kids'));
    if (Array.isArray(kids)) {
      for (const kid of kids) {
        walk(kid, next, depth + 1);
      }
    } else {
      pages.push(toPage(file, value, node, next));
    }
  };
  walk(file.root().get('Pages'), emptyInherited(), 0);
  return pages;
}

function emptyInherited(): Inherited {
  return { resources: undefined, mediaBox: undefined, cropBox: undefined, rotate: undefined };
}

function inherit(parent: Inherited, node: PdfDict | null): Inherited {
  if (!node) {
    return parent;
  }
  return {
    resources: node.get('Resources') ?? parent.resources,
    mediaBox: node.get('MediaBox') ?? parent.mediaBox,
    cropBox: node.get('CropBox') ?? parent.cropBox,
    rotate: node.get('Rotate') ?? parent.rotate,
  };
}

function toPage(
  file: PdfFile,
  value: PdfValue | undefined,
  dict: PdfDict,
  inherited: Inherited,
): PdfPage {
  const media = readBox(file, inherited.mediaBox) ?? LETTER;
  const crop = readBox(file, inherited.cropBox);
  const box: Box = crop
    ? [
        Math.max(media[0], crop[0]),
        Math.max(media[1], crop[1]),
        Math.min(media[2], crop[2]),
        Math.min(media[3], crop[3]),
      ]
    : media;
  const valid = box[2] - box[0] > 1 && box[3] - box[1] > 1 ? box : media;
  const rotation = (((asNumber(file.resolve(inherited.rotate)) ?? 0) % 360) + 360) % 360;
  return {
    ref: value instanceof PdfRef ? value : null,
    dict,
    resources: file.dict(inherited.resources),
    box: valid,
    rotate: rotation === 90 || rotation === 180 || rotation === 270 ? rotation : 0,
  };
}

function readBox(file: PdfFile, value: PdfValue | undefined): Box | null {
  const array = file.resolve(value);
  if (!Array.isArray(array) || array.length < 4) {
    return null;
  }
  const [a, b, c, d] = array.slice(0, 4).map((v) => asNumber(file.resolve(v)) ?? 0) as Box;
  return [Math.min(a, c), Math.min(b, d), Math.max(a, c), Math.max(b, d)];
}
