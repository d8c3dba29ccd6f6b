import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { authorityPrefix, buildRoleVocabulary, type CataloguePersonRole } from './roles.ts';

const roles = (
  JSON.parse(
    readFileSync(new URL('../../../contracts/domain/document-types.json', import.meta.url), 'utf8'),
  ) as { person_roles: CataloguePersonRole[] }
).person_roles;

describe('buildRoleVocabulary', () => {
  const criminal = buildRoleVocabulary({ roles, caseKind: 'criminal' });
  const commercial = buildRoleVocabulary({ roles, caseKind: 'commercial' });

  it('matches labels exactly, by prefix, shortened and with OCR errors', () => {
    expect(criminal.labelRole('Bị can')).toBe('BI_CAN');
    expect(criminal.labelRole('THẨM PHÁN - CHỦ TỌA PHIÊN TÒA')).toBe('THAM_PHAN');
    expect(criminal.labelRole('NGƯỜI GIAO NỘP')).toBe('NGUOI_GIAO_NOP');
    expect(criminal.labelRole('Giám định viên')).toBe('GIAM_DINH_VIEN');
    expect(criminal.labelRole('người giám định')).toBe('GIAM_DINH_VIEN');
    expect(criminal.labelRole('Nguoi lam chung')).toBe('NGUOI_LAM_CHUNG');
    expect(criminal.labelRole('KIỂMSÁT VIÊN')).toBe('KIEM_SAT_VIEN');
    expect(criminal.labelRole('Kiềm sát vlên')).toBe('KIEM_SAT_VIEN');
    expect(criminal.labelRole('Nơi cư trú')).toBeNull();
    expect(criminal.labelRole('')).toBeNull();
  });

  it('keeps roles to the case kind, with the equivalent of the other procedure', () => {
    expect(commercial.labelRole('Người khởi kiện')).toBe('NGUYEN_DON');
    expect(commercial.labelRole('Người bị kiện')).toBe('BI_DON');
    expect(criminal.labelRole('Nguyên đơn dân sự')).toBe('NGUYEN_DON_DAN_SU');
    expect(commercial.labelRole('Bị can')).toBeNull();
  });

  it('finds roles named inside a sentence and the representative of a party', () => {
    expect(
      criminal.mentions('Tiến hành hỏi cung bị can và người phiên dịch').map((m) => m.code),
    ).toEqual(['BI_CAN', 'NGUOI_PHIEN_DICH']);
    expect(commercial.representativeOf('BI_DON')).toBe('NGUOI_DAI_DIEN_BI_DON');
    expect(criminal.representativeOf('BI_HAI')).toBe('NGUOI_DAI_DIEN_BI_HAI');
    expect(criminal.representativeOf('DIEU_TRA_VIEN')).toBeNull();
  });

  it('says nothing for a shortened wording shared by two roles', () => {
    expect(commercial.labelRole('Đại diện')).toBeNull();
  });

  it('recognises head titles, declarant boxes and authority prefixes', () => {
    expect(criminal.isAuthorityTitle('PHÓ CHÁNH ÁN')).toBe(true);
    expect(criminal.isAuthorityTitle('ĐIỀU TRA VIÊN')).toBe(false);
    expect(criminal.isDeclarantBox('NGƯỜI TỰ KHAI')).toBe(true);
    expect(criminal.isDeclarantBox('NGƯỜI KHAI BÁO TIN')).toBe(false);
    expect(authorityPrefix('KT. VIỆN TRƯỞNG')).toEqual({ prefix: 'KT.', rest: 'VIỆN TRƯỞNG' });
    expect(authorityPrefix('TUQ.CHỦ TỊCH')).toEqual({ prefix: 'TUQ.', rest: 'CHỦ TỊCH' });
    expect(authorityPrefix('QUYẾT ĐỊNH')).toBeNull();
  });
});
