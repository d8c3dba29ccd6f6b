import type { CasePerson, CaseTimeline, TimelineClock } from '@sohoa/contracts';
import type { CliContext } from '../../cli.context.ts';
import { personRoleName } from '../../cli.i18n.ts';
import { formatTable, truncate } from '../../shared/format.ts';

type Status = TimelineClock['status'];

const MARKS: Record<Status, string> = {
  exceeded: '✖',
  near: '⚠',
  met: '✔',
  running: '…',
  suspended: '⏸',
  lapsed: '–',
  unknown: '?',
};
const COLOURS: Partial<Record<Status, string>> = {
  exceeded: '\x1b[31m',
  near: '\x1b[33m',
  met: '\x1b[32m',
  unknown: '\x1b[90m',
};
const STATUS_NAMES: Record<Status, { vi: string; en: string }> = {
  exceeded: { vi: 'quá hạn', en: 'exceeded' },
  near: { vi: 'sắp hết hạn', en: 'near' },
  met: { vi: 'đúng hạn', en: 'met' },
  running: { vi: 'đang chạy', en: 'running' },
  suspended: { vi: 'tạm đình chỉ', en: 'suspended' },
  lapsed: { vi: 'hết thời hạn', en: 'lapsed' },
  unknown: { vi: 'chưa xác định', en: 'unknown' },
};

const bl = (from: number | null, to: number | null) =>
  from === null ? '—' : to !== null && to !== from ? `${from}–${to}` : String(from);

/** Colours only for a terminal, and never when NO_COLOR is set. */
const painter = (ctx: CliContext) => {
  const on = ctx.io.stdout.isTTY === true && !ctx.io.env.NO_COLOR;
  return (status: Status, text: string) =>
    on && COLOURS[status] ? `${COLOURS[status]}${text}\x1b[0m` : text;
};

/** Category with the rule that decided it, charges, events (date, event, BL), then the clocks. */
export function formatTimeline({ timeline, ctx }: { timeline: CaseTimeline; ctx: CliContext }) {
  const lang = ctx.lang();
  const paint = painter(ctx);
  const verify = ctx.say({ vi: 'cần kiểm tra', en: 'to verify' });
  const cat = timeline.crimeCategory;
  const lines = [
    `${ctx.say({ vi: 'Loại tội phạm', en: 'Crime category' })}: ${cat.name?.[lang] ?? '—'} — ${cat.reason[lang]}${cat.evidence ? ` («${truncate(cat.evidence, 60)}»)` : ''} (${cat.article}${cat.verify ? `, ${verify}` : ''})`,
  ];
  for (const c of timeline.charges) {
    const where = [
      c.point && `điểm ${c.point}`,
      c.clause && `khoản ${c.clause}`,
      c.article && `Điều ${c.article} BLHS`,
    ]
      .filter(Boolean)
      .join(' ');
    lines.push(
      `${ctx.say({ vi: 'Tội danh', en: 'Charge' })}: ${c.name ?? '—'}${where ? ` — ${where}` : ''}`,
    );
  }
  lines.push('');
  lines.push(
    timeline.events.length === 0
      ? ctx.say({ vi: 'Chưa có tài liệu có ngày.', en: 'No dated documents yet.' })
      : formatTable({
          head: [
            ctx.say({ vi: 'Ngày', en: 'Date' }),
            ctx.say({ vi: 'Sự kiện', en: 'Event' }),
            ctx.say({ vi: 'Số', en: 'Number' }),
            'BL',
          ],
          rows: timeline.events.map((e) => [
            e.date,
            truncate(e.title[lang], 56),
            e.number ?? '',
            bl(e.butLucFrom, e.butLucTo),
          ]),
        }),
  );
  if (timeline.undated.length > 0) {
    lines.push(
      ctx.say({
        vi: `${timeline.undated.length} tài liệu không có ngày (không đưa vào dòng thời gian).`,
        en: `${timeline.undated.length} undated document(s) left off the timeline.`,
      }),
    );
  }
  lines.push('', ctx.say({ vi: 'Thời hạn tố tụng:', en: 'Procedural deadlines:' }));
  if (timeline.clocks.length === 0) {
    lines.push(ctx.say({ vi: '  (không có)', en: '  (none)' }));
  }
  for (const c of timeline.clocks) {
    const who = c.person ? ` — ${c.person}` : '';
    const span = `${c.start?.date ?? '?'} → ${c.due ?? '?'}${c.end ? ` (${ctx.say({ vi: 'kết thúc', en: 'ended' })} ${c.end.date})` : ''}`;
    const status = `${MARKS[c.status]} ${STATUS_NAMES[c.status][lang]}`;
    lines.push(
      paint(
        c.status,
        `${status.padEnd(16)} ${c.name[lang]}${who}: ${span} [${c.article}${c.verify ? `, ${verify}` : ''}]`,
      ),
    );
    if (c.status !== 'met' && c.status !== 'running') {
      for (const note of [...(c.reason ? [c.reason] : []), ...c.notes]) {
        lines.push(`    ${note[lang]}`);
      }
    }
  }
  lines.push(
    '',
    ctx.say({
      vi: `Tính đến ${timeline.today}; "sắp hết hạn" = trong ${timeline.nearWorkingDays} ngày làm việc. Cách tính: ${timeline.computation.article}${timeline.computation.verify ? `, ${verify}` : ''}.`,
      en: `As of ${timeline.today}; "near" = within ${timeline.nearWorkingDays} working days. Counting: ${timeline.computation.article}${timeline.computation.verify ? `, ${verify}` : ''}.`,
    }),
  );
  return lines.join('\n');
}

/** One block per person: roles, then appearances (BL) and statements in date order. */
export function formatPersons({ persons, ctx }: { persons: CasePerson[]; ctx: CliContext }) {
  const lang = ctx.lang();
  if (persons.length === 0) {
    return ctx.say({
      vi: 'Chưa tìm thấy người nào trong tài liệu.',
      en: 'No persons found in the documents.',
    });
  }
  const lines: string[] = [];
  for (const p of persons) {
    const roles = p.roles.map((r) => personRoleName(r.code, lang)).join(', ');
    const others = p.variants.filter((v) => v !== p.name);
    lines.push(`▸ ${p.name}${others.length ? ` (${others.join('; ')})` : ''} — ${roles}`);
    for (const a of p.appearances) {
      lines.push(`    • ${a.date ?? '—'}  ${a.typeName[lang]}  BL ${bl(a.butLucFrom, a.butLucTo)}`);
    }
    if (p.statements.length > 0) {
      lines.push(
        `    ${ctx.say({ vi: 'Lời khai', en: 'Statements' })}: ${p.statements
          .map((s) => `${s.date ?? '—'} BL ${bl(s.butLucFrom, s.butLucTo)}`)
          .join('; ')}`,
      );
    }
  }
  lines.push(ctx.say({ vi: `${persons.length} người.`, en: `${persons.length} person(s).` }));
  return lines.join('\n');
}
