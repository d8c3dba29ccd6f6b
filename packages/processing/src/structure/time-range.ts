/**
 * Time range of minutes (biên bản): the opening "Hồi 15 giờ 20 phút, ngày 05 tháng 3 năm 2019" and the
 * closing "… kết thúc hồi 16 giờ 45 phút cùng ngày" (DOMAIN §4, biên bản specifics). Folded text, so
 * missing diacritics and OCR digit confusions are tolerated. Pure.
 */
import { isoDate } from './metadata.ts';
import { fold } from './text.ts';

export interface TimeRange {
  /** local date-time "yyyy-mm-ddThh:mm" */
  start: string;
  /** local date-time, or null when the closing time is not stated */
  end: string | null;
}

const D = '([0-9OoIl]{1,2})';
const TIME = `${D}\\s*(?:GIO|H)\\s*(?:${D}\\s*(?:PHUT|P)?)?`;
const DATE_WORDS = `NGAY\\s*${D}\\s*THANG\\s*${D}\\s*NAM\\s*([0-9OoIl]{4})`;
const DATE_SLASH = `NGAY\\s*${D}\\s*[/.-]\\s*${D}\\s*[/.-]\\s*([0-9]{4})`;
const OPENING = new RegExp(
  `^\\W{0,3}(?:VAO\\s+)?HOI\\s*${TIME}\\W{0,4}(?:${DATE_WORDS}|${DATE_SLASH})`,
);
const CLOSING = new RegExp(
  `(?:KET THUC|LAP XONG|XONG|CHAM DUT)\\D{0,20}?(?:VAO\\s+)?(?:HOI|LUC)\\s*${TIME}\\W{0,4}(CUNG NGAY|${DATE_WORDS}|${DATE_SLASH})?`,
);

function hhmm(h: string | undefined, m: string | undefined): string | null {
  const fix = (s: string) => Number(s.replace(/[Oo]/g, '0').replace(/[Il]/g, '1'));
  const hours = fix(h ?? '');
  const minutes = m ? fix(m) : 0;
  if (!Number.isInteger(hours) || hours > 23 || !Number.isInteger(minutes) || minutes > 59) {
    return null;
  }
  return `${String(hours).padStart(2, '0')}:${String(minutes).padStart(2, '0')}`;
}

function addDay(date: string): string {
  const d = new Date(`${date}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + 1);
  return d.toISOString().slice(0, 10);
}

/** Start and end of the minutes in `lines` (a document's lines), or null without an opening. */
export function extractTimeRange(lines: readonly string[]): TimeRange | null {
  // lines are joined so that "… kết thúc hồi 16 giờ\n45 phút cùng ngày" is read across the break
  const folded = lines.map((l) => fold(l.normalize('NFC')));
  let start: { date: string; time: string } | null = null;
  for (let i = 0; i < Math.min(folded.length, 30) && !start; i++) {
    const m = OPENING.exec(`${folded[i] ?? ''} ${folded[i + 1] ?? ''}`);
    if (!m) {
      continue;
    }
    const time = hhmm(m[1], m[2]);
    const date = m[3]
      ? isoDate(m[3], m[4] ?? '', m[5] ?? '')
      : isoDate(m[6] ?? '', m[7] ?? '', m[8] ?? '');
    if (time && date) {
      start = { date, time };
    }
  }
  if (!start) {
    return null;
  }
  const joined = folded.join(' ').replace(/\s+/g, ' ');
  let end: string | null = null;
  let match: RegExpExecArray | null = null;
  const closing = new RegExp(CLOSING.source, 'g');
  for (let m = closing.exec(joined); m; m = closing.exec(joined)) {
    match = m; // the last closing statement of the document
  }
  if (match) {
    const time = hhmm(match[1], match[2]);
    let date: string | null = start.date;
    if (match[4]) {
      date = isoDate(match[4], match[5] ?? '', match[6] ?? '');
    } else if (match[7]) {
      date = isoDate(match[7], match[8] ?? '', match[9] ?? '');
    }
    if (time && date) {
      // minutes that run past midnight "cùng ngày" end on the next day
      if (date === start.date && time < start.time && match[3] === undefined) {
        date = addDay(date);
      }
      end = `${date}T${time}`;
      if (end < `${start.date}T${start.time}`) {
        end = null;
      }
    }
  }
  return { start: `${start.date}T${start.time}`, end };
}
