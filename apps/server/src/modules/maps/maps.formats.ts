import { strFromU8, strToU8, unzipSync, zipSync } from 'fflate';
import {
  MAP_FILLS,
  mapDocumentSchema,
  type MapColor,
  type MapIcon,
  type MapLink,
  type MapNode,
} from '@sohoa/contracts';
import { escapeXml, parseXml, type XmlElement } from './maps.xml.ts';

/*
 * Exchange formats of a case mind map (issue 7 §3): XMind Zen (.xmind = zip of content.json,
 * metadata.json, manifest.json), FreeMind (.mm) and OPML. All pure: bytes or strings in and out.
 * Links leave as hyperlinks (`case.pdf#page=N` to the exported case PDF where the page is known,
 * else a sohoa URL) and come back through the same resolver.
 */

/** Turns node links into hyperlinks and back (the case decides how pages are addressed). */
export interface LinkResolver {
  toHref(link: MapLink): string | null;
  fromHref(href: string): MapLink | null;
}

export { MAP_FILLS };
const fillToColor = new Map(Object.entries(MAP_FILLS).map(([k, v]) => [v, k as MapColor]));

/** XMind marker ids of our icons (kept when XMind re-saves the file). */
const ICON_MARKERS: Record<Exclude<MapIcon, 'none'>, string> = {
  person: 'people-blue',
  document: 'symbol-attachment',
  evidence: 'symbol-exclam',
  calendar: 'task-start',
  warning: 'symbol-minus',
  question: 'symbol-question',
  star: 'star-red',
  law: 'flag-blue',
};
const markerToIcon = new Map(Object.entries(ICON_MARKERS).map(([k, v]) => [v, k as MapIcon]));

const NODE_HREF = 'xmind:#';

interface Tree {
  node: MapNode;
  children: Tree[];
}

function toTree(nodes: readonly MapNode[]): Tree {
  const trees = new Map(nodes.map((n) => [n.id, { node: n, children: [] as Tree[] }]));
  let root: Tree | undefined;
  for (const n of nodes) {
    const t = trees.get(n.id)!;
    if (n.parentId === null) {
      root = t;
    } else {
      trees.get(n.parentId)?.children.push(t);
    }
  }
  if (!root) {
    throw new Error('a map has a root');
  }
  return root;
}

function hrefOf(link: MapLink | null, links: LinkResolver): string | null {
  if (!link) {
    return null;
  }
  if (link.kind === 'node') {
    return `${NODE_HREF}${link.nodeId}`;
  }
  if (link.kind === 'url') {
    return link.url;
  }
  return links.toHref(link);
}

function linkOf(href: string | undefined, links: LinkResolver): MapLink | null {
  if (!href) {
    return null;
  }
  if (href.startsWith(NODE_HREF)) {
    return { kind: 'node', nodeId: href.slice(NODE_HREF.length) };
  }
  const resolved = links.fromHref(href);
  if (resolved) {
    return resolved;
  }
  return /^https?:\/\//.test(href) ? { kind: 'url', url: href } : null;
}

/** A node with every field at its default, as imports build them. */
function plainNode(id: string, parentId: string | null, text: string): MapNode {
  return {
    id,
    parentId,
    text,
    color: 'default',
    icon: 'none',
    collapsed: false,
    position: null,
    link: null,
    note: null,
  };
}

/** Validates an imported tree (same rules as a saved map). */
function checked(title: string, nodes: MapNode[]) {
  const parsed = mapDocumentSchema.safeParse({ nodes });
  if (!parsed.success) {
    throw new Error(parsed.error.issues[0]?.message ?? 'invalid map');
  }
  return { title: title.trim() || 'Sơ đồ', nodes: parsed.data.nodes };
}

// --- XMind -----------------------------------------------------------------------------------

interface XmindTopic {
  id: string;
  class?: string;
  title?: string;
  href?: string;
  branch?: string;
  structureClass?: string;
  children?: { attached?: XmindTopic[]; detached?: XmindTopic[] };
  notes?: { plain?: { content?: string } };
  markers?: Array<{ markerId: string }>;
  style?: { properties?: Record<string, string> };
  position?: { x: number; y: number };
}

export function exportXmind({
  title,
  nodes,
  links,
}: {
  title: string;
  nodes: readonly MapNode[];
  links: LinkResolver;
}): Uint8Array {
  const topic = (t: Tree): XmindTopic => {
    const { node } = t;
    const href = hrefOf(node.link, links);
    return {
      id: node.id,
      class: 'topic',
      title: node.text,
      ...(href ? { href } : {}),
      ...(node.collapsed ? { branch: 'folded' } : {}),
      ...(node.note ? { notes: { plain: { content: node.note } } } : {}),
      ...(node.icon !== 'none' ? { markers: [{ markerId: ICON_MARKERS[node.icon] }] } : {}),
      ...(node.color !== 'default'
        ? { style: { properties: { 'svg:fill': MAP_FILLS[node.color] } } }
        : {}),
      ...(node.position ? { position: node.position } : {}),
      ...(t.children.length > 0 ? { children: { attached: t.children.map(topic) } } : {}),
    };
  };
  const root = toTree(nodes);
  const content = [
    {
      id: `sheet-${root.node.id}`,
      class: 'sheet',
      title,
      rootTopic: { ...topic(root), structureClass: 'org.xmind.ui.logic.right' },
    },
  ];
  return zipSync(
    {
      'content.json': strToU8(JSON.stringify(content)),
      'metadata.json': strToU8(
        JSON.stringify({ creator: { name: 'sohoa', version: '1' }, dataStructureVersion: '2' }),
      ),
      'manifest.json': strToU8(
        JSON.stringify({ 'file-entries': { 'content.json': {}, 'metadata.json': {} } }),
      ),
    },
    { level: 6, mtime: new Date('2000-01-01T00:00:00Z') },
  );
}

/** Reads the first sheet of an XMind Zen file (content.json); throws when it is not one. */
export function importXmind({ bytes, links }: { bytes: Uint8Array; links: LinkResolver }) {
  const files = unzipSync(bytes);
  const json = files['content.json'];
  if (!json) {
    throw new Error('no content.json (XMind 8 files must be re-saved by XMind Zen or later)');
  }
  const sheets = JSON.parse(strFromU8(json)) as Array<{ title?: string; rootTopic?: XmindTopic }>;
  const sheet = sheets[0];
  if (!sheet?.rootTopic) {
    throw new Error('no sheet');
  }
  const nodes: MapNode[] = [];
  const seen = new Set<string>();
  let fresh = 0;
  const stack: Array<{ topic: XmindTopic; parentId: string | null }> = [
    { topic: sheet.rootTopic, parentId: null },
  ];
  while (stack.length > 0) {
    // Pre-order, like the tree was written: children come back in their order.
    const { topic, parentId } = stack.pop()!;
    let id = typeof topic.id === 'string' && topic.id && topic.id.length <= 64 ? topic.id : '';
    if (!id || seen.has(id)) {
      fresh += 1;
      id = `x${fresh}`;
    }
    seen.add(id);
    const marker = topic.markers?.map((m) => markerToIcon.get(m.markerId)).find(Boolean);
    const fill = topic.style?.properties?.['svg:fill']?.toLowerCase();
    nodes.push({
      ...plainNode(id, parentId, String(topic.title ?? '').slice(0, 2000)),
      color: (fill && fillToColor.get(fill)) || 'default',
      icon: marker ?? 'none',
      collapsed: topic.branch === 'folded',
      position:
        topic.position && Number.isFinite(topic.position.x) && Number.isFinite(topic.position.y)
          ? { x: topic.position.x, y: topic.position.y }
          : null,
      link: linkOf(topic.href, links),
      note: topic.notes?.plain?.content?.slice(0, 4000) || null,
    });
    for (const child of [...(topic.children?.attached ?? [])].reverse()) {
      stack.push({ topic: child, parentId: id });
    }
  }
  return checked(sheet.title ?? sheet.rootTopic.title ?? '', nodes);
}

// --- FreeMind ----------------------------------------------------------------------------------

export function exportFreeMind({
  nodes,
  links,
}: {
  nodes: readonly MapNode[];
  links: LinkResolver;
}): string {
  const out: string[] = ['<map version="1.0.1">'];
  const walk = (t: Tree, depth: number) => {
    const { node } = t;
    const href = hrefOf(node.link, links);
    const attrs = [
      `ID="${escapeXml(node.id)}"`,
      `TEXT="${escapeXml(node.text)}"`,
      href ? `LINK="${escapeXml(href)}"` : '',
      node.collapsed ? 'FOLDED="true"' : '',
      node.color !== 'default' ? `BACKGROUND_COLOR="${MAP_FILLS[node.color]}"` : '',
    ].filter(Boolean);
    const pad = '  '.repeat(depth);
    const inner: string[] = [];
    if (node.icon !== 'none') {
      inner.push(`${pad}  <icon BUILTIN="${ICON_MARKERS[node.icon]}"/>`);
    }
    if (node.note) {
      inner.push(`${pad}  <attribute NAME="note" VALUE="${escapeXml(node.note)}"/>`);
    }
    if (t.children.length === 0 && inner.length === 0) {
      out.push(`${pad}<node ${attrs.join(' ')}/>`);
      return;
    }
    out.push(`${pad}<node ${attrs.join(' ')}>`);
    out.push(...inner);
    for (const c of t.children) {
      walk(c, depth + 1);
    }
    out.push(`${pad}</node>`);
  };
  walk(toTree(nodes), 1);
  out.push('</map>');
  return `${out.join('\n')}\n`;
}

export function importFreeMind({ text, links }: { text: string; links: LinkResolver }) {
  const doc = parseXml(text);
  const rootEl = doc.children.find((c) => c.name === 'node');
  if (doc.name !== 'map' || !rootEl) {
    throw new Error('not a FreeMind map');
  }
  const nodes: MapNode[] = [];
  const seen = new Set<string>();
  let fresh = 0;
  const walk = (el: XmlElement, parentId: string | null) => {
    let id = el.attrs.ID ?? '';
    if (!id || id.length > 64 || seen.has(id)) {
      fresh += 1;
      id = `f${fresh}`;
    }
    seen.add(id);
    const icon = el.children
      .filter((c) => c.name === 'icon')
      .map((c) => markerToIcon.get(c.attrs.BUILTIN ?? ''))
      .find(Boolean);
    const note = el.children.find((c) => c.name === 'attribute' && c.attrs.NAME === 'note');
    nodes.push({
      ...plainNode(id, parentId, (el.attrs.TEXT ?? '').slice(0, 2000)),
      color: fillToColor.get((el.attrs.BACKGROUND_COLOR ?? '').toLowerCase()) ?? 'default',
      icon: icon ?? 'none',
      collapsed: el.attrs.FOLDED === 'true',
      link: linkOf(el.attrs.LINK, links),
      note: note?.attrs.VALUE || null,
    });
    for (const c of el.children.filter((c) => c.name === 'node')) {
      walk(c, id);
    }
  };
  walk(rootEl, null);
  return checked(rootEl.attrs.TEXT ?? '', nodes);
}

// --- OPML --------------------------------------------------------------------------------------

export function exportOpml({
  title,
  nodes,
  links,
}: {
  title: string;
  nodes: readonly MapNode[];
  links: LinkResolver;
}): string {
  const out: string[] = [
    '<?xml version="1.0" encoding="UTF-8"?>',
    '<opml version="2.0">',
    `  <head><title>${escapeXml(title)}</title></head>`,
    '  <body>',
  ];
  const walk = (t: Tree, depth: number) => {
    const { node } = t;
    const href = hrefOf(node.link, links);
    const attrs = [
      `text="${escapeXml(node.text)}"`,
      href ? `type="link" url="${escapeXml(href)}"` : '',
      node.note ? `_note="${escapeXml(node.note)}"` : '',
    ].filter(Boolean);
    const pad = '  '.repeat(depth);
    if (t.children.length === 0) {
      out.push(`${pad}<outline ${attrs.join(' ')}/>`);
      return;
    }
    out.push(`${pad}<outline ${attrs.join(' ')}>`);
    for (const c of t.children) {
      walk(c, depth + 1);
    }
    out.push(`${pad}</outline>`);
  };
  walk(toTree(nodes), 2);
  out.push('  </body>', '</opml>');
  return `${out.join('\n')}\n`;
}

export function importOpml({ text, links }: { text: string; links: LinkResolver }) {
  const doc = parseXml(text);
  const body = doc.children.find((c) => c.name === 'body');
  if (doc.name !== 'opml' || !body) {
    throw new Error('not an OPML file');
  }
  const outlines = body.children.filter((c) => c.name === 'outline');
  // One top outline is the root; several get a root named after the file's title.
  const head = doc.children.find((c) => c.name === 'head');
  const headTitle = head?.children.find((c) => c.name === 'title');
  const nodes: MapNode[] = [];
  let seq = 0;
  const walk = (el: XmlElement, parentId: string | null) => {
    seq += 1;
    const id = `o${seq}`;
    nodes.push({
      ...plainNode(id, parentId, (el.attrs.text ?? el.attrs.title ?? '').slice(0, 2000)),
      link: linkOf(el.attrs.url, links),
      note: el.attrs._note || null,
    });
    for (const c of el.children.filter((c) => c.name === 'outline')) {
      walk(c, id);
    }
  };
  if (outlines.length === 1) {
    walk(outlines[0]!, null);
  } else {
    seq += 1;
    nodes.push(plainNode('o1', null, headTitle?.attrs.text ?? 'OPML'));
    for (const o of outlines) {
      walk(o, 'o1');
    }
  }
  return checked(nodes[0]?.text ?? '', nodes);
}
