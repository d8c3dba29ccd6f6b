import type { UnitRelation } from './access.types.ts';

/** The unit tree as parent links; small (hundreds of units), so it is held whole. */
export interface UnitTree {
  parentOf: ReadonlyMap<string, string | null>;
}

export function createUnitTree({
  units,
}: {
  units: Array<{ id: string; parentId: string | null }>;
}): UnitTree {
  return { parentOf: new Map(units.map((u) => [u.id, u.parentId])) };
}

/** Ids from `unitId` up to the root, `unitId` first. Guards against a cycle in corrupt data. */
export function ancestorsOf({ tree, unitId }: { tree: UnitTree; unitId: string }): string[] {
  const chain: string[] = [];
  let current: string | null | undefined = unitId;
  while (current && !chain.includes(current)) {
    chain.push(current);
    current = tree.parentOf.get(current);
  }
  return chain;
}

/** `unitId` and every unit below it. */
export function subtreeOf({ tree, unitId }: { tree: UnitTree; unitId: string }): string[] {
  const children = new Map<string, string[]>();
  for (const [id, parent] of tree.parentOf) {
    if (parent) {
      children.set(parent, [...(children.get(parent) ?? []), id]);
    }
  }
  const out: string[] = [];
  const stack = [unitId];
  while (stack.length > 0) {
    const id = stack.pop()!;
    if (!out.includes(id)) {
      out.push(id);
      stack.push(...(children.get(id) ?? []));
    }
  }
  return out;
}

export function relationBetween({
  tree,
  actorUnitId,
  targetUnitId,
}: {
  tree: UnitTree;
  actorUnitId: string;
  targetUnitId: string;
}): UnitRelation {
  if (actorUnitId === targetUnitId) {
    return 'SAME';
  }
  if (ancestorsOf({ tree, unitId: targetUnitId }).includes(actorUnitId)) {
    return 'ANCESTOR';
  }
  if (ancestorsOf({ tree, unitId: actorUnitId }).includes(targetUnitId)) {
    return 'DESCENDANT';
  }
  return 'UNRELATED';
}
