/**
 * Turns a clock run (start, extensions, end found in the documents) into its result: the period
 * for the case's key, the due date by BLTTHS Điều 134, bounds, and the status on a given day.
 */
import type { DeadlineClock, Duration } from '@sohoa/contracts';
import {
  addDays,
  addDuration,
  daysBetween,
  nextWorkingDay,
  workingDaysBetween,
  type HolidayCalendar,
} from './calendar.ts';
import type {
  ClockDocumentRef,
  ClockResult,
  ClockStatus,
  ComputeTimelineInput,
} from './timeline.types.ts';

/** Custody days count against the first detention of the same person (deadlines.json notes). */
const CUSTODY_CLOCK = 'TAM_GIU';
const DETENTION_CLOCK = 'TAM_GIAM_DIEU_TRA';

/** One run of a clock (per case, person or document) as the documents show it. */
export interface ClockRun {
  clock: DeadlineClock;
  personKey: string | null;
  person: string | null;
  start: ClockDocumentRef;
  startTypeCode: string;
  extensions: ClockDocumentRef[];
  requests: ClockDocumentRef[];
  end: (ClockDocumentRef & { effect: 'end' | 'suspend' }) | null;
  impliedEnd?: ClockDocumentRef | null;
  notes: Array<{ vi: string; en: string }>;
}

const text = (vi: string, en: string) => ({ vi, en });

function keyOf(instance: ClockRun, input: ComputeTimelineInput): string | null {
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

export function finalize({
  instance: i,
  input,
  calendar,
  instances,
}: {
  instance: ClockRun;
  input: ComputeTimelineInput;
  calendar: HolidayCalendar;
  instances: readonly ClockRun[];
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
      notes.push(
        text(
          `Trừ ${deductedDays} ngày tạm giữ từ ${custody.start.date} (cần kiểm tra)`,
          `${deductedDays} custody days from ${custody.start.date} deducted (to verify)`,
        ),
      );
    }
  }
  if (c.unit === 'hour') {
    notes.push(
      text('Thời hạn tính bằng giờ, tính tròn theo ngày', 'Hour period computed to the day'),
    );
  }
  if (c.alternatives?.length) {
    notes.push(
      text(
        `Có thể áp dụng thời hạn khác: ${c.alternatives.map((a) => a.condition_vi).join('; ')}`,
        `Alternative period possible: ${c.alternatives.map((a) => a.condition_en).join('; ')}`,
      ),
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
        notes.push(text('Giới hạn ở tổng thời hạn tối đa', 'Capped at the maximum total period'));
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
export function applyBounds({
  results,
  instances,
  calendar,
}: {
  results: ClockResult[];
  instances: readonly ClockRun[];
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
      r.notes.push(
        text(
          `Không quá thời hạn ${bound} (${outer.due})`,
          `Bounded by ${bound} (due ${outer.due})`,
        ),
      );
    }
  });
}

export function statusOf({
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
