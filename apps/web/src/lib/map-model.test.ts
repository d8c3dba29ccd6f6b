import type { MapNode } from '@sohoa/contracts';
import { describe, expect, it } from 'vitest';
import { historyReducer, HISTORY_LIMIT, initialHistory } from './map-history.ts';
import {
  addChild,
  addSibling,
  neighbour,
  removeNode,
  updateNode,
  visibleNodes,
} from './map-model.ts';

const n = (id: string, parentId: string | null, extra: Partial<MapNode> = {}): MapNode => ({
  id,
  parentId,
  text: id,
  color: 'default',
  icon: 'none',
  collapsed: false,
  position: null,
  link: null,
  note: null,
  ...extra,
});
const tree = [n('r', null), n('a', 'r'), n('a1', 'a'), n('a2', 'a'), n('b', 'r')];

describe('map model', () => {
  it('adds a child after the last descendant and expands a collapsed parent', () => {
    const folded = updateNode(tree, 'a', { collapsed: true });
    const { nodes, id } = addChild(folded, 'a', 'x');
    expect(id).toBe('x');
    expect(nodes.map((m) => m.id)).toEqual(['r', 'a', 'a1', 'a2', 'x', 'b']);
    expect(nodes.find((m) => m.id === 'a')!.collapsed).toBe(false);
    expect(folded.find((m) => m.id === 'a')!.collapsed).toBe(true);
  });

  it('adds a sibling right after the node and its subtree; the root gets a child instead', () => {
    expect(addSibling(tree, 'a', 's').nodes.map((m) => [m.id, m.parentId])).toEqual([
      ['r', null],
      ['a', 'r'],
      ['a1', 'a'],
      ['a2', 'a'],
      ['s', 'r'],
      ['b', 'r'],
    ]);
    expect(addSibling(tree, 'r', 's').nodes.find((m) => m.id === 's')!.parentId).toBe('r');
  });

  it('removes a subtree, selects the previous sibling, and never removes the root', () => {
    const { nodes, selectedId } = removeNode(tree, 'b');
    expect(nodes.map((m) => m.id)).toEqual(['r', 'a', 'a1', 'a2']);
    expect(selectedId).toBe('a');
    expect(removeNode(tree, 'a').nodes.map((m) => m.id)).toEqual(['r', 'b']);
    expect(removeNode(tree, 'a1').selectedId).toBe('a2');
    expect(removeNode(tree, 'r').nodes).toHaveLength(5);
  });

  it('moves the selection with arrows: parent, first child, siblings, staying at the edges', () => {
    expect(neighbour(tree, 'a1', 'left')).toBe('a');
    expect(neighbour(tree, 'a', 'right')).toBe('a1');
    expect(neighbour(tree, 'a1', 'down')).toBe('a2');
    expect(neighbour(tree, 'a2', 'down')).toBe('a2');
    expect(neighbour(tree, 'b', 'up')).toBe('a');
    expect(neighbour(tree, 'r', 'left')).toBe('r');
    expect(neighbour(updateNode(tree, 'a', { collapsed: true }), 'a', 'right')).toBe('a');
  });

  it('hides the descendants of a collapsed node', () => {
    expect(visibleNodes(updateNode(tree, 'a', { collapsed: true })).map((m) => m.id)).toEqual([
      'r',
      'a',
      'b',
    ]);
  });
});

describe('map history', () => {
  it('undoes and redoes, and a new edit drops the redo branch', () => {
    let h = initialHistory(tree);
    const one = addChild(tree, 'b', 'c').nodes;
    h = historyReducer(h, { type: 'apply', nodes: one });
    const two = updateNode(one, 'c', { text: 'hai' });
    h = historyReducer(h, { type: 'apply', nodes: two });
    h = historyReducer(h, { type: 'undo' });
    expect(h.present).toBe(one);
    h = historyReducer(h, { type: 'undo' });
    expect(h.present).toBe(tree);
    expect(historyReducer(h, { type: 'undo' })).toBe(h);
    h = historyReducer(h, { type: 'redo' });
    expect(h.present).toBe(one);
    h = historyReducer(h, { type: 'apply', nodes: removeNode(one, 'a').nodes });
    expect(h.future).toEqual([]);
    expect(historyReducer(h, { type: 'redo' })).toBe(h);
  });

  it('keeps at most the last HISTORY_LIMIT states', () => {
    let h = initialHistory(tree);
    for (let i = 0; i < HISTORY_LIMIT + 20; i++) {
      h = historyReducer(h, { type: 'apply', nodes: updateNode(h.present, 'r', { text: `${i}` }) });
    }
    expect(h.past).toHaveLength(HISTORY_LIMIT);
  });
});
