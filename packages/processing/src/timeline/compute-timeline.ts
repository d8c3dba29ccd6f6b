/**
 * The procedural timeline of a case: its dated documents in order, and the legal clocks of
 * deadlines.json they start, extend, suspend and end, with due dates and statuses. Pure: the
 * caller passes the documents, the data files and today's date.
 */
import type { DeadlineClock, Duration } from '@sohoa/contracts';
import {
  addDays,
  addDuration,
  createVietnamCalendar,
  daysBetween,
  nextWorkingDay,
  workingDaysBetween,
  type HolidayCalendar,
} from './calendar.ts';
import {
  buildClockEffects,
  nextStage,
  whenHolds,
  type ResolvedEffect,
  type Stage,
} from './clock-effects.ts';
import { groupNames } from './person-groups.ts';
import type {
  ClockDocumentRef,
  ClockResult,
  ClockStatus,
  ComputeTimelineInput,
  TimelineDocument,
  TimelineEvent,
  TimelineResult,
} from './timeline.types.ts';
import { HOLIDAY_TABLE } from './holidays.data.ts';

/** Role groups whose members a per-person clock can run for (not officials or signers). */
const SUBJECT_GROUPS = new Set(['participant', 'party']);
/** Participants who are never the subject of a measure or an appeal window. */
const BYSTANDER_ROLES = new Set([
  'NGUOI_CHUNG_KIEN',
  'NGUOI_LAM_CHUNG',
  'NGUOI_PHIEN_DICH',
  'NGUOI_BAO_CHUA',
  'NGUOI_BAO_VE_QUYEN_LOI',
  'NGUOI_NHAN_DANG',
  'NGUOI_NHAN_BAO_LINH',
]);
/** Custody days count against the first detention of the same person (deadlines.json notes). */
const CUSTODY_CLOCK = 'TAM_GIU';
const DETENTION_CLOCK = 'TAM_GIAM_DIEU_TRA';

interface Instance {
  clock: DeadlineClock;
  personKey: string | null;
  person: string | null;
  start: ClockDocumentRef;
  startTypeCode: string;
  extensions: ClockDocumentRef[];
  requests: ClockDocumentRef[];
  end: (ClockDocumentRef & { effect: 'end' | 'suspend' }) | null;
  impliedEnd?: ClockDocumentRef | null;
  notes: string[];
}

const refOf = (d: TimelineDocument): ClockDocumentRef => ({
  documentId: d.id,
  typeCode: d.typeCode,
  date: d.date!,
  butLucFrom: d.butLucFrom,
});

const text = (vi: string, en: string) => ({ vi, en });

/**
 * Computes events and clocks.
 *
 * @example
 * computeTimeline({ documents, caseKind: 'criminal', crimeCategory: 'NGHIEM_TRONG', deadlines: DEADLINES,
 *   types: TIMELINE_DOCUMENT_TYPES, personRoles: PERSON_ROLES, today: '2026-11-29' })
 */
export function computeTimeline(input: ComputeTimelineInput): TimelineResult {
  const calendar = input.calendar ?? createVietnamCalendar();
  const clocks = input.deadlines.clocks.filter((c) => c.case_kinds.includes(input.caseKind));
  const clockByCode = new Map(clocks.map((c) => [c.code, c]));
  const effectsByType = buildClockEffects({ types: input.types, clocks });
  const groupOf = groupNames(input.documents.flatMap((d) => d.persons.map((p) => p.name)));
  const roleGroup = new Map(input.personRoles.map((r) => [r.code, r.group]));
  const subjectsOf = (d: TimelineDocument) => {
    const seen = new Map<string, string>();
    for (const p of d.persons) {
      if (SUBJECT_GROUPS.has(roleGroup.get(p.role) ?? '') && !BYSTANDER_ROLES.has(p.role)) {
        const key = groupOf.get(p.name)!;
        if (!seen.has(key)) {
          seen.set(key, p.name);
        }
      }
    }
    return [...seen].map(([key, name]) => ({ key, name }));
  };

  const dated = input.documents
    .filter((d) => d.date !== null)
    .sort((a, b) => (a.date! < b.date! ? -1 : a.date! > b.date! ? 1 : a.position - b.position));
  const instances: Instance[] = [];
  const events: TimelineEvent[] = [];
  const running = (code: string) => instances.filter((i) => i.clock.code === code && !i.end);
  let stage: Stage = 'investigation';

  for (const doc of dated) {
    const all = effectsByType.get(doc.typeCode) ?? [];
    const effects = all.filter(
      (e) => clockByCode.has(e.clock) && whenHolds({ when: e.when, stage }),
    );
    const subjects = subjectsOf(doc);
    const concerns = (i: Instance) =>
      i.clock.applies_per !== 'person' ||
      subjects.length === 0 ||
      i.personKey === null ||
      subjects.some((s) => s.key === i.personKey);
    const applied: TimelineEvent['effects'] = [];
    const started = new Set<Instance>();
    for (const e of effects) {
      const targets = running(e.clock).filter(concerns);
      if (e.effect === 'end' || e.effect === 'suspend') {
        for (const i of targets) {
          i.end = { ...refOf(doc), effect: e.effect };
        }
      } else if (e.effect === 'extend') {
        targets.forEach((i) => i.extensions.push(refOf(doc)));
      } else if (e.effect === 'request_extension') {
        targets.forEach((i) => i.requests.push(refOf(doc)));
      } else if (e.effect === 'approve_extension') {
        targets.forEach((i) => i.notes.push(`extension approved by ${doc.typeCode} ${doc.date}`));
      } else if (e.effect === 'reset') {
        for (const i of targets) {
          i.notes.push(`restarted by ${doc.typeCode} ${doc.date}`);
          i.start = refOf(doc);
        }
      }
      if (targets.length > 0) {
        applied.push({ clock: e.clock, effect: e.effect });
      }
    }
    for (const e of effects.filter((x) => x.effect === 'start')) {
      const clock = clockByCode.get(e.clock)!;
      const fresh = (personKey: string | null, person: string | null) => {
        const i: Instance = {
          clock,
          personKey,
          person,
          start: refOf(doc),
          startTypeCode: doc.typeCode,
          extensions: [],
          requests: [],
          end: null,
          notes: [],
        };
        instances.push(i);
        started.add(i);
      };
      const open = running(e.clock).filter((i) => !started.has(i));
      if (clock.applies_per === 'document') {
        fresh(null, null);
      } else if (clock.applies_per === 'case') {
        if (open.length === 0) {
          fresh(null, null);
        }
      } else if (subjects.length > 0) {
        subjects
          .filter((s) => !open.some((i) => i.personKey === s.key))
          .forEach((s) => fresh(s.key, s.name));
      } else if (e.from === 'type' && open.length === 0) {
        fresh(null, null);
      } else {
        continue;
      }
      applied.push({ clock: e.clock, effect: 'start' });
    }
    stage = nextStage({ stage, effects: all });
    const type = input.types.find((t) => t.code === doc.typeCode);
    if (type?.section !== 'CHUNG_BIA_HO_SO' && !(type?.attachment_of ?? []).length) {
      events.push({
        date: doc.date!,
        documentId: doc.id,
        typeCode: doc.typeCode,
        title: type ? text(type.name_vi, type.name_en) : text('Tài liệu khác', 'Other document'),
        documentTitle: doc.title,
        number: doc.number,
        volume: doc.volume,
        butLucFrom: doc.butLucFrom,
        butLucTo: doc.butLucTo,
        persons: doc.persons,
        effects: applied,
      });
    }
  }

  for (const i of instances.filter((x) => !x.end)) {
    i.impliedEnd = impliedEnd({ instance: i, dated, effectsByType, clockByCode, subjectsOf });
  }
  const results = instances.map((i) => finalize({ instance: i, input, calendar, instances }));
  applyBounds({ results, instances, calendar });
  for (const r of results) {
    Object.assign(r, statusOf({ result: r, input, calendar }));
  }
  return {
    events,
    undated: input.documents
      .filter((d) => d.date === null)
      .map((d) => ({ documentId: d.id, typeCode: d.typeCode })),
    clocks: results,
    rulesVersion: input.deadlines.version,
    computation: {
      article: input.deadlines.time_computation.article,
      verify: input.deadlines.time_computation.verify || HOLIDAY_TABLE.verify,
      notes: [
        input.deadlines.time_computation.note,
        'The day of the triggering document is not counted (3 days from the 5th end on the 8th at 24:00); deadlines.json lists this as an open question per clock.',
        'Hour periods are rounded up to whole days: case files date documents by day.',
        'Days off: weekends, 1/1, 30/4, 1/5, 2/9, Tết from a 2015–2035 table, replacement days (to verify); Giỗ Tổ Hùng Vương and the yearly extra days are not included.',
        'Extensions are counted at the maximum the table allows; the granted length is not read from the decision.',
      ],
    },
  };
}

/**
 * A later document that could not exist unless this clock had ended: it acts on a clock that only
 * a document ending this one starts (a CAO_TRANG ends the prosecution clock, which the hand-over
 * record starts, and the hand-over also ends the investigation detention). The earliest such
 * document bounds the missing end.
 */
function impliedEnd({
  instance: i,
  dated,
  effectsByType,
  clockByCode,
  subjectsOf,
}: {
  instance: Instance;
  dated: readonly TimelineDocument[];
  effectsByType: ReadonlyMap<string, readonly ResolvedEffect[]>;
  clockByCode: ReadonlyMap<string, DeadlineClock>;
  subjectsOf: (d: TimelineDocument) => Array<{ key: string }>;
}): ClockDocumentRef | null {
  const enders = [...effectsByType]
    .filter(([, effects]) => effects.some((e) => e.clock === i.clock.code && e.effect === 'end'))
    .map(([type]) => type);
  const followers = new Set(
    enders.flatMap((type) =>
      (effectsByType.get(type) ?? [])
        .filter((e) => e.effect === 'start' && e.clock !== i.clock.code && clockByCode.has(e.clock))
        .map((e) => e.clock),
    ),
  );
  const later = dated.find((d) => {
    if (d.date! < i.start.date || d.id === i.start.documentId) {
      return false;
    }
    const acts = (effectsByType.get(d.typeCode) ?? []).some(
      (e) => followers.has(e.clock) && e.effect !== 'start',
    );
    const subjects = subjectsOf(d);
    const samePerson =
      !i.personKey || subjects.length === 0 || subjects.some((s) => s.key === i.personKey);
    return acts && samePerson;
  });
  return later ? refOf(later) : null;
}

function keyOf(instance: Instance, input: ComputeTimelineInput): string | null {
  switch (instance.clock.keyed_by) {
    case 'crime_category':
      return input.crimeCategory;
    case 'case_kind':
      return input.caseKind;
    case 'start_document':
      return instance.startTypeCode;
    case 'none':
      return 'ALL';
  }
}

/** The raw last day (before the day-off rule) of base + allowed extensions − deductions. */
function rawDue({
  start,
  durations,
  deductedDays,
  calendar,
}: {
  start: string;
  durations: readonly Duration[];
  deductedDays: number;
  calendar: HolidayCalendar;
}) {
  const last = durations.reduce(
    (day, duration) => addDuration({ start: day, duration, calendar }),
    start,
  );
  return addDays(last, -deductedDays);
}

function finalize({
  instance: i,
  input,
  calendar,
  instances,
}: {
  instance: Instance;
  input: ComputeTimelineInput;
  calendar: HolidayCalendar;
  instances: readonly Instance[];
}): ClockResult {
  const c = i.clock;
  const key = keyOf(i, input);
  const base = key ? (c.base_duration[key] ?? null) : null;
  const allowed = key ? (c.extensions?.[key] ?? null) : null;
  const extensions = i.extensions.map((e, n) => ({
    ...e,
    duration: allowed?.durations[n] ?? null,
    beyondAllowed: !allowed || n >= allowed.count,
  }));
  const notes = [...i.notes];
  let deductedDays = 0;
  if (c.code === DETENTION_CLOCK && i.personKey) {
    const custody = instances.find(
      (x) =>
        x.clock.code === CUSTODY_CLOCK &&
        x.personKey === i.personKey &&
        x.start.date <= i.start.date,
    );
    if (custody) {
      const until =
        custody.end && custody.end.date < i.start.date ? custody.end.date : i.start.date;
      deductedDays = Math.max(0, daysBetween(custody.start.date, until));
      notes.push(`custody from ${custody.start.date} deducted (${deductedDays} days, verify)`);
    }
  }
  if (c.unit === 'hour') {
    notes.push('hour period computed to the day');
  }
  if (c.alternatives?.length) {
    notes.push(
      `alternative period possible: ${c.alternatives.map((a) => a.condition_en).join('; ')}`,
    );
  }
  let due: string | null = null;
  if (base) {
    const durations = [base, ...extensions.filter((e) => !e.beyondAllowed).map((e) => e.duration!)];
    let raw = rawDue({ start: i.start.date, durations, deductedDays, calendar });
    const max = key ? c.max_total?.[key] : null;
    if (max?.length) {
      const cap = rawDue({ start: i.start.date, durations: max, deductedDays, calendar });
      if (raw > cap) {
        raw = cap;
        notes.push('capped at the maximum total period');
      }
    }
    due = c.holiday_rule === 'next_working_day' ? nextWorkingDay(raw, calendar) : raw;
  }
  const lead = c.extension_request?.lead;
  const extensionRequests = i.requests.map((r) => {
    if (!base || !lead) {
      return { ...r, onTime: null };
    }
    const before = extensions.filter((e) => !e.beyondAllowed && e.date <= r.date);
    const dueThen = rawDue({
      start: i.start.date,
      durations: [base, ...before.map((e) => e.duration!)],
      deductedDays,
      calendar,
    });
    return { ...r, onTime: daysBetween(r.date, dueThen) >= lead.value };
  });
  return {
    code: c.code,
    name: text(c.name_vi, c.name_en),
    article: c.article,
    law: c.law,
    verify: c.verify,
    appliesPer: c.applies_per,
    person: i.person,
    keyedBy: c.keyed_by,
    key,
    start: i.start,
    baseDuration: base,
    extensions,
    extensionRequests,
    deductedDays,
    due,
    holidayRule: c.holiday_rule,
    end: i.end,
    impliedEnd: i.impliedEnd ?? null,
    status: 'unknown',
    reason: null,
    notes,
  };
}

/** A clock `bounded_by` another cannot run past the bounding clock's due date. */
function applyBounds({
  results,
  instances,
  calendar,
}: {
  results: ClockResult[];
  instances: readonly Instance[];
  calendar: HolidayCalendar;
}) {
  results.forEach((r, n) => {
    const bound = instances[n]!.clock.bounded_by;
    if (!bound || !r.due || !r.start) {
      return;
    }
    const outer = results
      .filter((o) => o.code === bound && o.start && o.start.date <= r.start!.date && o.due)
      .sort((a, b) => (a.start!.date < b.start!.date ? 1 : -1))[0];
    if (outer && outer.due! < r.due) {
      r.due = r.holidayRule === 'calendar' ? outer.due! : nextWorkingDay(outer.due!, calendar);
      r.notes.push(`bounded by ${bound} (due ${outer.due})`);
    }
  });
}

function statusOf({
  result: r,
  input,
  calendar,
}: {
  result: ClockResult;
  input: ComputeTimelineInput;
  calendar: HolidayCalendar;
}): { status: ClockStatus; reason: ClockResult['reason'] } {
  const clock = input.deadlines.clocks.find((c) => c.code === r.code)!;
  if (!r.key) {
    return {
      status: 'unknown',
      reason:
        r.keyedBy === 'crime_category'
          ? text(
              'Chưa xác định loại tội phạm (BLHS Điều 9): đặt trong thiết lập tố tụng',
              'Crime category unknown (BLHS Điều 9): set it in the procedure settings',
            )
          : text('Thiếu dữ liệu để chọn thời hạn', 'Missing data to choose the period'),
    };
  }
  if (!r.due) {
    return {
      status: 'unknown',
      reason: text(
        `Bảng thời hạn không có thời hạn cho "${r.key}"`,
        `The deadline table has no period for "${r.key}"`,
      ),
    };
  }
  if (r.end) {
    if (r.end.date > r.due) {
      return { status: 'exceeded', reason: text('Kết thúc sau hạn', 'Ended after the due date') };
    }
    return r.end.effect === 'suspend'
      ? {
          status: 'suspended',
          reason: text('Tạm đình chỉ trong hạn', 'Suspended within the period'),
        }
      : { status: 'met', reason: null };
  }
  if (r.impliedEnd) {
    const by = `${r.impliedEnd.typeCode} ${r.impliedEnd.date}`;
    return r.impliedEnd.date <= r.due
      ? {
          status: 'met',
          reason: text(
            `Kết thúc chậm nhất trước ${by} (không có văn bản kết thúc trong hồ sơ)`,
            `Ended by ${by} at the latest (the ending document is not in the file)`,
          ),
        }
      : {
          status: 'unknown',
          reason: text(
            `Hồ sơ đã sang bước sau (${by}) nhưng thiếu văn bản kết thúc thời hạn này: cần kiểm tra ngày kết thúc`,
            `The file moved on (${by}) but the document ending this clock is missing: check when it ended`,
          ),
        };
  }
  if (input.today <= r.due) {
    const left = workingDaysBetween(input.today, r.due, calendar);
    return left <= (input.nearWorkingDays ?? 3)
      ? { status: 'near', reason: text(`Còn ${left} ngày làm việc`, `${left} working days left`) }
      : { status: 'running', reason: null };
  }
  const endInvisible =
    r.appliesPer === 'document' ||
    clock.ends_on.documents.every((d) => clock.starts_on.documents.includes(d));
  if (endInvisible) {
    return {
      status: 'unknown',
      reason: text(
        'Đã qua hạn; việc kết thúc (nhận, giao văn bản) thường không lưu trong hồ sơ',
        'Past due; the end (receipt, delivery) is usually not filed in the case',
      ),
    };
  }
  if (/window/i.test(clock.name_en)) {
    return {
      status: 'lapsed',
      reason: text('Hết thời hạn, không có văn bản thực hiện quyền', 'The window closed unused'),
    };
  }
  return {
    status: 'exceeded',
    reason: text('Quá hạn mà chưa có văn bản kết thúc', 'Past due with no ending document'),
  };
}
