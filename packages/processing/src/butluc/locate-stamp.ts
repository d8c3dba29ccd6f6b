import { labelComponents, type Component } from '../page/components.ts';
import type { InkMap } from '../page/ink.ts';

/** A group of nearby ink blobs that may be the bút lục. */
export interface InkCluster extends Component {
  parts: Component[];
}

/** Darkness from which a pixel belongs to a stamp or a handwritten number. */
export const STAMP_INK_THRESHOLD = 70;

/**
 * Where the bút lục can be, by filing practice: stamped or written in the top margin at the right
 * of the sheet, clear of the body text, right of the centred page number (which sits at 50 % of
 * the width). Limits are in millimetres of an A4 sheet, so they hold at any resolution.
 */
const ZONE = {
  minCentreX: 0.58,
  maxTopMm: 40,
  maxBottomMm: 55,
  minHeightMm: 2.5,
  maxHeightMm: 20,
  minWidthMm: 1,
  maxWidthMm: 45,
  /** A number has at most 6 digits; with a frame and broken strokes, a few more blobs. */
  maxParts: 14,
  /** Blobs closer than this join a cluster: letters into words, words into lines, digits together. */
  joinXmm: 4,
  joinYmm: 0.8,
  minBlobMm: 0.35,
} as const;

/**
 * Candidate bút lục clusters in the top band of a sheet (ink map of the band, `pxPerMm` of the
 * sheet), top first, with the label image of their blobs. Text lines merge into clusters far wider than any number, and the centred
 * page number is left of the zone, so neither is offered.
 */
export function locateStampCandidates({ ink, pxPerMm }: { ink: InkMap; pxPerMm: number }): {
  candidates: InkCluster[];
  labels: Int32Array;
} {
  const { width, height } = ink;
  const mask = new Uint8Array(width * height);
  for (let i = 0; i < mask.length; i++) {
    mask[i] = ink.data[i]! >= STAMP_INK_THRESHOLD ? 1 : 0;
  }
  const minBlob = ZONE.minBlobMm * pxPerMm;
  const { components, labels } = labelComponents({ mask, width, height });
  const blobs = components.filter(
    (c) =>
      Math.max(c.x1 - c.x0, c.y1 - c.y0) + 1 >= minBlob &&
      // Scanner edges and page borders touch the image border; stamps do not.
      c.x0 > 0 &&
      c.y0 > 0 &&
      c.x1 < width - 1,
  );
  const clusters = clusterBlobs({
    blobs,
    joinX: ZONE.joinXmm * pxPerMm,
    joinY: ZONE.joinYmm * pxPerMm,
  });
  const mm = (px: number) => px / pxPerMm;
  const candidates = clusters
    .filter((c) => {
      const w = mm(c.x1 - c.x0 + 1);
      const h = mm(c.y1 - c.y0 + 1);
      return (
        (c.x0 + c.x1) / 2 >= ZONE.minCentreX * width &&
        mm(c.y0) <= ZONE.maxTopMm &&
        mm(c.y1) <= ZONE.maxBottomMm &&
        c.y1 < height - 1 &&
        h >= ZONE.minHeightMm &&
        h <= ZONE.maxHeightMm &&
        w >= ZONE.minWidthMm &&
        w <= ZONE.maxWidthMm &&
        c.parts.length <= ZONE.maxParts &&
        !isInTextRow({ cluster: c, clusters, pxPerMm })
      );
    })
    .sort((a, b) => a.y0 - b.y0);
  return { candidates, labels };
}

/**
 * Whether a cluster sits in a row of text: another cluster on the same height is a word or line
 * (wider than 15 mm), or there are two or more. A bút lục stands alone in the margin; at most the
 * centred page number shares its height.
 */
function isInTextRow({
  cluster,
  clusters,
  pxPerMm,
}: {
  cluster: InkCluster;
  clusters: InkCluster[];
  pxPerMm: number;
}): boolean {
  const h = cluster.y1 - cluster.y0 + 1;
  const aligned = clusters.filter((other) => {
    if (other === cluster) {
      return false;
    }
    const overlap = Math.min(cluster.y1, other.y1) - Math.max(cluster.y0, other.y0) + 1;
    const otherH = other.y1 - other.y0 + 1;
    return overlap >= 0.5 * Math.min(h, otherH) && otherH >= 0.4 * h;
  });
  return aligned.length >= 2 || aligned.some((o) => o.x1 - o.x0 + 1 > 15 * pxPerMm);
}

/** Single-linkage grouping of blobs whose boxes, grown by (joinX, joinY), overlap. */
export function clusterBlobs({
  blobs,
  joinX,
  joinY,
}: {
  blobs: Component[];
  joinX: number;
  joinY: number;
}): InkCluster[] {
  const parent = blobs.map((_, i) => i);
  const find = (i: number): number => {
    while (parent[i] !== i) {
      parent[i] = parent[parent[i]!]!;
      i = parent[i]!;
    }
    return i;
  };
  const order = blobs.map((_, i) => i).sort((a, b) => blobs[a]!.x0 - blobs[b]!.x0);
  for (let oi = 0; oi < order.length; oi++) {
    const a = blobs[order[oi]!]!;
    for (let oj = oi + 1; oj < order.length; oj++) {
      const b = blobs[order[oj]!]!;
      if (b.x0 > a.x1 + joinX) {
        break;
      }
      const overlapY = b.y0 <= a.y1 + joinY && a.y0 <= b.y1 + joinY;
      if (overlapY) {
        parent[find(order[oi]!)] = find(order[oj]!);
      }
    }
  }
  const groups = new Map<number, InkCluster>();
  blobs.forEach((blob, i) => {
    const root = find(i);
    const group = groups.get(root);
    if (group === undefined) {
      groups.set(root, { ...blob, parts: [blob] });
    } else {
      group.x0 = Math.min(group.x0, blob.x0);
      group.y0 = Math.min(group.y0, blob.y0);
      group.x1 = Math.max(group.x1, blob.x1);
      group.y1 = Math.max(group.y1, blob.y1);
      group.area += blob.area;
      group.parts.push(blob);
    }
  });
  return [...groups.values()];
}
