import { describe, expect, it } from 'vitest';
import { extractTimeRange } from './time-range.ts';

describe('extractTimeRange', () => {
  it('reads the opening and the closing "cùng ngày" of minutes', () => {
    expect(
      extractTimeRange([
        'BIÊN BẢN KHÁM XÉT',
        'Hồi 07 giờ 40 phút, ngày 18 tháng 11 năm 2023, tại nhà ông Lò Văn Pấng.',
        'Hỏi: …',
        'Việc khám xét kết thúc hồi 09 giờ 05 phút cùng ngày, biên bản đã được đọc lại.',
      ]),
    ).toEqual({ start: '2023-11-18T07:40', end: '2023-11-18T09:05' });
  });

  it('reads "Vào hồi", a closing on another date and a closing split over two lines', () => {
    expect(
      extractTimeRange([
        'Vào hồi 20 giờ 00 phút, ngày 30 tháng 6 năm 2022, tại trụ sở Tòa án nhân dân huyện Bảo Lạc.',
        'Phiên họp kết thúc vào hồi 08 giờ',
        '15 phút, ngày 01 tháng 7 năm 2022.',
      ]),
    ).toEqual({ start: '2022-06-30T20:00', end: '2022-07-01T08:15' });
  });

  it('moves a closing earlier than the opening, without a date, to the next day', () => {
    expect(
      extractTimeRange([
        'Hồi 23 giờ 30 phút, ngày 31 tháng 12 năm 2021, tại chốt kiểm soát Km 12.',
        'Biên bản lập xong hồi 00 giờ 20 phút.',
      ]),
    ).toEqual({ start: '2021-12-31T23:30', end: '2022-01-01T00:20' });
  });

  it('tolerates missing diacritics and OCR digit confusions', () => {
    expect(
      extractTimeRange([
        'Hoi 1O gio 05 phut, ngay 07 thang 8 nam 2021, tai tru so Cong an xa.',
        'Bien ban ket thuc hoi 11 gio cung ngay.',
      ]),
    ).toEqual({ start: '2021-08-07T10:05', end: '2021-08-07T11:00' });
  });

  it('gives a start without end when no closing time is stated', () => {
    expect(
      extractTimeRange([
        'Hồi 14 giờ 00 phút, ngày 02 tháng 3 năm 2020, tại hiện trường.',
        'Biên bản lập xong cùng ngày.',
      ]),
    ).toEqual({ start: '2020-03-02T14:00', end: null });
  });

  it('returns null without an opening, for impossible dates or times and for garbage', () => {
    expect(extractTimeRange([])).toBeNull();
    expect(extractTimeRange(['QUYẾT ĐỊNH', 'Hải Phòng, ngày 05 tháng 3 năm 2019'])).toBeNull();
    expect(extractTimeRange(['Hồi 25 giờ 00 phút, ngày 05 tháng 3 năm 2019'])).toBeNull();
    expect(extractTimeRange(['Hồi 10 giờ 00 phút, ngày 31 tháng 2 năm 2019'])).toBeNull();
    expect(extractTimeRange(['Hồi … giờ … phút, ngày … tháng … năm 20…'])).toBeNull();
    expect(extractTimeRange(['@@@ #### ~~~~', '\u0000\u0001'])).toBeNull();
  });
});
