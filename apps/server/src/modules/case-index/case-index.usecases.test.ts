import { describe, expect, test } from 'vitest';
import { contentDisposition } from './case-index.usecases.ts';

describe('contentDisposition', () => {
  test('gives an ASCII fallback and the exact UTF-8 name', () => {
    expect(contentDisposition({ fileName: 'Thống kê tài liệu 12/2024 (Đông Sơn).docx' })).toBe(
      `attachment; filename="Thong-ke-tai-lieu-12-2024-Dong-Son.docx"; filename*=UTF-8''Th%E1%BB%91ng%20k%C3%AA%20t%C3%A0i%20li%E1%BB%87u%2012%2F2024%20%28%C4%90%C3%B4ng%20S%C6%A1n%29.docx`,
    );
  });

  test('never lets a quote or a line break into the header', () => {
    const header = contentDisposition({ fileName: 'a"b\r\nc\'d.xlsx' });
    expect(header).not.toMatch(/[\r\n]/);
    expect(header.split('"')).toHaveLength(3);
    expect(header).toContain(`filename*=UTF-8''a%22b%0D%0Ac%27d.xlsx`);
  });
});
