import { describe, expect, it } from 'vitest';
import { layoutMap, LAYOUT, wrapText } from './maps.layout.ts';

const n = (
  id: string,
  parentId: string | null,
  extra: Partial<{
    text: string;
    collapsed: boolean;
    position: { x: number; y: number } | null;
  }> = {},
) => ({
  id,
  parentId,
  text: extra.text ?? id,
  collapsed: extra.collapsed ?? false,
  position: extra.position ?? null,
});

describe('layoutMap', () => {
  it('puts children to the right of their parent, stacked without overlap, parent centred', () => {
    const { boxes, edges } = layoutMap([n('r', null), n('a', 'r'), n('b', 'r'), n('c', 'r')]);
    const r = boxes.get('r')!;
    const [a, b, c] = ['a', 'b', 'c'].map((id) => boxes.get(id)!);
    expect(a!.x).toBe(r.x + r.w + LAYOUT.gapX);
    expect(b!.y).toBeGreaterThanOrEqual(a!.y + a!.h + LAYOUT.gapY - 0.001);
    expect(c!.y).toBeGreaterThanOrEqual(b!.y + b!.h + LAYOUT.gapY - 0.001);
    expect(r.y + r.h / 2).toBeCloseTo((a!.y + c!.y + c!.h) / 2);
    expect(edges).toHaveLength(3);
  });

  it('leaves out the children of a collapsed node and counts them', () => {
    const { boxes } = layoutMap([n('r', null, { collapsed: true }), n('a', 'r'), n('b', 'r')]);
    expect([...boxes.keys()]).toEqual(['r']);
    expect(boxes.get('r')!.hiddenChildren).toBe(2);
  });

  it('moves a node with a free position together with its subtree', () => {
    const auto = layoutMap([n('r', null), n('a', 'r'), n('a1', 'a')]).boxes;
    const moved = layoutMap([
      n('r', null),
      n('a', 'r', { position: { x: 500, y: 300 } }),
      n('a1', 'a'),
    ]).boxes;
    expect(moved.get('a')).toMatchObject({ x: 500, y: 300 });
    expect(moved.get('a1')!.x - 500).toBeCloseTo(auto.get('a1')!.x - auto.get('a')!.x);
    expect(moved.get('a1')!.y - 300).toBeCloseTo(auto.get('a1')!.y - auto.get('a')!.y);
  });

  it('lays out 300 nodes, and a 2,000-deep chain without overflowing the stack', () => {
    const wide = [
      n('r', null),
      ...Array.from({ length: 299 }, (_, i) => n(`x${i}`, i < 20 ? 'r' : `x${i % 20}`)),
    ];
    expect(layoutMap(wide).boxes.size).toBe(300);
    const deep = [
      n('d0', null),
      ...Array.from({ length: 2000 }, (_, i) => n(`d${i + 1}`, `d${i}`)),
    ];
    expect(layoutMap(deep).boxes.size).toBe(2001);
  });

  it('wraps long text at spaces and cuts words longer than a line', () => {
    expect(wrapText('một hai ba bốn', 7)).toEqual(['một hai', 'ba bốn']);
    expect(wrapText('abcdefghij', 4)).toEqual(['abcd', 'efgh', 'ij']);
  });
});
