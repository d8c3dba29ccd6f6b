/**
 * Vietnamese public holidays (Bộ luật Lao động 2019 Điều 112) as data. Solar holidays are fixed;
 * the lunar ones cannot be computed without an astronomical table, so the first day of Tết of each
 * year is listed here. VERIFY: the table is from general knowledge (it matches the usual published
 * calendars) and the days off around Tết and the extra day next to 2/9 are set each year by the
 * government; Giỗ Tổ Hùng Vương (10/3 âm lịch) is not in this table. Outside 2015–2035 the lunar
 * holidays are unknown and only weekends and the solar holidays count.
 */
export const HOLIDAY_TABLE = {
  verify: true,
  source: 'Bộ luật Lao động 2019 Điều 112; first day of Tết from published calendars (to verify)',
  /** MM-DD of the solar holidays: Tết Dương lịch, 30/4, 1/5, Quốc khánh 2/9. */
  solar: ['01-01', '04-30', '05-01', '09-02'],
  /** Days off counted from the first day of Tết: the last day of the old year and days 1–4. */
  tetOffsets: [-1, 0, 1, 2, 3],
  /** First day of the lunar new year (mùng 1 Tết), 2015–2035. */
  tetFirstDay: {
    2015: '2015-02-19',
    2016: '2016-02-08',
    2017: '2017-01-28',
    2018: '2018-02-16',
    2019: '2019-02-05',
    2020: '2020-01-25',
    2021: '2021-02-12',
    2022: '2022-02-01',
    2023: '2023-01-22',
    2024: '2024-02-10',
    2025: '2025-01-29',
    2026: '2026-02-17',
    2027: '2027-02-06',
    2028: '2028-01-26',
    2029: '2029-02-13',
    2030: '2030-02-03',
    2031: '2031-01-23',
    2032: '2032-02-11',
    2033: '2033-01-31',
    2034: '2034-02-19',
    2035: '2035-02-08',
  } as Record<number, string>,
} as const;
