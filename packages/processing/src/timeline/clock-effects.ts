/**
 * Which clocks a document type starts, extends, suspends or ends: the type's `clock_effects` in
 * document-types.json, completed by the `starts_on` / `ends_on` lists of deadlines.json (the two
 * files are kept separately and do not always list the same links).
 */
import type { ClockEffect, DeadlineClock, TimelineDocumentType } from '@sohoa/contracts';

export interface ResolvedEffect extends ClockEffect {
  /** 'type' = from the document type's clock_effects; 'clock' = from the clock's starts_on/ends_on. */
  from: 'type' | 'clock';
}

export function buildClockEffects({
  types,
  clocks,
}: {
  types: readonly TimelineDocumentType[];
  clocks: readonly DeadlineClock[];
}): Map<string, ResolvedEffect[]> {
  const byType = new Map<string, ResolvedEffect[]>();
  const add = (typeCode: string, effect: ResolvedEffect) => {
    const list = byType.get(typeCode) ?? [];
    if (!list.some((e) => e.clock === effect.clock && e.effect === effect.effect)) {
      list.push(effect);
    }
    byType.set(typeCode, list);
  };
  for (const t of types) {
    for (const e of t.clock_effects ?? []) {
      add(t.code, { ...e, from: 'type' });
    }
  }
  for (const c of clocks) {
    for (const code of c.starts_on.documents) {
      add(code, { clock: c.code, effect: 'start', from: 'clock' });
    }
    for (const code of c.ends_on.documents) {
      add(code, { clock: c.code, effect: 'end', from: 'clock' });
    }
    for (const code of c.extension_request?.extension_documents ?? []) {
      add(code, { clock: c.code, effect: 'extend', from: 'clock' });
    }
  }
  return byType;
}

export type Stage = 'investigation' | 'prosecution' | 'trial';

/**
 * Whether an effect's `when` holds at `stage` (the stage before the document). The `when` texts of
 * document-types.json name the stage or the direction of a file hand-over; other conditions
 * ("bản kết luận điều tra bổ sung") only concern a clock that is already running, which the engine
 * checks anyway.
 */
export function whenHolds({ when, stage }: { when: string | null | undefined; stage: Stage }) {
  const w = (when ?? '').toLowerCase();
  if (w.includes('investigation stage') || w.includes('cqđt hands the file to the vks')) {
    return stage === 'investigation';
  }
  if (w.includes('prosecution stage') || w.includes('vks hands the file to the court')) {
    return stage === 'prosecution';
  }
  if (w.includes('trial stage')) {
    return stage === 'trial';
  }
  return true;
}

/** The stage after a document with `effects` (a hand-over moves the file on; a return sends it back). */
export function nextStage({
  stage,
  effects,
}: {
  stage: Stage;
  effects: readonly ResolvedEffect[];
}) {
  const whens = effects.map((e) => (e.when ?? '').toLowerCase());
  if (
    stage === 'investigation' &&
    whens.some((w) => w.includes('cqđt hands the file to the vks'))
  ) {
    return 'prosecution';
  }
  if (stage === 'prosecution' && whens.some((w) => w.includes('vks hands the file to the court'))) {
    return 'trial';
  }
  if (effects.some((e) => e.clock === 'DIEU_TRA_BO_SUNG' && e.effect === 'start')) {
    return 'investigation';
  }
  return stage;
}
