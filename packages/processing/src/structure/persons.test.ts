import { describe, expect, it } from 'vitest';
import { extractPersons, roleLabels } from './persons.ts';

const labels = roleLabels([
  { code: 'BI_CAN', name_vi: 'Bị can' },
  { code: 'NGUOI_UY_QUYEN', name_vi: 'Người ủy quyền' },
  { code: 'NGUOI_TO_GIAC', name_vi: 'Người tố giác, báo tin về tội phạm' },
  { code: 'NGUYEN_DON_DAN_SU', name_vi: 'Nguyên đơn dân sự (trong vụ án hình sự)' },
]);

describe('extractPersons', () => {
  it('reads labelled names with catalogue roles', () => {
    expect(
      extractPersons(
        [
          'Bị can: Vũ Hữu Long, Phan Mạnh Huy',
          'Người ủy quyền: Ông Nghiêm Việt Long, chức vụ: Giám đốc',
          'Người tố giác: bà Lê Thị Hoa và anh Trần Văn Nam',
          'Nội dung: Đề nghị xử lý',
        ],
        labels,
      ),
    ).toEqual([
      { name: 'Vũ Hữu Long', role: 'BI_CAN' },
      { name: 'Phan Mạnh Huy', role: 'BI_CAN' },
      { name: 'Nghiêm Việt Long', role: 'NGUOI_UY_QUYEN' },
      { name: 'Lê Thị Hoa', role: 'NGUOI_TO_GIAC' },
      { name: 'Trần Văn Nam', role: 'NGUOI_TO_GIAC' },
    ]);
    expect(labels.get('NGUYEN DON DAN SU')).toBe('NGUYEN_DON_DAN_SU');
  });
  it('ignores labels that are not roles and values that are not names', () => {
    expect(extractPersons(['Bị can: không có', 'Họ và tên: Lê Văn A'], labels)).toEqual([]);
  });
});
