import { describe, expect, it } from 'vitest';
import type { MapNode } from '@sohoa/contracts';
import { strFromU8, unzipSync } from 'fflate';
import {
  exportFreeMind,
  exportOpml,
  exportXmind,
  importFreeMind,
  importOpml,
  importXmind,
} from './maps.formats.ts';
import { createCaseLinkResolver } from './maps.links.ts';
import { renderMapSvg } from './maps.render.ts';

const links = createCaseLinkResolver({
  caseId: 'case_abcdefghij',
  baseUrl: 'http://sohoa.local:3000/',
  pageIds: new Set(['pg_1', 'pg_2']),
});

const node = (
  id: string,
  parentId: string | null,
  text: string,
  extra: Partial<MapNode> = {},
): MapNode => ({
  id,
  parentId,
  text,
  color: 'default',
  icon: 'none',
  collapsed: false,
  position: null,
  link: null,
  note: null,
  ...extra,
});

const tree: MapNode[] = [
  node('r', null, 'Vụ án "Trộm" <Hà Nội> & Co', { color: 'blue' }),
  node('a', 'r', 'Bị can: Nguyễn Văn A', { icon: 'person', color: 'red', collapsed: true }),
  node('a1', 'a', 'Lời khai (BL 12–15)', {
    icon: 'document',
    link: { kind: 'document', documentId: 'doc_x', pageId: 'pg_1' },
    note: 'Mâu thuẫn\nvới BL 20',
  }),
  node('a2', 'a', 'Vùng ảnh', {
    link: { kind: 'region', pageId: 'pg_2', rect: { x: 0.1, y: 0.2, w: 0.3, h: 0.4 } },
  }),
  node('b', 'r', 'Xem nhánh bị can', {
    link: { kind: 'node', nodeId: 'a' },
    position: { x: 300, y: -40 },
  }),
  node('c', 'r', 'Trang', { link: { kind: 'page', pageId: 'pg_2' } }),
];

describe('map exchange formats', () => {
  it('round-trips a tree through XMind with ids, texts, colours, icons, folds, notes and links', () => {
    const bytes = exportXmind({ title: 'Sơ đồ', nodes: tree, links });
    const files = unzipSync(bytes);
    expect(Object.keys(files).sort()).toEqual(['content.json', 'manifest.json', 'metadata.json']);
    const content = JSON.parse(strFromU8(files['content.json']!));
    expect(content[0].rootTopic.children.attached[0].children.attached[0].href).toBe(
      'http://sohoa.local:3000/cases/case_abcdefghij/view/pg_1?doc=doc_x',
    );
    const back = importXmind({ bytes, links });
    expect(back.title).toBe('Sơ đồ');
    expect(back.nodes).toEqual(tree);
  });

  it('round-trips the structure, texts and links through FreeMind', () => {
    const back = importFreeMind({ text: exportFreeMind({ nodes: tree, links }), links });
    expect(
      back.nodes.map((n) => [n.id, n.parentId, n.text, n.link, n.icon, n.collapsed, n.note]),
    ).toEqual(tree.map((n) => [n.id, n.parentId, n.text, n.link, n.icon, n.collapsed, n.note]));
  });

  it('round-trips the outline and page links through OPML (ids are renumbered)', () => {
    const back = importOpml({ text: exportOpml({ title: 'Sơ đồ', nodes: tree, links }), links });
    expect(back.nodes.map((n) => n.text)).toEqual(tree.map((n) => n.text));
    expect(back.nodes[2]!.link).toEqual(tree[2]!.link);
    expect(back.nodes[0]!.parentId).toBeNull();
    expect(back.nodes[1]!.parentId).toBe(back.nodes[0]!.id);
  });

  it('keeps links to pages of another case as plain hyperlinks on import', () => {
    const other = createCaseLinkResolver({
      caseId: 'case_zzzzzzzzzz',
      baseUrl: 'http://x',
      pageIds: new Set(),
    });
    const back = importXmind({
      bytes: exportXmind({ title: 'S', nodes: tree, links }),
      links: other,
    });
    expect(back.nodes.find((n) => n.id === 'a1')!.link).toMatchObject({ kind: 'url' });
    expect(back.nodes.find((n) => n.id === 'b')!.link).toEqual({ kind: 'node', nodeId: 'a' });
  });

  it('refuses a file that is not a mind map', () => {
    expect(() => importFreeMind({ text: '<html></html>', links })).toThrow();
    expect(() => importXmind({ bytes: new Uint8Array([1, 2, 3]), links })).toThrow();
  });

  it('draws the visible nodes as SVG with escaped text (collapsed children hidden)', () => {
    const svg = renderMapSvg({ nodes: tree });
    expect(svg).toContain('&lt;Hà Nội&gt; &amp; Co');
    expect(svg).not.toContain('Lời khai (BL 12–15)');
    expect(svg).toContain('Xem nhánh bị can');
  });
});
