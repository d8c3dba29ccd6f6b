import { describe, expect, it } from 'vitest';
import {
  addDuration,
  addMonths,
  createVietnamCalendar,
  nextWorkingDay,
  workingDaysBetween,
} from './calendar.ts';

const calendar = createVietnamCalendar();
const add = (start: string, value: number, unit: 'hour' | 'day' | 'working_day' | 'month') =>
  addDuration({ start, duration: { value, unit }, calendar });

describe('BLTTHS Điều 134 date arithmetic', () => {
  it('a period in days ends on the last day, the day of the event not counted', () => {
    expect(add('2024-03-05', 3, 'day')).toBe('2024-03-08');
    expect(add('2024-12-30', 3, 'day')).toBe('2025-01-02');
  });

  it('a period in months ends on the same date, or the last day of a shorter month', () => {
    expect(add('2024-01-10', 3, 'month')).toBe('2024-04-10');
    expect(addMonths('2024-01-31', 1)).toBe('2024-02-29');
    expect(addMonths('2023-01-31', 1)).toBe('2023-02-28');
    expect(addMonths('2023-11-30', 3)).toBe('2024-02-29');
  });

  it('working days skip weekends and holidays; hours round up to whole days', () => {
    expect(add('2024-03-15', 3, 'working_day')).toBe('2024-03-20');
    expect(add('2024-04-26', 2, 'working_day')).toBe('2024-05-02');
    expect(add('2024-03-05', 24, 'hour')).toBe('2024-03-06');
    expect(add('2024-03-05', 12, 'hour')).toBe('2024-03-06');
  });

  it('a day off moves the end to the next working day: weekends, solar holidays, Tết', () => {
    expect(nextWorkingDay('2024-04-20', calendar)).toBe('2024-04-22');
    expect(nextWorkingDay('2024-04-30', calendar)).toBe('2024-05-02');
    expect(nextWorkingDay('2024-05-02', calendar)).toBe('2024-05-02');
    // Tết 2019 began on 5 Feb: 4–8 Feb off, then the weekend.
    expect(nextWorkingDay('2019-02-04', calendar)).toBe('2019-02-11');
  });

  it('a solar holiday on a weekend gives a replacement day', () => {
    // 1 Jan 2023 was a Sunday: Monday 2 Jan was off.
    expect(calendar.isDayOff('2023-01-02')).toBe(true);
    expect(calendar.isDayOff('2023-01-03')).toBe(false);
  });

  it('knows the lunar holidays only inside its table', () => {
    expect(calendar.knowsLunar('2030-05-01')).toBe(true);
    expect(calendar.knowsLunar('2040-05-01')).toBe(false);
  });

  it('counts working days after a date up to another', () => {
    expect(workingDaysBetween('2024-06-05', '2024-06-08', calendar)).toBe(2);
    expect(workingDaysBetween('2024-06-08', '2024-06-05', calendar)).toBe(0);
  });
});
