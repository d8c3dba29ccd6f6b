import type { TimelineClock } from '@sohoa/contracts';
import { describe, expect, it } from 'vitest';
import { vi as catalogue } from '../i18n/vi.ts';
import {
  clockFlag,
  eventPersonNames,
  countByStatus,
  eventsInOrder,
  formatIsoDate,
  sortClocks,
  type ClockStatus,
} from './timeline-flags.ts';

const STATUSES: ClockStatus[] = [
  'running',
  'near',
  'met',
  'exceeded',
  'lapsed',
  'suspended',
  'unknown',
];

function clock(code: string, status: ClockStatus, due: string | null): TimelineClock {
  return {
    code,
    name: { vi: `Thời hạn ${code}`, en: code },
    article: 'Điều 172 BLTTHS',
    law: 'BLTTHS 2015',
    verify: false,
    appliesPer: 'case',
    person: null,
    keyedBy: 'none',
    key: null,
    start: null,
    baseDuration: null,
    extensions: [],
    extensionRequests: [],
    deductedDays: 0,
    due,
    holidayRule: 'calendar',
    end: null,
    impliedEnd: null,
    status,
    reason: null,
    notes: [],
  };
}

describe('deadline flags', () => {
  it('maps each status to its colour, symbol and a label that exists in the catalogue', () => {
    expect(clockFlag('met')).toMatchObject({ tone: 'ok', labelKey: 'timeline.status.met' });
    expect(clockFlag('running').tone).toBe('info');
    expect(clockFlag('near').tone).toBe('warn');
    expect(clockFlag('exceeded').tone).toBe('danger');
    expect(clockFlag('unknown').tone).toBe('neutral');
    for (const status of STATUSES) {
      const flag = clockFlag(status);
      expect(catalogue[flag.labelKey]).toBeTruthy();
      expect(flag.symbol).not.toBe('');
    }
    // A status a newer server may add is shown as unknown rather than breaking the page.
    expect(clockFlag('frozen' as ClockStatus).labelKey).toBe('timeline.status.unknown');
  });

  it('lists late and nearly late clocks first, then by due date', () => {
    const sorted = sortClocks([
      clock('a', 'met', '2024-01-01'),
      clock('b', 'running', '2024-03-01'),
      clock('c', 'running', '2024-02-01'),
      clock('d', 'exceeded', '2024-05-01'),
      clock('e', 'near', null),
    ]);
    expect(sorted.map((c) => c.code)).toEqual(['d', 'e', 'c', 'b', 'a']);
    expect(countByStatus(sorted)).toEqual({ met: 1, running: 2, exceeded: 1, near: 1 });
  });

  it('orders events by date and keeps the server order within a day', () => {
    const ev = (documentId: string, date: string) =>
      ({ documentId, date }) as Parameters<typeof eventsInOrder>[0][number];
    expect(
      eventsInOrder([ev('x', '2023-05-12'), ev('y', '2023-05-11'), ev('z', '2023-05-12')]).map(
        (e) => e.documentId,
      ),
    ).toEqual(['y', 'x', 'z']);
    expect(formatIsoDate('2023-05-11')).toBe('11/05/2023');
    expect(formatIsoDate('2023-05-11T08:00')).toBe('11/05/2023');
    expect(formatIsoDate(null)).toBe('');
  });
});

describe('event persons', () => {
  it('names each person once, in the order of the document', () => {
    expect(
      eventPersonNames([
        { name: 'Nghiêm Việt Long' },
        { name: 'Khúc Anh Vinh' },
        { name: 'Nghiêm Việt Long' },
      ]),
    ).toEqual(['Nghiêm Việt Long', 'Khúc Anh Vinh']);
  });
});
