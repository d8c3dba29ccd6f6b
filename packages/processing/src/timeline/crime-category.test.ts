import { DEADLINES } from '@sohoa/contracts';
import { describe, expect, it } from 'vitest';
import { categoryForPrisonYears, inferCrimeCategory } from './crime-category.ts';

const categories = DEADLINES.crime_categories;
const infer = (texts: string[], override: string | null = null) =>
  inferCrimeCategory({
    override,
    categories,
    texts: texts.map((text, i) => ({ documentId: `doc_${i}`, text })),
  });

describe('crime category (BLHS Điều 9)', () => {
  it('maps a maximum prison term through the data file’s categories', () => {
    expect(categoryForPrisonYears({ years: 3, categories })).toBe('IT_NGHIEM_TRONG');
    expect(categoryForPrisonYears({ years: 7, categories })).toBe('NGHIEM_TRONG');
    expect(categoryForPrisonYears({ years: 15, categories })).toBe('RAT_NGHIEM_TRONG');
    expect(categoryForPrisonYears({ years: 20, categories })).toBe('DAC_BIET_NGHIEM_TRONG');
  });

  it('takes the category stated in a document', () => {
    const decision = infer([
      'Hành vi của bị can thuộc trường hợp tội phạm nghiêm trọng theo khoản 2 Điều 173 BLHS.',
    ]);
    expect(decision).toMatchObject({
      category: 'NGHIEM_TRONG',
      source: 'explicit',
      documentId: 'doc_0',
      article: 'BLHS Điều 9',
      verify: true,
    });
    expect(decision.evidence).toBe('tội phạm nghiêm trọng');
  });

  it('reads the penalty range quoted near the charge', () => {
    const decision = infer([
      'về tội “Trộm cắp tài sản” quy định tại điểm c khoản 2 Điều 173 Bộ luật Hình sự, có khung hình phạt tù từ 02 năm đến 07 năm.',
    ]);
    expect(decision).toMatchObject({ category: 'NGHIEM_TRONG', source: 'penalty' });
    expect(decision.evidence).toContain('02 năm đến 07 năm');
  });

  it('life imprisonment or death makes the most serious category', () => {
    expect(
      infer([
        'tội “Giết người” quy định tại khoản 1 Điều 123 BLHS: phạt tù từ 12 năm đến 20 năm, tù chung thân hoặc tử hình',
      ]).category,
    ).toBe('DAC_BIET_NGHIEM_TRONG');
  });

  it('ignores quoted definitions naming several categories and penalties far from any charge', () => {
    const quoted =
      'Điều 119 quy định tạm giam đối với tội phạm rất nghiêm trọng, tội phạm đặc biệt nghiêm trọng.';
    const farPenalty = `Bị can bị khởi tố theo khoản 1 Điều 173 BLHS. ${'x '.repeat(400)} phạt tù đến 03 năm`;
    expect(infer([quoted, farPenalty])).toMatchObject({ category: null, source: 'unknown' });
  });

  it('a user override wins and says so', () => {
    expect(
      infer(['phạt tù từ 02 năm đến 07 năm, khoản 2 Điều 173 BLHS'], 'RAT_NGHIEM_TRONG'),
    ).toMatchObject({
      category: 'RAT_NGHIEM_TRONG',
      source: 'override',
    });
  });
});
