import { describe, expect, it } from 'vitest';
import {
  countSheets,
  documentOutlineTitle,
  planCasePdf,
  type PlannedSection,
} from './exports.plan.ts';

const doc = (over: Partial<PlannedSection['documents'][number]>) => ({
  type: { name: { vi: 'Biên bản ghi lời khai' } },
  title: 'BIÊN BẢN GHI LỜI KHAI',
  number: null,
  date: '2019-03-12',
  issuer: null,
  butLucFrom: 45,
  butLucTo: 48,
  pages: ['tap_01.pdf#2'],
  persons: [{ name: 'Nguyễn Văn A', role: 'NGUOI_LAM_CHUNG' }],
  ...over,
});

describe('planCasePdf', () => {
  it('titles a document as title – person – date – BL range', () => {
    expect(documentOutlineTitle(doc({}))).toBe(
      'BIÊN BẢN GHI LỜI KHAI – Nguyễn Văn A – 12/3/2019 – BL 45–48',
    );
    expect(documentOutlineTitle(doc({ title: null, persons: [], date: null, butLucTo: 45 }))).toBe(
      'Biên bản ghi lời khai – BL 45',
    );
  });

  it('points outline and index rows at the first exported page and skips other volumes', () => {
    const pages = [
      {
        id: 'a',
        ref: 'tap_02.pdf#1',
        volume: 2,
        seq: 1,
        isBlank: false,
        isCover: true,
        butLuc: null,
      },
      {
        id: 'b',
        ref: 'tap_02.pdf#2',
        volume: 2,
        seq: 2,
        isBlank: false,
        isCover: false,
        butLuc: 7,
      },
      {
        id: 'c',
        ref: 'tap_02.pdf#3',
        volume: 2,
        seq: 3,
        isBlank: true,
        isCover: false,
        butLuc: null,
      },
    ];
    const sections: PlannedSection[] = [
      {
        name: { vi: 'Tài liệu về thủ tục tố tụng' },
        documents: [doc({ pages: ['tap_01.pdf#2'] })],
      },
      {
        name: { vi: 'Tài liệu về chứng cứ' },
        documents: [doc({ pages: ['tap_02.pdf#3', 'tap_02.pdf#2'], butLucFrom: 7, butLucTo: 7 })],
      },
    ];
    const plan = planCasePdf({ pages, sections });
    // A volume exported alone has one cover: plain "Bìa".
    expect(plan.labels).toEqual(['Bìa', '7', '7 (mặt sau)']);
    expect(plan.outline).toEqual([
      {
        title: 'Tài liệu về chứng cứ',
        pageIndex: null,
        children: [
          { title: 'BIÊN BẢN GHI LỜI KHAI – Nguyễn Văn A – 12/3/2019 – BL 7', pageIndex: 1 },
        ],
      },
    ]);
    expect(plan.index).toEqual([
      expect.objectContaining({ stt: 1, targetPageIndex: 1, section: 'Tài liệu về chứng cứ' }),
    ]);
    expect(countSheets(pages)).toBe(1);

    // With the rows of the case index, the PDF prints those rows (their STT, title, dates).
    const row = {
      stt: 4,
      documentId: 'doc_x',
      volume: 2,
      typeCode: 'BB_GHI_LOI_KHAI',
      title: 'Biên bản ghi lời khai của người làm chứng Nguyễn Văn A',
      person: null,
      number: null,
      date: '2019-03-12',
      dateText: '12/03/2019',
      issuer: 'Công an huyện',
      butLucFrom: 7,
      butLucTo: 7,
      butLucText: '7',
      sheets: 1,
      pages: ['tap_02.pdf#2', 'tap_02.pdf#3'],
      flags: [],
      notes: null,
    };
    const withIndex = planCasePdf({
      pages,
      sections,
      indexRows: [
        { section: 'I. Tài liệu về chứng cứ', row },
        { section: 'I. Tài liệu về chứng cứ', row: { ...row, stt: 5, pages: ['tap_09.pdf#1'] } },
      ],
    });
    expect(withIndex.index).toEqual([
      {
        section: 'I. Tài liệu về chứng cứ',
        stt: 4,
        title: row.title,
        number: null,
        date: '2019-03-12',
        issuer: 'Công an huyện',
        butLucFrom: 7,
        butLucTo: 7,
        targetPageIndex: 1,
      },
    ]);
  });
});
