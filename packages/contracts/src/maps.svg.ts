import { layoutMap, LAYOUT } from './maps.layout.ts';
import type { MapColor, MapNode } from './maps.schemas.ts';

/*
 * The map as an SVG picture, as a string: the server's SVG/PNG/PDF export, the court package and
 * the audience screen (a map branch pushed to the projector, online or from file://) all draw
 * with this one function, from the same layout as the web editor.
 */

/** Colour of each node colour as a fill (also the XMind/FreeMind exchange colours). */
export const MAP_FILLS: Record<MapColor, string> = {
  default: '#ffffff',
  red: '#fde2e1',
  orange: '#fdebd3',
  yellow: '#fff6c2',
  green: '#dcf3df',
  blue: '#dbeafe',
  purple: '#ece0fb',
  grey: '#eceff3',
};

/** A glyph per icon, drawn before the node text. */
export const MAP_ICON_GLYPHS: Record<string, string> = {
  person: '☻',
  document: '▤',
  evidence: '◆',
  calendar: '◷',
  warning: '⚠',
  question: '?',
  star: '★',
  law: '⚖',
};

const MARGIN = 24;

const escapeXmlText = (text: string) =>
  text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');

/** The fields of a node the picture needs (a package's or an API's node both fit). */
export type MapSvgNode = Pick<
  MapNode,
  'id' | 'parentId' | 'text' | 'color' | 'icon' | 'collapsed' | 'position' | 'link'
>;

/**
 * Draws the visible nodes (children of collapsed nodes left out) as a standalone SVG document with
 * a white background. Text is escaped; colours come from a fixed table, so the string is safe to
 * parse into a page.
 *
 * @example
 * const svg = renderMapSvg({ nodes: map.document.nodes });
 */
export function renderMapSvg({ nodes }: { nodes: readonly MapSvgNode[] }): string {
  const { boxes, edges, bounds } = layoutMap(nodes);
  const byId = new Map(nodes.map((n) => [n.id, n]));
  const width = Math.ceil(bounds.maxX - bounds.minX + 2 * MARGIN);
  const height = Math.ceil(bounds.maxY - bounds.minY + 2 * MARGIN);
  const ox = MARGIN - bounds.minX;
  const oy = MARGIN - bounds.minY;
  const out: string[] = [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}" font-family="DejaVu Sans, Arial, sans-serif" font-size="12">`,
    `<rect width="100%" height="100%" fill="#ffffff"/>`,
  ];
  for (const e of edges) {
    const a = boxes.get(e.from)!;
    const b = boxes.get(e.to)!;
    const x1 = a.x + a.w + ox;
    const y1 = a.y + a.h / 2 + oy;
    const x2 = b.x + ox;
    const y2 = b.y + b.h / 2 + oy;
    const mx = (x1 + x2) / 2;
    out.push(
      `<path d="M${x1} ${y1} C${mx} ${y1} ${mx} ${y2} ${x2} ${y2}" fill="none" stroke="#94a3b8" stroke-width="1.5"/>`,
    );
  }
  for (const box of boxes.values()) {
    const node = byId.get(box.id)!;
    const x = box.x + ox;
    const y = box.y + oy;
    const stroke = node.link ? '#2563eb' : '#64748b';
    const fill = MAP_FILLS[node.color] ?? MAP_FILLS.default;
    out.push(
      `<rect x="${x}" y="${y}" width="${box.w}" height="${box.h}" rx="6" fill="${fill}" stroke="${stroke}" stroke-width="${box.depth === 0 ? 2 : 1}"/>`,
    );
    const icon = node.icon !== 'none' ? `${MAP_ICON_GLYPHS[node.icon] ?? ''} ` : '';
    box.lines.forEach((line, i) => {
      const ty = y + LAYOUT.padY + (i + 1) * LAYOUT.lineHeight - 4;
      out.push(
        `<text x="${x + LAYOUT.padX}" y="${ty}" fill="#0f172a"${box.depth === 0 ? ' font-weight="bold"' : ''}>${escapeXmlText(i === 0 ? icon + line : line)}</text>`,
      );
    });
    if (box.hiddenChildren > 0) {
      out.push(
        `<circle cx="${x + box.w + 8}" cy="${y + box.h / 2}" r="7" fill="#ffffff" stroke="#64748b"/>`,
        `<text x="${x + box.w + 8}" y="${y + box.h / 2 + 4}" text-anchor="middle" font-size="9">${box.hiddenChildren}</text>`,
      );
    }
  }
  out.push('</svg>');
  return `${out.join('\n')}\n`;
}

function childrenOf<N extends MapSvgNode>(nodes: readonly N[]): Map<string, N[]> {
  const children = new Map<string, N[]>();
  for (const n of nodes) {
    if (n.parentId !== null) {
      const list = children.get(n.parentId);
      if (list) {
        list.push(n);
      } else {
        children.set(n.parentId, [n]);
      }
    }
  }
  return children;
}

/**
 * One branch of a map as a map of its own: the node `branchId` becomes the root (expanded, so a
 * pushed branch always shows its children), its descendants keep their collapsed state; free
 * positions are dropped (they are relative to the whole map). The root id gives the whole map.
 * Returns null when the node is not in the map.
 *
 * @example
 * const branch = mapBranch({ nodes, branchId: 'n_accused' }); // → [{ id: 'n_accused', parentId: null, … }, …]
 */
export function mapBranch<N extends MapSvgNode>({
  nodes,
  branchId,
}: {
  nodes: readonly N[];
  branchId: string;
}): N[] | null {
  const top = nodes.find((n) => n.id === branchId);
  if (!top) {
    return null;
  }
  const children = childrenOf(nodes);
  const out: N[] = [{ ...top, parentId: null, collapsed: false, position: null }];
  for (let i = 0; i < out.length; i += 1) {
    for (const n of children.get(out[i]!.id) ?? []) {
      out.push({ ...n, position: null });
    }
  }
  return out;
}

/**
 * What a presenter can push from a map: the whole map (the root) and every node down to
 * `maxDepth`, in reading order, with its depth for indentation.
 */
export function mapBranchChoices({
  nodes,
  maxDepth = 2,
}: {
  nodes: readonly MapSvgNode[];
  maxDepth?: number;
}): Array<{ id: string; text: string; depth: number }> {
  const children = childrenOf(nodes);
  const root = nodes.find((n) => n.parentId === null);
  const out: Array<{ id: string; text: string; depth: number }> = [];
  const stack: Array<{ node: MapSvgNode; depth: number }> = root ? [{ node: root, depth: 0 }] : [];
  while (stack.length > 0) {
    const { node, depth } = stack.pop()!;
    out.push({ id: node.id, text: node.text.split('\n')[0] ?? '', depth });
    if (depth < maxDepth) {
      const kids = children.get(node.id) ?? [];
      for (let i = kids.length - 1; i >= 0; i -= 1) {
        stack.push({ node: kids[i]!, depth: depth + 1 });
      }
    }
  }
  return out;
}
