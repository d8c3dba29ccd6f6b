import { DEADLINES, PERSON_ROLES, TIMELINE_DOCUMENT_TYPES } from '@sohoa/contracts';
import { describe, expect, it } from 'vitest';
import { computeTimeline } from './compute-timeline.ts';
import type { ComputeTimelineInput, TimelineDocument } from './timeline.types.ts';

let n = 0;
function doc(
  typeCode: string,
  date: string | null,
  persons: Array<[string, string]> = [],
): TimelineDocument {
  n++;
  return {
    id: `doc_${n}`,
    typeCode,
    date,
    number: null,
    title: null,
    volume: 1,
    position: n,
    butLucFrom: n,
    butLucTo: n,
    persons: persons.map(([name, role]) => ({ name, role })),
  };
}

const run = (documents: TimelineDocument[], over: Partial<ComputeTimelineInput> = {}) =>
  computeTimeline({
    documents,
    caseKind: 'criminal',
    crimeCategory: 'NGHIEM_TRONG',
    deadlines: DEADLINES,
    types: TIMELINE_DOCUMENT_TYPES,
    personRoles: PERSON_ROLES,
    today: '2024-06-01',
    ...over,
  });

const A = 'Nguyễn Văn An';
const B = 'Trần Thị Bích';

/** A criminal case: custody of A, case and charge opened, A detained, B detained then released. */
function criminalCase() {
  return [
    doc('QD_KHOI_TO_VU_AN', '2024-01-10', [['Lê Văn Ký', 'NGUOI_KY']]),
    doc('QD_TAM_GIU', '2024-01-08', [[A, 'NGUOI_BI_TAM_GIU']]),
    doc('QD_KHOI_TO_BI_CAN', '2024-01-10', [[A, 'BI_CAN']]),
    doc('LENH_TAM_GIAM', '2024-01-10', [
      ['Nguyen Van An', 'BI_CAN'],
      ['Lê Văn Ký', 'NGUOI_KY'],
    ]),
    doc('LENH_BAT_BI_CAN_TAM_GIAM', '2024-02-01', [[B, 'BI_CAN']]),
    doc('QD_HUY_BO_THAY_THE_BIEN_PHAP_NGAN_CHAN', '2024-03-01', [[B, 'BI_CAN']]),
  ];
}

describe('procedural timeline', () => {
  it('lists dated documents in date order with their clock effects, undated ones apart', () => {
    const result = run([...criminalCase(), doc('BB_GHI_LOI_KHAI', null)]);
    expect(result.events.map((e) => [e.date, e.typeCode])).toEqual([
      ['2024-01-08', 'QD_TAM_GIU'],
      ['2024-01-10', 'QD_KHOI_TO_VU_AN'],
      ['2024-01-10', 'QD_KHOI_TO_BI_CAN'],
      ['2024-01-10', 'LENH_TAM_GIAM'],
      ['2024-02-01', 'LENH_BAT_BI_CAN_TAM_GIAM'],
      ['2024-03-01', 'QD_HUY_BO_THAY_THE_BIEN_PHAP_NGAN_CHAN'],
    ]);
    expect(result.events[3]!.effects).toContainEqual({
      clock: 'TAM_GIAM_DIEU_TRA',
      effect: 'start',
    });
    expect(result.undated).toHaveLength(1);
  });

  it('detention past its limit is exceeded, citing Điều 173, per accused, custody deducted', () => {
    const { clocks } = run(criminalCase());
    const detention = clocks.filter((c) => c.code === 'TAM_GIAM_DIEU_TRA');
    expect(detention.map((c) => c.person)).toEqual(['Nguyen Van An', B]);
    const a = detention[0]!;
    // 3 months from 10 Jan, minus 2 days of custody (8–10 Jan), calendar days.
    expect(a).toMatchObject({
      status: 'exceeded',
      article: 'BLTTHS Điều 173',
      key: 'NGHIEM_TRONG',
      deductedDays: 2,
      due: '2024-04-08',
      verify: false,
    });
    // B was released within the period: the release ended only B's clock.
    expect(detention[1]).toMatchObject({
      status: 'met',
      end: { typeCode: 'QD_HUY_BO_THAY_THE_BIEN_PHAP_NGAN_CHAN' },
    });
    const custody = clocks.find((c) => c.code === 'TAM_GIU')!;
    expect(custody).toMatchObject({ person: A, status: 'met', due: '2024-01-11' });
  });

  it('an extension adds the allowed period; a late request is flagged; near when due soon', () => {
    const docs = [
      ...criminalCase(),
      doc('VB_DE_NGHI_GIA_HAN', '2024-04-01', [[A, 'BI_CAN']]),
      doc('QD_GIA_HAN_TAM_GIAM', '2024-04-05', [[A, 'BI_CAN']]),
    ];
    const a = run(docs).clocks.find((c) => c.code === 'TAM_GIAM_DIEU_TRA' && c.person !== B)!;
    expect(a.extensions).toHaveLength(1);
    expect(a.extensions[0]).toMatchObject({
      duration: { value: 2, unit: 'month' },
      beyondAllowed: false,
    });
    expect(a.extensionRequests[0]!.onTime).toBe(false);
    expect(a).toMatchObject({ due: '2024-06-08', status: 'running' });
    expect(
      run(docs, { today: '2024-06-05' }).clocks.find((c) => c.due === '2024-06-08')!.status,
    ).toBe('near');
  });

  it('extensions beyond the allowed number add nothing', () => {
    const docs = [
      ...criminalCase(),
      doc('QD_GIA_HAN_TAM_GIAM', '2024-04-01', [[A, 'BI_CAN']]),
      doc('QD_GIA_HAN_TAM_GIAM', '2024-05-30', [[A, 'BI_CAN']]),
    ];
    const a = run(docs).clocks.find((c) => c.code === 'TAM_GIAM_DIEU_TRA' && c.person !== B)!;
    expect(a.extensions.map((e) => e.beyondAllowed)).toEqual([false, true]);
    expect(a.due).toBe('2024-06-08');
  });

  it('the investigation ends with the conclusion; the day-off rule applies to it', () => {
    const { clocks } = run([...criminalCase(), doc('BAN_KET_LUAN_DIEU_TRA', '2024-04-12')]);
    const investigation = clocks.find((c) => c.code === 'DIEU_TRA')!;
    // 10 Apr 2024 + 3 months = 10 Apr: a Wednesday, a working day.
    expect(investigation).toMatchObject({
      due: '2024-04-10',
      status: 'exceeded',
      article: 'BLTTHS Điều 172',
    });
    expect(investigation.end?.typeCode).toBe('BAN_KET_LUAN_DIEU_TRA');
  });

  it('a hand-over to the procuracy starts the prosecution clock; detention orders then start the prosecution-stage clock', () => {
    const docs = [
      ...criminalCase(),
      doc('BAN_KET_LUAN_DIEU_TRA', '2024-03-20'),
      doc('BB_GIAO_NHAN_HO_SO', '2024-03-21'),
      doc('LENH_TAM_GIAM', '2024-03-22', [[A, 'BI_CAN']]),
    ];
    const { clocks } = run(docs);
    expect(clocks.find((c) => c.code === 'QUYET_DINH_TRUY_TO')).toMatchObject({
      start: { date: '2024-03-21' },
    });
    expect(clocks.find((c) => c.code === 'TAM_GIAM_DIEU_TRA' && c.person !== B)).toMatchObject({
      status: 'met',
      end: { typeCode: 'BB_GIAO_NHAN_HO_SO' },
    });
    expect(clocks.filter((c) => c.code === 'TAM_GIAM_TRUY_TO').map((c) => c.person)).toEqual([A]);
  });

  it('a later stage without the ending document bounds the end instead of flagging an overrun', () => {
    const late = run([...criminalCase(), doc('CAO_TRANG', '2024-06-20', [[A, 'BI_CAN']])]);
    const a = late.clocks.find((c) => c.code === 'TAM_GIAM_DIEU_TRA' && c.person !== B)!;
    expect(a).toMatchObject({
      status: 'unknown',
      end: null,
      impliedEnd: { typeCode: 'CAO_TRANG' },
    });
    expect(a.reason?.en).toContain('the document ending this clock is missing');
    const early = run([...criminalCase(), doc('CAO_TRANG', '2024-04-01', [[A, 'BI_CAN']])]);
    expect(
      early.clocks.find((c) => c.code === 'TAM_GIAM_DIEU_TRA' && c.person !== B),
    ).toMatchObject({
      status: 'met',
      impliedEnd: { date: '2024-04-01' },
    });
  });

  it('custody ends on its calendar day even on a Sunday; other periods move to the next working day', () => {
    const { clocks } = run(
      [
        doc('QD_TAM_GIU', '2024-04-04', [[A, 'NGUOI_BI_TAM_GIU']]),
        doc('QD_KHOI_TO_VU_AN', '2024-03-07'),
      ],
      {
        today: '2024-03-10',
      },
    );
    // 4 Apr + 3 days = Sunday 7 Apr: custody (holiday_rule calendar) keeps it.
    expect(clocks.find((c) => c.code === 'TAM_GIU')).toMatchObject({
      due: '2024-04-07',
      holidayRule: 'calendar',
    });
    // 7 Mar + 3 months = 7 Jun 2024, a Friday; 9 Mar + 3 months would be Sunday 9 Jun → Monday 10 Jun.
    expect(clocks.find((c) => c.code === 'DIEU_TRA')).toMatchObject({ due: '2024-06-07' });
    const sunday = run([doc('QD_KHOI_TO_VU_AN', '2024-03-09')]).clocks.find(
      (c) => c.code === 'DIEU_TRA',
    );
    expect(sunday).toMatchObject({ due: '2024-06-10', holidayRule: 'next_working_day' });
  });

  it('an unknown crime category leaves category clocks unknown with the reason', () => {
    const { clocks } = run(criminalCase(), { crimeCategory: null });
    const investigation = clocks.find((c) => c.code === 'DIEU_TRA')!;
    expect(investigation).toMatchObject({ status: 'unknown', due: null, key: null });
    expect(investigation.reason?.en).toContain('Crime category unknown');
    // Clocks not keyed by category still compute.
    expect(clocks.find((c) => c.code === 'TAM_GIU')!.status).toBe('met');
  });

  it('civil clocks are keyed by case kind and move off days off', () => {
    const { clocks } = run(
      [doc('TB_THU_LY_VU_AN', '2024-01-15'), doc('QD_DUA_VU_AN_RA_XET_XU', '2024-03-20')],
      { caseKind: 'commercial', crimeCategory: null },
    );
    expect(clocks.find((c) => c.code === 'CHUAN_BI_XET_XU_DAN_SU')).toMatchObject({
      key: 'commercial',
      due: '2024-03-15',
      status: 'exceeded',
      article: 'BLTTDS Điều 203',
      verify: true,
    });
    // 20 Apr 2024 is a Saturday: the hearing deadline moves to Monday.
    expect(clocks.find((c) => c.code === 'MO_PHIEN_TOA_DAN_SU')).toMatchObject({
      due: '2024-04-22',
    });
    expect(clocks.some((c) => c.code === 'DIEU_TRA')).toBe(false);
  });

  it('an unused appeal window lapses rather than being exceeded', () => {
    const { clocks } = run([doc('BAN_AN', '2024-01-10', [[A, 'BI_CAO']])]);
    expect(clocks.find((c) => c.code === 'KHANG_CAO_BAN_AN')).toMatchObject({
      person: A,
      status: 'lapsed',
    });
  });
});
