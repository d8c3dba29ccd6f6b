import { describe, expect, it } from 'vitest';
import { extractCharges, foldAligned, mergeCaseCharges } from './charges.ts';

const brief = (text: string) =>
  extractCharges({ text }).charges.map(({ name, article, clause, point }) => ({
    name,
    article,
    clause,
    point,
  }));

describe('extractCharges', () => {
  it('reads the offence name and its point, clause and article of the Criminal Code', () => {
    expect(
      brief(
        'Khởi tố bị can về tội “Trộm cắp tài sản” quy định tại điểm c khoản 2 Điều 173 Bộ luật Hình sự.',
      ),
    ).toEqual([{ name: 'Trộm cắp tài sản', article: 173, clause: 2, point: 'c' }]);
  });

  it('accepts the abbreviation BLHS, a comma after the clause and an unquoted name', () => {
    expect(brief('về tội Cố ý gây thương tích theo khoản 1, Điều 134 BLHS')).toEqual([
      { name: 'Cố ý gây thương tích', article: 134, clause: 1, point: null },
    ]);
  });

  it('joins a name and citation broken across lines', () => {
    expect(
      brief(
        'Để điều tra về tội “Trộm\ncắp tài sản” quy định tại khoản\n1 Điều 173 Bộ luật Hình\nsự',
      ),
    ).toEqual([{ name: 'Trộm cắp tài sản', article: 173, clause: 1, point: null }]);
  });

  it('finds several charges and merges repeated citations', () => {
    const text =
      'Tội danh: Trộm cắp tài sản – khoản 1 Điều 173 Bộ luật Hình sự. ' +
      'Bị can còn phạm tội “Tiêu thụ tài sản do người khác phạm tội mà có” quy định tại khoản 1 Điều 323 Bộ luật Hình sự. ' +
      'Hành vi trộm cắp quy định tại khoản 1 Điều 173 Bộ luật Hình sự.';
    expect(brief(text)).toEqual([
      { name: 'Trộm cắp tài sản', article: 173, clause: 1, point: null },
      {
        name: 'Tiêu thụ tài sản do người khác phạm tội mà có',
        article: 323,
        clause: 1,
        point: null,
      },
    ]);
  });

  it('tolerates OCR noise: lost diacritics, Ð for Đ, l for 1', () => {
    expect(
      brief('ve toi "Trom cap tai san" quy dinh tai diem a, c khoan 2 Ðiều l73 Bo luat Hinh su'),
    ).toEqual([{ name: 'Trom cap tai san', article: 173, clause: 2, point: 'a, c' }]);
  });

  it('ignores articles of the Criminal Procedure Code', () => {
    expect(
      brief('Căn cứ các điều 41, 165 và khoản 4 Điều 179 Bộ luật Tố tụng hình sự; Điều 117 BLTTHS'),
    ).toEqual([]);
  });

  it('keeps a quoted offence name without a citation, and never "tội phạm …" as a name', () => {
    expect(brief('Khởi tố vụ án về tội “Cướp tài sản”. Đây là tội phạm rất nghiêm trọng.')).toEqual(
      [{ name: 'Cướp tài sản', article: null, clause: null, point: null }],
    );
  });
});

describe('extractCharges on wordings that mislead a naive reader', () => {
  it('finds the offence after "tội phạm của tội"', () => {
    expect(
      brief(
        'có dấu hiệu tội phạm của tội “Trộm cắp tài sản” quy định tại khoản 1 Điều 173 Bộ luật Hình sự',
      ),
    ).toEqual([{ name: 'Trộm cắp tài sản', article: 173, clause: 1, point: null }]);
  });

  it('ignores general-part articles cited for circumstances (Điều 51 BLHS)', () => {
    expect(
      brief(
        'về tội “Trộm cắp tài sản” theo khoản 1 Điều 173 BLHS; áp dụng điểm s khoản 1 Điều 51 BLHS',
      ),
    ).toEqual([{ name: 'Trộm cắp tài sản', article: 173, clause: 1, point: null }]);
  });

  it('gives the only offence named in a text to its unnamed citation', () => {
    expect(
      brief(
        'Khởi tố vụ án về tội “Trộm cắp tài sản” xảy ra ngày 04/03/2019 tại số 85 phố Chợ Hàng, phường Dư Hàng Kênh, quy định tại khoản 1 Điều 173 Bộ luật Hình sự.',
      ),
    ).toEqual([{ name: 'Trộm cắp tài sản', article: 173, clause: 1, point: null }]);
  });
});

describe('mergeCaseCharges', () => {
  const cited = (
    documentId: string,
    name: string | null,
    article: number | null,
    clause: number | null,
  ) => ({
    documentId,
    name,
    article,
    clause,
    point: null,
    code: 'BLHS' as const,
    evidence: '',
  });

  it('merges one offence cited in several documents, OCR variants of its name included', () => {
    const { charges } = mergeCaseCharges({
      charges: [
        cited('d1', 'Trộm cắp tài sản', 173, 1),
        cited('d2', 'Irộm cắp - tài sản', 173, 1),
        cited('d2', 'Trộm cắp tài sản', null, null),
        cited('d3', 'Trộm cắp tài sản', 173, 1),
        cited('d3', 'Tiêu thụ tài sản do người khác phạm tội mà có', 323, 1),
        cited('d4', 'Trộm cắp tài sản', 173, 2),
      ],
    });
    expect(charges.map((c) => [c.name, c.article, c.clause, c.documentIds])).toEqual([
      ['Trộm cắp tài sản', 173, 1, ['d1', 'd2', 'd3']],
      ['Tiêu thụ tài sản do người khác phạm tội mà có', 323, 1, ['d3']],
      ['Trộm cắp tài sản', 173, 2, ['d4']],
    ]);
  });
});

describe('foldAligned', () => {
  it('keeps one folded character per original one', () => {
    const { original, folded } = foldAligned('Điều  173\nBộ luật');
    expect(folded).toBe('DIEU 173 BO LUAT');
    expect(folded.length).toBe(original.length);
  });
});
