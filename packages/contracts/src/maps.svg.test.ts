import { describe, expect, it } from 'vitest';
import { mapBranch, mapBranchChoices, renderMapSvg, type MapSvgNode } from './maps.svg.ts';

const node = (id: string, parentId: string | null, text: string, more: Partial<MapSvgNode> = {}) =>
  ({
    id,
    parentId,
    text,
    color: 'default',
    icon: 'none',
    collapsed: false,
    position: null,
    link: null,
    ...more,
  }) satisfies MapSvgNode;

const nodes = [
  node('r', null, 'Vụ án'),
  node('a', 'r', 'Bị can Nguyễn Văn A', { collapsed: true, position: { x: 500, y: 40 } }),
  node('a1', 'a', 'Lời khai ngày 12/3'),
  node('a2', 'a', 'Nhân thân'),
  node('a2x', 'a2', 'Tiền án <2019>'),
  node('v', 'r', 'Bị hại'),
];

describe('map branches for the audience screen', () => {
  it('takes a node and its whole subtree as a map of its own, rooted and expanded', () => {
    const branch = mapBranch({ nodes, branchId: 'a' })!;
    expect(branch.map((n) => n.id)).toEqual(['a', 'a1', 'a2', 'a2x']);
    expect(branch[0]).toMatchObject({ parentId: null, collapsed: false, position: null });
    const svg = renderMapSvg({ nodes: branch });
    expect(svg).toContain('Lời khai ngày 12/3');
    expect(svg).toContain('Tiền án &lt;2019&gt;');
    expect(svg).not.toContain('Bị hại');
  });

  it('gives the whole map for the root and nothing for an unknown node', () => {
    expect(mapBranch({ nodes, branchId: 'r' })).toHaveLength(nodes.length);
    expect(mapBranch({ nodes, branchId: 'nope' })).toBeNull();
  });

  it('lists the root and the first two levels in reading order, with depths', () => {
    expect(mapBranchChoices({ nodes })).toEqual([
      { id: 'r', text: 'Vụ án', depth: 0 },
      { id: 'a', text: 'Bị can Nguyễn Văn A', depth: 1 },
      { id: 'a1', text: 'Lời khai ngày 12/3', depth: 2 },
      { id: 'a2', text: 'Nhân thân', depth: 2 },
      { id: 'v', text: 'Bị hại', depth: 1 },
    ]);
    expect(mapBranchChoices({ nodes, maxDepth: 1 }).map((c) => c.id)).toEqual(['r', 'a', 'v']);
  });
});
