import type { CaseTimeline, TimelineClock } from '@sohoa/contracts';

export type ClockStatus = TimelineClock['status'];
/** Colour family of a flag: green done, blue running, amber look soon, red late, grey unknown. */
export type FlagTone = 'ok' | 'info' | 'warn' | 'danger' | 'neutral';

export interface ClockFlag {
  tone: FlagTone;
  /** Key of the catalogue label (`timeline.status.<status>`). */
  labelKey: `timeline.status.${ClockStatus}`;
  /** A symbol shown beside the label, so the flag does not rely on colour alone. */
  symbol: string;
  /** Sort rank: what needs attention first. */
  rank: number;
}

const FLAGS: Record<ClockStatus, Omit<ClockFlag, 'labelKey'>> = {
  exceeded: { tone: 'danger', symbol: '✕', rank: 0 },
  near: { tone: 'warn', symbol: '!', rank: 1 },
  unknown: { tone: 'neutral', symbol: '?', rank: 2 },
  running: { tone: 'info', symbol: '⏱', rank: 3 },
  lapsed: { tone: 'neutral', symbol: '–', rank: 4 },
  suspended: { tone: 'info', symbol: '‖', rank: 5 },
  met: { tone: 'ok', symbol: '✓', rank: 6 },
};

/** How a deadline clock's status is shown: tone, label and symbol. */
export function clockFlag(status: ClockStatus): ClockFlag {
  const flag = FLAGS[status] ?? FLAGS.unknown;
  return { ...flag, labelKey: `timeline.status.${FLAGS[status] ? status : 'unknown'}` };
}

/** Clocks needing attention first (exceeded, near, unknown …), then by due date, then by name. */
export function sortClocks(clocks: readonly TimelineClock[]): TimelineClock[] {
  return [...clocks].sort(
    (a, b) =>
      clockFlag(a.status).rank - clockFlag(b.status).rank ||
      (a.due ?? '9999').localeCompare(b.due ?? '9999') ||
      a.name.vi.localeCompare(b.name.vi, 'vi'),
  );
}

/** How many clocks of each status (for the summary line). */
export function countByStatus(
  clocks: readonly TimelineClock[],
): Partial<Record<ClockStatus, number>> {
  const counts: Partial<Record<ClockStatus, number>> = {};
  for (const c of clocks) {
    counts[c.status] = (counts[c.status] ?? 0) + 1;
  }
  return counts;
}

/** Events in date order (stable for one day: the server's order, i.e. bút lục order). */
export function eventsInOrder(events: CaseTimeline['events']): CaseTimeline['events'] {
  return events
    .map((e, i) => ({ e, i }))
    .sort((a, b) => a.e.date.localeCompare(b.e.date) || a.i - b.i)
    .map(({ e }) => e);
}

/** dd/mm/yyyy of an ISO date (or date-time); other text is returned unchanged. */
export function formatIsoDate(iso: string | null): string {
  if (!iso) {
    return '';
  }
  const m = /^(\d{4})-(\d{2})-(\d{2})/.exec(iso);
  return m ? `${m[3]}/${m[2]}/${m[1]}` : iso;
}

/**
 * The names of an event's persons, each once, in order: a document lists a person once per role
 * ("Nghiêm Việt Long" as the buyer's representative and as the signer).
 */
export function eventPersonNames(persons: ReadonlyArray<{ name: string }>): string[] {
  return [...new Set(persons.map((p) => p.name))];
}
