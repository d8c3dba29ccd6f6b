import { InvalidArgumentError } from 'commander';
import { describe, expect, test } from 'vitest';
import { formatCharge, parseCharge, parseParty } from './case.parsers.ts';

describe('parseCharge', () => {
  test('a charge reads as name, article and clause; the law is left to the server default', () => {
    expect(parseCharge('Trộm cắp tài sản:173:1')).toEqual({
      name: 'Trộm cắp tài sản',
      article: 173,
      clause: '1',
    });
  });

  test('article, clause and law are optional and may be given in full', () => {
    expect(parseCharge('Cố ý gây thương tích')).toEqual({
      name: 'Cố ý gây thương tích',
      article: null,
      clause: null,
    });
    expect(parseCharge('Giết người : 123 : 1.a : BLHS 1999')).toEqual({
      name: 'Giết người',
      article: 123,
      clause: '1.a',
      law: 'BLHS 1999',
    });
  });

  test('a non-numeric or out-of-range article, an empty name or extra parts are usage errors', () => {
    for (const value of ['Trộm cắp:abc', 'Trộm cắp:0', 'Trộm cắp:1000', ':173', 'a:1:2:3:4']) {
      expect(() => parseCharge(value), value).toThrow(InvalidArgumentError);
    }
  });
});

describe('parseParty', () => {
  test('the role code follows the last colon and is upper-cased', () => {
    expect(parseParty('Nguyễn Văn A:bi_can')).toEqual({
      fullName: 'Nguyễn Văn A',
      roleCode: 'BI_CAN',
    });
  });

  test('a missing name, a missing role or a role outside the catalogue is a usage error', () => {
    for (const value of ['Nguyễn Văn A', ':BI_CAN', 'Nguyễn Văn A:', 'Nguyễn Văn A:THU_PHAM']) {
      expect(() => parseParty(value), value).toThrow(InvalidArgumentError);
    }
  });
});

describe('formatCharge', () => {
  const charge = { name: 'Cướp tài sản', article: 168, clause: '2.d', law: 'BLHS 2015' };

  test('Vietnamese output cites point, clause and article in legal order', () => {
    expect(formatCharge(charge, 'vi')).toBe('Cướp tài sản — điểm d khoản 2 Điều 168 BLHS 2015');
  });

  test('English output uses the Article(clause)(point) form', () => {
    expect(formatCharge(charge, 'en')).toBe('Cướp tài sản — Article 168(2)(d) BLHS 2015');
    expect(formatCharge({ ...charge, article: null, clause: null }, 'en')).toBe(
      'Cướp tài sản — BLHS 2015',
    );
  });
});
