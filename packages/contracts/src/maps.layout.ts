/*
 * Automatic layout of a mind map (issue 7 §1), shared by the web editor and the server's SVG/PNG/PDF
 * export so that both draw the same picture. A left-to-right tree ("logic chart", as XMind draws
 * it): each subtree takes the height of its children, parents are centred on them. A node with a
 * free `position` is moved there together with its subtree.
 */

export interface LayoutNodeInput {
  id: string;
  parentId: string | null;
  text: string;
  collapsed: boolean;
  position: { x: number; y: number } | null;
  /** An icon other than 'none' is drawn before the text and takes room. */
  icon?: string;
}

export interface LayoutBox {
  id: string;
  x: number;
  y: number;
  w: number;
  h: number;
  lines: string[];
  depth: number;
  /** Number of hidden descendants' direct children when collapsed (0 otherwise). */
  hiddenChildren: number;
}

export interface MapLayout {
  boxes: Map<string, LayoutBox>;
  /** Parent → child, in draw order. */
  edges: Array<{ from: string; to: string }>;
  bounds: { minX: number; minY: number; maxX: number; maxY: number };
}

export const LAYOUT = {
  // Average advance of DejaVu Sans 12 px over Vietnamese text, capitals included.
  charWidth: 7.8,
  lineHeight: 17,
  padX: 10,
  padY: 7,
  maxChars: 34,
  gapX: 44,
  gapY: 12,
} as const;

/** Wraps `text` into lines of at most `max` characters, breaking at spaces when possible. */
export function wrapText(text: string, max: number = LAYOUT.maxChars): string[] {
  const out: string[] = [];
  for (const para of (text || ' ').split('\n')) {
    let line = '';
    for (const word of para.split(/\s+/)) {
      let w = word;
      while (w.length > max) {
        if (line) {
          out.push(line);
          line = '';
        }
        out.push(w.slice(0, max));
        w = w.slice(max);
      }
      if (!line) {
        line = w;
      } else if (line.length + 1 + w.length <= max) {
        line += ` ${w}`;
      } else {
        out.push(line);
        line = w;
      }
    }
    out.push(line);
  }
  return out.slice(0, 12);
}

/** Size of a node box for its text. */
export function measureNode(text: string, icon = false): { w: number; h: number; lines: string[] } {
  const lines = wrapText(text);
  // The icon glyph and its space count as two characters on the first line.
  const longest = Math.max(1, ...lines.map((l, i) => l.length + (icon && i === 0 ? 2 : 0)));
  return {
    w: Math.round(longest * LAYOUT.charWidth + 2 * LAYOUT.padX),
    h: lines.length * LAYOUT.lineHeight + 2 * LAYOUT.padY,
    lines,
  };
}

/**
 * Lays the visible tree out (children of a collapsed node are left out).
 *
 * @example
 * const { boxes } = layoutMap([{ id: 'r', parentId: null, text: 'Vụ án', collapsed: false, position: null }]);
 * boxes.get('r'); // → { x: 0, y: 0, w: …, h: … }
 */
export function layoutMap(nodes: readonly LayoutNodeInput[]): MapLayout {
  const children = new Map<string, LayoutNodeInput[]>();
  let root: LayoutNodeInput | undefined;
  for (const n of nodes) {
    if (n.parentId === null) {
      root ??= n;
    } else {
      const list = children.get(n.parentId);
      if (list) {
        list.push(n);
      } else {
        children.set(n.parentId, [n]);
      }
    }
  }
  const boxes = new Map<string, LayoutBox>();
  const edges: Array<{ from: string; to: string }> = [];
  if (!root) {
    return { boxes, edges, bounds: { minX: 0, minY: 0, maxX: 0, maxY: 0 } };
  }
  const sizes = new Map<string, ReturnType<typeof measureNode>>();
  const subtreeHeight = new Map<string, number>();
  const visibleKids = (n: LayoutNodeInput) => (n.collapsed ? [] : (children.get(n.id) ?? []));

  // Post-order without recursion: deep maps (hundreds of levels) must not overflow the stack.
  const order: LayoutNodeInput[] = [];
  const stack = [root];
  while (stack.length > 0) {
    const n = stack.pop()!;
    order.push(n);
    stack.push(...visibleKids(n));
  }
  for (let i = order.length - 1; i >= 0; i -= 1) {
    const n = order[i]!;
    const size = measureNode(n.text, n.icon !== undefined && n.icon !== 'none');
    sizes.set(n.id, size);
    const kids = visibleKids(n);
    const kidsHeight =
      kids.reduce((sum, k) => sum + subtreeHeight.get(k.id)!, 0) +
      Math.max(0, kids.length - 1) * LAYOUT.gapY;
    subtreeHeight.set(n.id, Math.max(size.h, kidsHeight));
  }

  const place: Array<{ node: LayoutNodeInput; x: number; top: number; depth: number }> = [
    { node: root, x: 0, top: -subtreeHeight.get(root.id)! / 2, depth: 0 },
  ];
  while (place.length > 0) {
    const { node, x, top, depth } = place.pop()!;
    const size = sizes.get(node.id)!;
    const height = subtreeHeight.get(node.id)!;
    const y = top + height / 2 - size.h / 2;
    boxes.set(node.id, {
      id: node.id,
      x,
      y,
      w: size.w,
      h: size.h,
      lines: size.lines,
      depth,
      hiddenChildren: node.collapsed ? (children.get(node.id)?.length ?? 0) : 0,
    });
    const kids = visibleKids(node);
    const kidsHeight =
      kids.reduce((sum, k) => sum + subtreeHeight.get(k.id)!, 0) +
      Math.max(0, kids.length - 1) * LAYOUT.gapY;
    let cursor = top + (height - kidsHeight) / 2;
    for (const k of kids) {
      edges.push({ from: node.id, to: k.id });
      place.push({ node: k, x: x + size.w + LAYOUT.gapX, top: cursor, depth: depth + 1 });
      cursor += subtreeHeight.get(k.id)! + LAYOUT.gapY;
    }
  }

  // Free positions: move the node and its visible subtree by the same offset (pre-order, so an
  // inner free node placed after its ancestor's move ends where it was put).
  for (const n of order) {
    if (n.position && boxes.has(n.id)) {
      const box = boxes.get(n.id)!;
      const dx = n.position.x - box.x;
      const dy = n.position.y - box.y;
      const todo = [n];
      while (todo.length > 0) {
        const cur = todo.pop()!;
        const b = boxes.get(cur.id)!;
        b.x += dx;
        b.y += dy;
        todo.push(...visibleKids(cur));
      }
    }
  }

  const bounds = { minX: Infinity, minY: Infinity, maxX: -Infinity, maxY: -Infinity };
  for (const b of boxes.values()) {
    bounds.minX = Math.min(bounds.minX, b.x);
    bounds.minY = Math.min(bounds.minY, b.y);
    bounds.maxX = Math.max(bounds.maxX, b.x + b.w);
    bounds.maxY = Math.max(bounds.maxY, b.y + b.h);
  }
  return { boxes, edges, bounds };
}
