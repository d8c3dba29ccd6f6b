import { describe, expect, it } from 'vitest';
import { extractDate, extractIssuer, extractNumber, isoDate, normaliseNumber } from './metadata.ts';
import { fold, similarity, compact } from './text.ts';

describe('number', () => {
  it('reads the Số line and fixes digit confusions', () => {
    expect(
      extractNumber(['CÔNG AN QUẬN X', 'Số: 45/QĐ-CSĐT Hà Nội, ngày 05 tháng 3 năm 2019']),
    ).toBe('45/QĐ-CSĐT');
    expect(extractNumber(['Số: 1O7 / 2019 / QĐXXST-HS'])).toBe('107/2019/QĐXXST-HS');
    expect(extractNumber(['Số : 2l/KL-KTHS'])).toBe('21/KL-KTHS');
    expect(extractNumber(['Bản án số: 12/2019/HS-ST', 'Ngày: 12-5-2019'])).toBe('12/2019/HS-ST');
    expect(extractNumber(['Số CCCD: 031089156882'])).toBeNull();
    expect(normaliseNumber('26/2019/HÐMB')).toBe('26/2019/HĐMB');
    expect(normaliseNumber('26/2019/HĐÐĐMB')).toBe('26/2019/HĐMB');
    expect(normaliseNumber('12/2020/HĐĐT')).toBe('12/2020/HĐĐT');
    expect(normaliseNumber('3/2021/QĐ-III')).toBe('3/2021/QĐ-III');
  });
  it('returns null for blank numbers and missing lines', () => {
    expect(extractNumber(['Số: …/QĐ-VKS'])).toBeNull();
    expect(extractNumber(['Căn cứ Điều 36'])).toBeNull();
  });
});

describe('date', () => {
  it('reads the place-date line', () => {
    expect(extractDate(['Hà Nội, ngày 05 tháng 3 năm 2019']).date).toBe('2019-03-05');
    expect(extractDate(['Số: 3/TB Hải Phòng, ngày O9 tháng 11 năm 2O19']).date).toBe('2019-11-09');
  });
  it('tolerates damaged keywords', () => {
    expect(extractDate(['Hải Phòng, ngy 05 thág 3 nam 2019']).date).toBe('2019-03-05');
  });
  it('reads the judgment "Ngày:" line', () => {
    expect(extractDate(['Bản án số: 12/2019/HS-ST', 'Ngày: 12-5-2019']).date).toBe('2019-05-12');
  });
  it('reads the minutes opening', () => {
    expect(
      extractDate(['BIÊN BẢN', 'Hồi 14 giờ 00 phút, ngày 23 tháng 3 năm 2019, tại trại']).date,
    ).toBe('2019-03-23');
  });
  it('reads "Vào hồi" openings and "Hôm nay" contract dates', () => {
    expect(extractDate(['Vào hồi 08 giờ 30 phút, ngày 26 tháng 02 năm 2020, tại']).date).toBe(
      '2020-02-26',
    );
    expect(extractDate(['Hôm nay, ngày 12 tháng 6 năm 2019, tại trụ sở']).date).toBe('2019-06-12');
  });
  it('prefers the place-date line over body dates', () => {
    expect(
      extractDate(['Hôm nay, ngày 02 tháng 1 năm 2020', 'Hà Nội, ngày 03 tháng 1 năm 2020']).date,
    ).toBe('2020-01-03');
  });
  it('returns null for blank and impossible dates', () => {
    expect(extractDate(['Hà Nội, ngày … tháng … năm 20…'])).toEqual({ date: null, blank: true });
    expect(extractDate(['Hà Nội, ngày 31 tháng 02 năm 2019'])).toEqual({ date: null, blank: true });
    expect(isoDate('29', '2', '2020')).toBe('2020-02-29');
    expect(isoDate('29', '2', '2019')).toBeNull();
    expect(isoDate('1', '13', '2019')).toBeNull();
  });
});

describe('issuer and text helpers', () => {
  it('takes the left header column', () => {
    expect(
      extractIssuer([
        'VIỆN KIỂM SÁT NHÂN DÂN CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM',
        'QUẬN LÊ CHÂN Độc lập - Tự do - Hạnh phúc',
        'Số: 52/QĐ-VKSLC',
      ]),
    ).toBe('VIỆN KIỂM SÁT NHÂN DÂN QUẬN LÊ CHÂN');
    expect(
      extractIssuer(['CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM', 'Độc lập - Tự do - Hạnh phúc']),
    ).toBeNull();
  });
  it('folds diacritics, đ and tone placement', () => {
    expect(fold('Đơn khởi kiện')).toBe('DON KHOI KIEN');
    expect(compact('HOÀ GIẢI')).toBe(compact('HÒA GIẢI'));
    expect(similarity(compact('QUYET DlNH'), compact('QUYẾT ĐỊNH'))).toBeGreaterThan(0.85);
  });
});
