import { describe, expect, it } from 'vitest';
import { DOCUMENT_TYPES, PERSON_ROLES, sectionFor } from './catalogue.ts';

const byPersonRole = DOCUMENT_TYPES.filter((t) => t.section_rule === 'by_person_role');

describe('sectionFor', () => {
  it('keeps the default and by-kind sections when no person role is given', () => {
    const ghi = DOCUMENT_TYPES.find((t) => t.code === 'BB_GHI_LOI_KHAI');
    expect(ghi?.section_rule).toBe('by_person_role');
    expect(sectionFor({ typeCode: 'BB_GHI_LOI_KHAI', caseKind: 'criminal' })).toBe(ghi?.section);
    expect(sectionFor({ typeCode: 'BAN_TU_KHAI', caseKind: 'commercial' })).toBe('DS_NGUYEN_DON');
    expect(sectionFor({ typeCode: 'NO_SUCH_TYPE', caseKind: 'criminal' })).toBe(
      'CHUNG_CHUA_PHAN_LOAI',
    );
  });

  it('places statements by the declarant role (person_roles[role].sections[caseKind])', () => {
    expect(
      sectionFor({
        typeCode: 'BB_GHI_LOI_KHAI',
        caseKind: 'criminal',
        personRole: 'NGUOI_LAM_CHUNG',
      }),
    ).toBe('HS_LOI_KHAI_NGUOI_LAM_CHUNG');
    expect(
      sectionFor({ typeCode: 'BB_GHI_LOI_KHAI', caseKind: 'criminal', personRole: 'BI_CAN' }),
    ).toBe('HS_LOI_KHAI_BI_CAN');
    expect(
      sectionFor({
        typeCode: 'BAN_TU_KHAI',
        caseKind: 'commercial',
        personRole: 'NGUOI_DAI_DIEN_BI_DON',
      }),
    ).toBe('DS_BI_DON');
  });

  it('falls back when the role is unknown or has no section for the case kind', () => {
    const fallback = sectionFor({ typeCode: 'BAN_TU_KHAI', caseKind: 'commercial' });
    for (const personRole of ['NO_SUCH_ROLE', 'DIEU_TRA_VIEN', 'BI_CAN', null]) {
      expect(sectionFor({ typeCode: 'BAN_TU_KHAI', caseKind: 'commercial', personRole })).toBe(
        fallback,
      );
    }
  });

  it('ignores the person role for types without the by_person_role rule', () => {
    expect(
      sectionFor({ typeCode: 'CAO_TRANG', caseKind: 'criminal', personRole: 'NGUOI_LAM_CHUNG' }),
    ).toBe(sectionFor({ typeCode: 'CAO_TRANG', caseKind: 'criminal' }));
  });

  it('maps every by_person_role type and every role section to a known section', () => {
    expect(byPersonRole.length).toBeGreaterThan(0);
    for (const type of byPersonRole) {
      for (const kind of type.case_kinds) {
        for (const role of PERSON_ROLES) {
          const section = sectionFor({
            typeCode: type.code,
            caseKind: kind,
            personRole: role.code,
          });
          expect(section).toBe(
            role.sections?.[kind] ?? type.sections_by_kind?.[kind] ?? type.section,
          );
        }
      }
    }
  });
});
