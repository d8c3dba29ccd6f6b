import type { CasePerson } from '@sohoa/contracts';
import { describe, expect, it } from 'vitest';
import { filterPersons, foldVietnamese, otherSpellings, rolesOf } from './person-filter.ts';

const role = (code: string, vi: string) => ({ code, name: { vi, en: code } });
const person = (name: string, roles: CasePerson['roles'], variants: string[] = []): CasePerson => ({
  key: name,
  name,
  variants,
  roles,
  appearances: [],
  statements: [],
});

const PERSONS = [
  person('Lò Văn Sáng', [role('BI_CAN', 'Bị can')]),
  person('Nguyễn Thị Đào', [role('BI_HAI', 'Bị hại'), role('NGUOI_LAM_CHUNG', 'Người làm chứng')]),
  person('Đặng Văn Đức', [role('NGUOI_LAM_CHUNG', 'Người làm chứng')], ['Dang Van Duc']),
];

describe('person index filter', () => {
  it('folds Vietnamese diacritics, đ included', () => {
    expect(foldVietnamese('  Nguyễn   Thị ĐÀO ')).toBe('nguyen thi dao');
    expect(foldVietnamese('Đặng Văn Đức')).toBe('dang van duc');
    // Decomposed input (as some keyboards produce) folds the same way.
    expect(foldVietnamese('Nguye\u0302\u0303n')).toBe('nguyen');
  });

  it('finds names typed with or without accents, every word anywhere in the name', () => {
    const names = (query: string, roleCode: string | null = null) =>
      filterPersons(PERSONS, { query, roleCode }).map((p) => p.name);
    expect(names('dao')).toEqual(['Nguyễn Thị Đào']);
    expect(names('ĐỨC')).toEqual(['Đặng Văn Đức']);
    expect(names('van')).toEqual(['Lò Văn Sáng', 'Đặng Văn Đức']);
    expect(names('sang lo')).toEqual(['Lò Văn Sáng']);
    expect(names('')).toHaveLength(3);
    expect(names('xyz')).toEqual([]);
    expect(names('', 'NGUOI_LAM_CHUNG')).toEqual(['Nguyễn Thị Đào', 'Đặng Văn Đức']);
    expect(names('duc', 'BI_CAN')).toEqual([]);
  });

  it('lists the roles present, once each', () => {
    expect(rolesOf(PERSONS).map((r) => r.code)).toEqual(['BI_CAN', 'BI_HAI', 'NGUOI_LAM_CHUNG']);
  });
});

describe('other spellings', () => {
  it('leaves out the shown name, which the server lists among the spellings', () => {
    expect(
      otherSpellings({ name: 'Vũ Hữu Long', variants: ['Vũ Hữu Long', 'Vu Huu Long'] }),
    ).toEqual(['Vu Huu Long']);
    expect(otherSpellings({ name: 'Lò Văn Sáng', variants: ['Lò Văn Sáng'] })).toEqual([]);
  });
});
