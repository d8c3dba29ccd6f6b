/**
 * Pure edits of a mind map (the web editor's model): nodes in a flat list, each with its parent.
 * Every function returns a new list and never mutates its input, so the history below can keep
 * old states by reference.
 */
import type { MapNode } from '@sohoa/contracts';

export function newNodeId(): string {
  return `n${Date.now().toString(36)}${Math.random().toString(36).slice(2, 8)}`;
}

const blank = (id: string, parentId: string, text = ''): MapNode => ({
  id,
  parentId,
  text,
  color: 'default',
  icon: 'none',
  collapsed: false,
  position: null,
  link: null,
  note: null,
});

export function childrenOf(nodes: readonly MapNode[], id: string): MapNode[] {
  return nodes.filter((n) => n.parentId === id);
}

/** A new last child of `parentId` (the parent is expanded so the child shows). */
export function addChild(nodes: readonly MapNode[], parentId: string, id = newNodeId()) {
  const out = nodes.map((n) => (n.id === parentId && n.collapsed ? { ...n, collapsed: false } : n));
  // Placed after the parent's last descendant in the list, so list order stays the tree order.
  const last = lastDescendantIndex(out, parentId);
  out.splice(last + 1, 0, blank(id, parentId));
  return { nodes: out, id };
}

/** A new sibling right after `id`; for the root, a child (the root has no sibling). */
export function addSibling(nodes: readonly MapNode[], id: string, newId = newNodeId()) {
  const node = nodes.find((n) => n.id === id);
  if (!node || node.parentId === null) {
    return addChild(nodes, id, newId);
  }
  const out = [...nodes];
  out.splice(lastDescendantIndex(out, id) + 1, 0, blank(newId, node.parentId));
  return { nodes: out, id: newId };
}

function lastDescendantIndex(nodes: readonly MapNode[], id: string): number {
  const inside = new Set([id]);
  let last = nodes.findIndex((n) => n.id === id);
  nodes.forEach((n, i) => {
    if (n.parentId !== null && inside.has(n.parentId)) {
      inside.add(n.id);
      last = Math.max(last, i);
    }
  });
  return last;
}

/** Ids of `id` and everything below it. */
export function subtreeIds(nodes: readonly MapNode[], id: string): Set<string> {
  const ids = new Set([id]);
  let grew = true;
  while (grew) {
    grew = false;
    for (const n of nodes) {
      if (n.parentId !== null && ids.has(n.parentId) && !ids.has(n.id)) {
        ids.add(n.id);
        grew = true;
      }
    }
  }
  return ids;
}

/**
 * Removes a node and its subtree (never the root). The next selection is the previous sibling,
 * else the next one, else the parent.
 */
export function removeNode(nodes: readonly MapNode[], id: string) {
  const node = nodes.find((n) => n.id === id);
  if (!node || node.parentId === null) {
    return { nodes: [...nodes], selectedId: id };
  }
  const siblings = childrenOf(nodes, node.parentId);
  const at = siblings.findIndex((s) => s.id === id);
  const next = siblings[at - 1] ?? siblings[at + 1] ?? null;
  const gone = subtreeIds(nodes, id);
  return {
    nodes: nodes.filter((n) => !gone.has(n.id)),
    selectedId: next?.id ?? node.parentId,
  };
}

export function updateNode(
  nodes: readonly MapNode[],
  id: string,
  patch: Partial<Omit<MapNode, 'id' | 'parentId'>>,
): MapNode[] {
  return nodes.map((n) => (n.id === id ? { ...n, ...patch } : n));
}

/** Nodes shown: those without a collapsed ancestor. */
export function visibleNodes(nodes: readonly MapNode[]): MapNode[] {
  const byId = new Map(nodes.map((n) => [n.id, n]));
  const hidden = (n: MapNode): boolean => {
    let p = n.parentId !== null ? byId.get(n.parentId) : undefined;
    while (p) {
      if (p.collapsed) {
        return true;
      }
      p = p.parentId !== null ? byId.get(p.parentId) : undefined;
    }
    return false;
  };
  return nodes.filter((n) => !hidden(n));
}

export type Direction = 'left' | 'right' | 'up' | 'down';

/**
 * The node an arrow key moves to, in the left-to-right tree: left = parent, right = first child
 * (if expanded), up/down = previous/next sibling. Stays put at the edges.
 */
export function neighbour(nodes: readonly MapNode[], id: string, direction: Direction): string {
  const node = nodes.find((n) => n.id === id);
  if (!node) {
    return id;
  }
  switch (direction) {
    case 'left':
      return node.parentId ?? id;
    case 'right':
      return node.collapsed ? id : (childrenOf(nodes, id)[0]?.id ?? id);
    case 'up':
    case 'down': {
      if (node.parentId === null) {
        return id;
      }
      const siblings = childrenOf(nodes, node.parentId);
      const at = siblings.findIndex((s) => s.id === id);
      const to = siblings[direction === 'up' ? at - 1 : at + 1];
      return to?.id ?? id;
    }
  }
}
