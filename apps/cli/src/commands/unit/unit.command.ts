import { UNIT_LEVEL_LABELS, UNIT_LEVELS, type Unit, type UnitLevel } from '@sohoa/contracts';
import { Option, type Command } from 'commander';
import type { CliContext } from '../../cli.context.ts';
import { labelOf } from '../../cli.i18n.ts';
import { formatSummary, formatTable } from '../../shared/format.ts';

interface AddUnitOptions {
  code: string;
  name: string;
  level: UnitLevel;
  parent: string;
}

/** `sohoa unit add` and `sohoa unit list`. */
export function registerUnitCommand({ program, ctx }: { program: Command; ctx: CliContext }) {
  const unit = program.command('unit').description('đơn vị / procuracy units');

  unit
    .command('add')
    .description('thêm đơn vị cấp dưới / add a subordinate unit')
    .requiredOption('--code <code>', 'mã đơn vị / unit code')
    .requiredOption('--name <name>', 'tên đơn vị / unit name')
    .addOption(
      new Option('--level <level>', 'cấp đơn vị / unit level')
        .choices(UNIT_LEVELS)
        .makeOptionMandatory(),
    )
    .requiredOption('--parent <unitId>', 'đơn vị cấp trên / parent unit id')
    .action(async (options: AddUnitOptions) => {
      const { api } = await ctx.createApi();
      const result = await api.createUnit({
        code: options.code,
        name: options.name,
        level: options.level,
        parentId: options.parent,
      });
      ctx.output(result, () =>
        [
          ctx.say({ vi: 'Đã thêm đơn vị.', en: 'Unit added.' }),
          formatSummary([
            ['ID', result.unit.id],
            [ctx.say({ vi: 'Mã', en: 'Code' }), result.unit.code],
            [ctx.say({ vi: 'Tên', en: 'Name' }), result.unit.name],
            [
              ctx.say({ vi: 'Cấp', en: 'Level' }),
              labelOf(UNIT_LEVEL_LABELS, result.unit.level, ctx.lang()),
            ],
          ]),
        ].join('\n'),
      );
    });

  unit
    .command('list')
    .description('danh sách đơn vị / list units')
    .action(async () => {
      const { api } = await ctx.createApi();
      const result = await api.listUnits();
      ctx.output(result, () =>
        formatTable({
          head: [
            ctx.say({ vi: 'Mã', en: 'Code' }),
            ctx.say({ vi: 'Tên đơn vị', en: 'Name' }),
            ctx.say({ vi: 'Cấp', en: 'Level' }),
            'ID',
          ],
          rows: inTreeOrder(result.units).map(({ unit: u, depth }) => [
            u.code,
            `${'  '.repeat(depth)}${u.name}`,
            labelOf(UNIT_LEVEL_LABELS, u.level, ctx.lang()),
            u.id,
          ]),
        }),
      );
    });
}

/** Parents before their children, children indented; units whose parent is not visible are roots. */
export function inTreeOrder(units: Unit[]): Array<{ unit: Unit; depth: number }> {
  const ids = new Set(units.map((u) => u.id));
  const children = new Map<string | null, Unit[]>();
  for (const u of units) {
    const parent = u.parentId !== null && ids.has(u.parentId) ? u.parentId : null;
    children.set(parent, [...(children.get(parent) ?? []), u]);
  }
  const ordered: Array<{ unit: Unit; depth: number }> = [];
  const visit = (parent: string | null, depth: number) => {
    const siblings = [...(children.get(parent) ?? [])].sort((a, b) => a.code.localeCompare(b.code));
    for (const u of siblings) {
      ordered.push({ unit: u, depth });
      visit(u.id, depth + 1);
    }
  };
  visit(null, 0);
  return ordered;
}
