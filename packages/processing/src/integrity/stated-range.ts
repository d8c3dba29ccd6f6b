import { fold } from '../structure/text.ts';

/**
 * The bút lục range a volume cover states ("Từ bút lục số 01 đến bút lục số 17"), read on
 * diacritic-folded text so OCR tone-mark errors do not matter. Null when the cover states none.
 */
export function readStatedRange(text: string): { from: number; to: number } | null {
  const folded = fold(text).replace(/\s+/g, ' ');
  const match =
    /TU (?:BUT LUC|BL)\W*(?:SO)?\W*(\d{1,5})\W+DEN\W+(?:(?:BUT LUC|BL)\W*)?(?:SO)?\W*(\d{1,5})/.exec(
      folded,
    );
  if (!match) {
    return null;
  }
  const from = Number(match[1]);
  const to = Number(match[2]);
  return to >= from ? { from, to } : null;
}
