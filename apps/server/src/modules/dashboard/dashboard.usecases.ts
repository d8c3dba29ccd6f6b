import type {
  CreateTargetBody,
  Dashboard,
  DashboardQuery,
  TargetComparator,
  TargetEvaluation,
  TargetMetric,
  Unit,
  UpdateTargetBody,
} from '@sohoa/contracts';
import { createTargetBodySchema } from '@sohoa/contracts';
import { createForbiddenError } from '../access/access.errors.ts';
import { canManageTargetsOf, canViewDashboardOf } from '../access/access.policy.ts';
import type { Actor } from '../access/access.types.ts';
import { loadUnitTree } from '../access/access.usecases.ts';
import { ancestorsOf, relationBetween, subtreeOf, type UnitTree } from '../access/unit-tree.ts';
import type { AuditRepository } from '../audit/audit.repository.ts';
import type { RequestContext } from '../shared/request-context.ts';
import { createUnitNotFoundError } from '../units/units.errors.ts';
import type { UnitsRepository } from '../units/units.repository.ts';
import { createInvalidPeriodError, createTargetNotFoundError } from './dashboard.errors.ts';
import {
  assembleFigures,
  evaluateTarget,
  isoDay,
  metricValue,
  resolvePeriod,
  sumFigures,
} from './dashboard.models.ts';
import type { DashboardRepository, TargetRow } from './dashboard.repository.ts';
import {
  renderDashboardReport,
  reportFileName,
  REPORT_CONTENT_TYPES,
  type ReportFormat,
} from './dashboard.report.ts';

export interface DashboardDeps {
  dashboardRepository: DashboardRepository;
  unitsRepository: UnitsRepository;
  auditRepository: AuditRepository;
}

/** The units of `unitId`'s subtree in tree order (depth first, by code), with their depth. */
function orderedSubtree({ units, unitId }: { units: Unit[]; unitId: string }) {
  const children = new Map<string | null, Unit[]>();
  for (const u of units) {
    children.set(u.parentId, [...(children.get(u.parentId) ?? []), u]);
  }
  const out: Array<Unit & { depth: number }> = [];
  const visit = (u: Unit, depth: number) => {
    if (out.some((o) => o.id === u.id)) {
      return;
    }
    out.push({ ...u, depth });
    for (const child of (children.get(u.id) ?? []).sort((a, b) => a.code.localeCompare(b.code))) {
      visit(child, depth + 1);
    }
  };
  const root = units.find((u) => u.id === unitId);
  if (root) {
    visit(root, 0);
  }
  return out;
}

/** Resolves the unit the actor asks about and checks they may see its dashboard. */
async function dashboardScopeOrThrow({
  actor,
  unitId,
  deps,
}: {
  actor: Actor;
  unitId: string | undefined;
  deps: DashboardDeps;
}) {
  const { tree } = await loadUnitTree({ unitsRepository: deps.unitsRepository });
  const target = unitId ?? actor.unitId;
  if (!tree.parentOf.has(target)) {
    throw createUnitNotFoundError();
  }
  const relation = relationBetween({ tree, actorUnitId: actor.unitId, targetUnitId: target });
  if (!canViewDashboardOf({ actor, relation })) {
    throw createForbiddenError();
  }
  return { tree, unitId: target };
}

async function figuresFor({
  unitIds,
  period,
  deps,
}: {
  unitIds: string[];
  period: { from: string; to: string };
  deps: DashboardDeps;
}) {
  const [{ rows: caseRows }, { rows: hearingRows }] = await Promise.all([
    deps.dashboardRepository.caseFigures({ unitIds, ...period }),
    deps.dashboardRepository.hearingFigures({ unitIds, ...period }),
  ]);
  return assembleFigures({ unitIds, caseRows, hearingRows, period });
}

/**
 * Targets that concern the subtree: set on one of its units, or set on a unit above with
 * `appliesToSubtree`. Each is evaluated over its own period: without `appliesToSubtree` once, on
 * the target unit's rolled-up figures (its whole subtree); with it, on each unit's own figures.
 */
async function evaluateTargets({
  tree,
  unitId,
  subtree,
  period,
  today,
  deps,
}: {
  tree: UnitTree;
  unitId: string;
  subtree: string[];
  period: { from: string; to: string };
  today: string;
  deps: DashboardDeps;
}): Promise<TargetEvaluation[]> {
  const above = ancestorsOf({ tree, unitId }).slice(1);
  const { targets } = await deps.dashboardRepository.listTargets({
    unitIds: [...subtree, ...above],
    ...period,
  });
  const relevant = targets.filter((t) => subtree.includes(t.unit_id) || t.applies_to_subtree);
  const byPeriod = new Map<string, TargetRow[]>();
  for (const t of relevant) {
    const key = `${t.period_from}/${t.period_to}`;
    byPeriod.set(key, [...(byPeriod.get(key) ?? []), t]);
  }
  const out: TargetEvaluation[] = [];
  for (const group of byPeriod.values()) {
    const targetPeriod = { from: group[0]!.period_from, to: group[0]!.period_to };
    const { perUnit } = await figuresFor({ unitIds: subtree, period: targetPeriod, deps });
    for (const t of group) {
      const below = new Set(subtreeOf({ tree, unitId: t.unit_id }));
      // In the dashboard's tree order, so a per-unit target reads like the table above it.
      const evaluatedUnits = t.applies_to_subtree
        ? subtree.filter((id) => below.has(id))
        : [t.unit_id];
      const results = evaluatedUnits.map((id) => {
        const figures = t.applies_to_subtree
          ? perUnit.get(id)!
          : sumFigures(subtreeOf({ tree, unitId: id }).flatMap((u) => perUnit.get(u) ?? []));
        const actual = metricValue({ figures, metric: t.metric as TargetMetric });
        const evaluation = evaluateTarget({
          actual,
          comparator: t.comparator as TargetComparator,
          value: t.value,
          from: t.period_from,
          to: t.period_to,
          today,
        });
        return { unitId: id, actual, ...evaluation };
      });
      out.push({
        id: t.id,
        unitId: t.unit_id,
        from: t.period_from,
        to: t.period_to,
        metric: t.metric as TargetMetric,
        comparator: t.comparator as TargetComparator,
        value: t.value,
        appliesToSubtree: t.applies_to_subtree,
        note: t.note,
        results,
      });
    }
  }
  return out.sort((a, b) => a.from.localeCompare(b.from) || a.metric.localeCompare(b.metric));
}

/** The steering dashboard of a unit subtree for a period (STEERING, LEADER; their subtree only). */
export async function getDashboard({
  actor,
  query,
  deps,
  now = new Date(),
}: {
  actor: Actor;
  query: DashboardQuery;
  deps: DashboardDeps;
  now?: Date;
}): Promise<{ dashboard: Dashboard }> {
  const { tree, unitId } = await dashboardScopeOrThrow({ actor, unitId: query.unitId, deps });
  const period = resolvePeriod({ from: query.from, to: query.to, now });
  if (!period) {
    throw createInvalidPeriodError();
  }
  const { units } = await deps.unitsRepository.listAll();
  const ordered = orderedSubtree({ units, unitId });
  const subtree = ordered.map((u) => u.id);
  const { perUnit, totals, trend } = await figuresFor({ unitIds: subtree, period, deps });
  const targets = await evaluateTargets({
    tree,
    unitId,
    subtree,
    period,
    today: isoDay(now),
    deps,
  });
  const top = ordered[0]!;
  return {
    dashboard: {
      unit: { id: top.id, code: top.code, name: top.name },
      ...period,
      units: ordered.map((u) => ({
        id: u.id,
        code: u.code,
        name: u.name,
        parentId: u.parentId,
        depth: u.depth,
        figures: perUnit.get(u.id)!,
      })),
      totals,
      trend,
      targets,
      canEditTargets: canManageTargetsOf({
        actor,
        relation: relationBetween({ tree, actorUnitId: actor.unitId, targetUnitId: unitId }),
        targetUnitIsRoot: tree.parentOf.get(unitId) === null,
      }),
      generatedAt: now.toISOString(),
    },
  };
}

async function checkTargetManager({
  actor,
  unitId,
  deps,
}: {
  actor: Actor;
  unitId: string;
  deps: DashboardDeps;
}) {
  const { tree } = await loadUnitTree({ unitsRepository: deps.unitsRepository });
  if (!tree.parentOf.has(unitId)) {
    throw createUnitNotFoundError();
  }
  const relation = relationBetween({ tree, actorUnitId: actor.unitId, targetUnitId: unitId });
  if (
    !canManageTargetsOf({ actor, relation, targetUnitIsRoot: tree.parentOf.get(unitId) === null })
  ) {
    throw relation === 'UNRELATED' ? createUnitNotFoundError() : createForbiddenError();
  }
}

export async function createTarget({
  actor,
  body,
  context,
  deps,
}: {
  actor: Actor;
  body: CreateTargetBody;
  context: RequestContext;
  deps: DashboardDeps;
}) {
  const input = createTargetBodySchema.parse(body);
  await checkTargetManager({ actor, unitId: input.unitId, deps });
  const { id } = await deps.dashboardRepository.insertTarget({
    target: { ...input, note: input.note ? input.note : null },
    createdBy: actor.userId,
  });
  await deps.auditRepository.record({
    event: {
      action: 'dashboard.target_created',
      actor,
      targetKind: 'dashboard_target',
      targetId: id,
      unitId: input.unitId,
      context,
      details: {
        metric: input.metric,
        comparator: input.comparator,
        value: input.value,
        from: input.from,
        to: input.to,
      },
    },
  });
  return { target: { id } };
}

async function getTargetForChangeOrThrow({
  actor,
  targetId,
  deps,
}: {
  actor: Actor;
  targetId: string;
  deps: DashboardDeps;
}) {
  const { target } = await deps.dashboardRepository.getTarget({ targetId });
  if (!target) {
    throw createTargetNotFoundError();
  }
  await checkTargetManager({ actor, unitId: target.unit_id, deps }).catch((error: unknown) => {
    throw (error as { code?: string }).code === 'unit.not_found'
      ? createTargetNotFoundError()
      : error;
  });
  return { target };
}

export async function updateTarget({
  actor,
  targetId,
  changes,
  context,
  deps,
}: {
  actor: Actor;
  targetId: string;
  changes: UpdateTargetBody;
  context: RequestContext;
  deps: DashboardDeps;
}) {
  const { target } = await getTargetForChangeOrThrow({ actor, targetId, deps });
  const next = {
    from: changes.from ?? target.period_from,
    to: changes.to ?? target.period_to,
    comparator: changes.comparator ?? target.comparator,
    value: changes.value ?? target.value,
    appliesToSubtree: changes.appliesToSubtree ?? target.applies_to_subtree,
    note: changes.note !== undefined ? changes.note || null : target.note,
  };
  if (next.from > next.to || (target.metric === 'indicted_share_digitized' && next.value > 100)) {
    throw createInvalidPeriodError();
  }
  await deps.dashboardRepository.updateTarget({ targetId, changes: next });
  await deps.auditRepository.record({
    event: {
      action: 'dashboard.target_updated',
      actor,
      targetKind: 'dashboard_target',
      targetId,
      unitId: target.unit_id,
      context,
      details: { ...changes },
    },
  });
  return { target: { id: targetId } };
}

export async function deleteTarget({
  actor,
  targetId,
  context,
  deps,
}: {
  actor: Actor;
  targetId: string;
  context: RequestContext;
  deps: DashboardDeps;
}) {
  const { target } = await getTargetForChangeOrThrow({ actor, targetId, deps });
  const { deleted } = await deps.dashboardRepository.deleteTarget({ targetId });
  await deps.auditRepository.record({
    event: {
      action: 'dashboard.target_deleted',
      actor,
      targetKind: 'dashboard_target',
      targetId,
      unitId: target.unit_id,
      context,
      details: { metric: target.metric, value: target.value },
    },
  });
  return { deleted };
}

/** The dashboard as an XLSX or PDF report (same access and figures as the screen; audited). */
export async function exportDashboardReport({
  actor,
  query,
  format,
  context,
  deps,
  now = new Date(),
}: {
  actor: Actor;
  query: DashboardQuery;
  format: ReportFormat;
  context: RequestContext;
  deps: DashboardDeps;
  now?: Date;
}) {
  const { dashboard } = await getDashboard({ actor, query, deps, now });
  const { bytes } = await renderDashboardReport({ dashboard, format });
  await deps.auditRepository.record({
    event: {
      action: 'dashboard.report_exported',
      actor,
      targetKind: 'unit',
      targetId: dashboard.unit.id,
      unitId: dashboard.unit.id,
      context,
      details: { format, from: dashboard.from, to: dashboard.to },
    },
  });
  return {
    bytes,
    contentType: REPORT_CONTENT_TYPES[format],
    fileName: reportFileName(dashboard, format),
  };
}
