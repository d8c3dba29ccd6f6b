import type { Unit, UnitLevel } from '@sohoa/contracts';

/** Levels from the top; a child unit must sit strictly lower than its parent. */
const LEVEL_RANK: Record<UnitLevel, number> = { SUPREME: 0, PROVINCIAL: 1, REGIONAL: 2 };

export function isValidChildLevel({
  parent,
  child,
}: {
  parent: UnitLevel;
  child: UnitLevel;
}): boolean {
  return LEVEL_RANK[child] > LEVEL_RANK[parent];
}

export function formatUnitForApi(unit: Unit): Unit {
  return unit;
}
