/**
 * Date arithmetic of BLTTHS Điều 134 on ISO dates (yyyy-mm-dd, no time zone): periods in days end
 * at 24:00 of the last day, periods in months on the same date of the last month (or that month's
 * last day), and a period ending on a day off ends on the next working day unless the clock counts
 * calendar days (custody, detention).
 */
import type { Duration } from '@sohoa/contracts';
import { HOLIDAY_TABLE } from './holidays.data.ts';

const DAY_MS = 86_400_000;

const toUtc = (iso: string) => Date.UTC(+iso.slice(0, 4), +iso.slice(5, 7) - 1, +iso.slice(8, 10));
const fromUtc = (ms: number) => new Date(ms).toISOString().slice(0, 10);

export function addDays(iso: string, days: number): string {
  return fromUtc(toUtc(iso) + days * DAY_MS);
}

/** Whole days from `a` to `b` (negative when b is before a). */
export function daysBetween(a: string, b: string): number {
  return Math.round((toUtc(b) - toUtc(a)) / DAY_MS);
}

/** Same date `months` later, or the last day of that month when the date does not exist. */
export function addMonths(iso: string, months: number): string {
  const y = +iso.slice(0, 4);
  const m = +iso.slice(5, 7) - 1 + months;
  const d = +iso.slice(8, 10);
  const lastDay = new Date(Date.UTC(y, m + 1, 0)).getUTCDate();
  return fromUtc(Date.UTC(y, m, Math.min(d, lastDay)));
}

/** Which days are off: weekends, the public holidays of a year, with their replacement days. */
export interface HolidayCalendar {
  isDayOff: (iso: string) => boolean;
  /** Whether lunar holidays are known for this date's year (false outside the table). */
  knowsLunar: (iso: string) => boolean;
}

const isWeekend = (iso: string) => {
  const wd = new Date(toUtc(iso)).getUTCDay();
  return wd === 0 || wd === 6;
};

/** Holidays of one year: solar days (with replacement weekdays) and the days of Tết. */
function holidaysOf(year: number): Set<string> {
  const solar = HOLIDAY_TABLE.solar.map((md) => `${year}-${md}`);
  const tet = HOLIDAY_TABLE.tetFirstDay[year];
  const set = new Set([
    ...solar,
    ...(tet ? HOLIDAY_TABLE.tetOffsets.map((o) => addDays(tet, o)) : []),
  ]);
  // Bộ luật Lao động Điều 111: a holiday on a weekly rest day is given back on the next working
  // day. The days around Tết are set each year by the government, so they get no replacement here.
  for (const day of solar.filter(isWeekend)) {
    let next = addDays(day, 1);
    while (isWeekend(next) || set.has(next)) {
      next = addDays(next, 1);
    }
    set.add(next);
  }
  return set;
}

/** The Vietnamese calendar of HOLIDAY_TABLE (verify flagged there). */
export function createVietnamCalendar(): HolidayCalendar {
  const years = new Map<number, Set<string>>();
  const of = (year: number) => {
    let set = years.get(year);
    if (!set) {
      set = holidaysOf(year);
      years.set(year, set);
    }
    return set;
  };
  return {
    isDayOff: (iso) => isWeekend(iso) || of(+iso.slice(0, 4)).has(iso),
    knowsLunar: (iso) => HOLIDAY_TABLE.tetFirstDay[+iso.slice(0, 4)] !== undefined,
  };
}

/** The first working day on or after `iso`. */
export function nextWorkingDay(iso: string, calendar: HolidayCalendar): string {
  let day = iso;
  while (calendar.isDayOff(day)) {
    day = addDays(day, 1);
  }
  return day;
}

/** Working days strictly after `from` up to and including `to` (0 when `to` is not after `from`). */
export function workingDaysBetween(from: string, to: string, calendar: HolidayCalendar): number {
  let n = 0;
  for (let day = addDays(from, 1); day <= to; day = addDays(day, 1)) {
    if (!calendar.isDayOff(day)) {
      n++;
    }
  }
  return n;
}

/**
 * The last day of a period of `duration` counted from `start` (the day of the event is not counted:
 * 3 days from the 5th end on the 8th at 24:00). Hours are rounded up to whole days because case
 * files date documents by day; the caller says so in its notes.
 */
export function addDuration({
  start,
  duration,
  calendar,
}: {
  start: string;
  duration: Duration;
  calendar: HolidayCalendar;
}): string {
  switch (duration.unit) {
    case 'day':
      return addDays(start, duration.value);
    case 'hour':
      return addDays(start, Math.ceil(duration.value / 24));
    case 'month':
      return addMonths(start, duration.value);
    case 'working_day': {
      let day = start;
      for (let n = 0; n < duration.value;) {
        day = addDays(day, 1);
        if (!calendar.isDayOff(day)) {
          n++;
        }
      }
      return day;
    }
    default:
      throw new Error(`unknown duration unit ${String(duration.unit)}`);
  }
}
