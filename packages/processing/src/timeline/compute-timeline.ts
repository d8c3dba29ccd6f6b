/**
 * The procedural timeline of a case: its dated documents in order, and the legal clocks of
 * deadlines.json they start, extend, suspend and end, with due dates and statuses. Pure: the
 * caller passes the documents, the data files and today's date.
 */
import type { DeadlineClock } from '@sohoa/contracts';
import { createVietnamCalendar } from './calendar.ts';
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
  ComputeTimelineInput,
  TimelineDocument,
  TimelineEvent,
  TimelineResult,
} from './timeline.types.ts';
import { HOLIDAY_TABLE } from './holidays.data.ts';
import { applyBounds, finalize, statusOf, type ClockRun } from './clock-result.ts';

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
  const instances: ClockRun[] = [];
  const events: TimelineEvent[] = [];
  const running = (code: string) => instances.filter((i) => i.clock.code === code && !i.end);
  let stage: Stage = 'investigation';

  for (const doc of dated) {
    const all = effectsByType.get(doc.typeCode) ?? [];
    const effects = all.filter(
      (e) => clockByCode.has(e.clock) && whenHolds({ when: e.when, stage }),
    );
    const subjects = subjectsOf(doc);
    const concerns = (i: ClockRun) =>
      i.clock.applies_per !== 'person' ||
      subjects.length === 0 ||
      i.personKey === null ||
      subjects.some((s) => s.key === i.personKey);
    const applied: TimelineEvent['effects'] = [];
    const started = new Set<ClockRun>();
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
        targets.forEach((i) =>
          i.notes.push(
            text(
              `Gia hạn được phê chuẩn: ${doc.typeCode} ${doc.date}`,
              `Extension approved by ${doc.typeCode} ${doc.date}`,
            ),
          ),
        );
      } else if (e.effect === 'reset') {
        for (const i of targets) {
          i.notes.push(
            text(
              `Tính lại từ ${doc.typeCode} ${doc.date}`,
              `Restarted by ${doc.typeCode} ${doc.date}`,
            ),
          );
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
        const i: ClockRun = {
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
  instance: ClockRun;
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
