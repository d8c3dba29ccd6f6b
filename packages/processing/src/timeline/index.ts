export * from './timeline.types.ts';
export * from './compute-timeline.ts';
export * from './crime-category.ts';
export * from './person-groups.ts';
export {
  addDays,
  addMonths,
  addDuration,
  createVietnamCalendar,
  daysBetween,
  nextWorkingDay,
  workingDaysBetween,
  type HolidayCalendar,
} from './calendar.ts';
export * from './person-index.ts';
