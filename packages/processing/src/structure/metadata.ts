/** Metadata of a document's first page: số/ký hiệu, date, issuing agency (layout conventions, DOMAIN §4). */
import { fold } from './text.ts';

const DIGITISH = /^[0-9OoIlDQ|]+$/;

/** Fixes OCR confusions inside digit runs: O/o/D/Q→0, I/l/|→1 in a segment that is mostly digits. */
function fixDigitSegment(segment: string): string {
  const digits = (segment.match(/[0-9]/g) ?? []).length;
  if (digits === 0 || !DIGITISH.test(segment) || digits * 2 < segment.length) {
    return segment;
  }
  return segment.replace(/[OoDQ]/g, '0').replace(/[Il|]/g, '1');
}

/** Normalises a raw số/ký hiệu token: spaces around separators removed, digit runs fixed. */
export function normaliseNumber(raw: string): string | null {
  let s = raw
    .replace(/Ð/g, 'Đ')
    .replace(/ð/g, 'đ')
    .trim()
    .replace(/\s*([/-])\s*/g, '$1')
    .replace(/^[^0-9A-Za-zÀ-ỹĐđ]+/, '')
    .replace(/[^0-9A-Za-zÀ-ỹĐđ)]+$/, '');
  s = s.split(/\s+/)[0] ?? '';
  s = s
    .split(/([/-])/)
    .map((part) => (part === '/' || part === '-' ? part : fixDigitSegment(part)))
    .join('');
  if (!/[0-9]/.test(s)) {
    return null;
  }
  // OCR stutter: no symbol repeats a letter three times ("HĐĐĐMB" is HĐMB; "HĐĐT" stays),
  // except Roman numerals ("III").
  return s.normalize('NFC').replace(/([^\P{Lu}IVXLCM])\1{2,}/gu, '$1');
}

/** Number from a "Số: 45/QĐ-CSĐT" line among the given lines (null for "Số: …/…" blanks). */
export function extractNumber(lines: readonly string[]): string | null {
  for (const line of lines) {
    // fold keeps one character per NFC character, so indexes carry over to the original line
    const m = /^(?:\W{0,3}|.{0,24}?[^\p{L}])(?:BAN AN\s+)?S[O0]\s*[:;.]\s*/u.exec(fold(line));
    if (!m) {
      continue;
    }
    const rest = line
      .normalize('NFC')
      .slice(m[0].length)
      .replace(/\s*([/-])\s*/g, '$1');
    const token = rest.split(/\s+/).find((t) => /[0-9]/.test(t));
    if (!token) {
      return null;
    }
    return normaliseNumber(token);
  }
  return null;
}

function daysInMonth(year: number, month: number): number {
  return new Date(Date.UTC(year, month, 0)).getUTCDate();
}

/** ISO date from day/month/year strings (OCR digit fixes applied), or null if impossible. */
export function isoDate(day: string, month: string, year: string): string | null {
  const num = (s: string) => Number(fixDigitSegment(s.replace(/\s/g, '')));
  const d = num(day);
  const m = num(month);
  const y = num(year);
  if (!Number.isInteger(d) || !Number.isInteger(m) || !Number.isInteger(y)) {
    return null;
  }
  if (y < 1900 || y > 2100 || m < 1 || m > 12 || d < 1 || d > daysInMonth(y, m)) {
    return null;
  }
  return `${String(y)}-${String(m).padStart(2, '0')}-${String(d).padStart(2, '0')}`;
}

const DMY_WORDS =
  /NGAY\s*[:.]?\s*([0-9OoIl]{1,2})\s+THANG\s*[:.]?\s*([0-9OoIl]{1,2})\s+NAM\s*[:.]?\s*([0-9OoIl]{4})(?![0-9])/;
const DMY_SLASH =
  /NGAY[^0-9]{0,24}?([0-9]{1,2})\s*[/.-]\s*([0-9]{1,2})\s*[/.-]\s*([0-9]{4})(?![0-9])/;
const LOOSE_DMY =
  /(?:^|[^0-9])([0-9OoIl]{1,2})\W+T\S{1,5}\W+([0-9OoIl]{1,2})\W+N\S{0,3}\W+([0-9OoIl]{4})(?![0-9])/;
const BLANK_DATE = /NGAY\s*[._…\s]*THANG\s*[._…\s]*NAM/;

/** Place-date line "<Địa danh>, ngày … tháng … năm …" (a short place name before the comma). */
export function isPlaceDateLine(line: string): boolean {
  const m = /^(.*?),\s*NGAY\b/.exec(fold(line));
  if (!m) {
    return false;
  }
  const place = (m[1] ?? '').replace(/^.*SO\s*[:;]\s*\S+/, '').trim();
  if (/^\W*((VAO\s+)?HOI|HOM NAY|CAN CU|SINH)\b/.test(place)) {
    return false;
  }
  return place.split(/\s+/).length <= 6;
}

export interface DateHit {
  date: string | null;
  /** a date line was present but blank or impossible */
  blank: boolean;
}

/**
 * Document date from the place-date line ("Hà Nội, ngày 05 tháng 3 năm 2019"), the minutes
 * opening ("Hồi … giờ … ngày …") or a "Ngày: dd-mm-yyyy" line, searched in that order.
 */
export function extractDate(lines: readonly string[]): DateHit {
  const folded = lines.map((l) => fold(l));
  const tries: Array<(l: string) => boolean> = [
    (l) => isPlaceDateLine(l),
    (l) => /^\W*(VAO\s+)?HOI\s/.test(l),
    (l) => /^\W*NGAY\b/.test(l),
    (l) => /^\W*HOM NAY\b/.test(l),
  ];
  for (const accept of tries) {
    for (const l of folded) {
      if (!accept(l)) {
        continue;
      }
      const m = DMY_WORDS.exec(l) ?? DMY_SLASH.exec(l);
      if (m) {
        const iso = isoDate(m[1] ?? '', m[2] ?? '', m[3] ?? '');
        return { date: iso, blank: iso === null };
      }
      if (BLANK_DATE.test(l) || /NGAY\s*[._…]/.test(l)) {
        return { date: null, blank: true };
      }
    }
  }
  // OCR-damaged keywords: "<d> th?ng <m> n?m <yyyy>" anywhere in a line that is not a birth date
  // or a reference to another document.
  for (const l of folded) {
    if (/SINH|CAN CU|\bSO\b/.test(l)) {
      continue;
    }
    const m = LOOSE_DMY.exec(l);
    if (m) {
      const iso = isoDate(m[1] ?? '', m[2] ?? '', m[3] ?? '');
      if (iso) {
        return { date: iso, blank: false };
      }
    }
  }
  return { date: null, blank: false };
}

const AGENCY_WORDS =
  /(CONG AN|VIEN KIEM SAT|TOA AN|CO QUAN|UY BAN|UBND|PHONG|CONG TY|DOANH NGHIEP|BO |SO |CUC |TRUNG TAM|HOI DONG|NGAN HANG|CHI CUC|TONG CUC)/;
const NATIONAL = /CONG\s*HOA\s*XA\s*HOI|DOC\s*LAP\s*-?\s*TU\s*DO/;

/** Issuing agency: the caps lines of the left header column (national heading cut off). */
export function extractIssuer(lines: readonly string[]): string | null {
  const parts: string[] = [];
  for (const raw of lines.slice(0, 6)) {
    const line = raw.trim();
    if (!line) {
      continue;
    }
    const f = fold(line);
    if (/^\W*SO\s*[:;]/.test(f) || /NGAY\s+\S+\s+THANG/.test(f)) {
      break;
    }
    const cut = f.search(NATIONAL);
    const left = (cut >= 0 ? line.slice(0, cut) : line).replace(/^[^\p{L}]+|[^\p{L}]+$/gu, '');
    if (cut === 0) {
      continue;
    }
    if (!left || left !== left.toUpperCase()) {
      break;
    }
    if (parts.length === 0 && !AGENCY_WORDS.test(fold(left))) {
      break;
    }
    parts.push(left);
    if (parts.length >= 3) {
      break;
    }
  }
  return parts.length ? parts.join(' ') : null;
}
