import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { CasePerson, CaseTimeline, TimelineClock } from '@sohoa/contracts';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestCli } from '../../cli.test-utils.ts';

/*
 * The CLI renders what the API returns: a stand-in server answers with a fixed timeline, person
 * index and settings, and records the settings body it receives.
 */
const clock = (over: Partial<TimelineClock>): TimelineClock => ({
  code: 'TAM_GIAM_DIEU_TRA',
  name: { vi: 'Thời hạn tạm giam để điều tra', en: 'Detention period for investigation' },
  article: 'BLTTHS Điều 173',
  law: 'BLTTHS 2015',
  verify: false,
  appliesPer: 'person',
  person: 'Vũ Hữu Long',
  keyedBy: 'crime_category',
  key: 'NGHIEM_TRONG',
  start: { documentId: 'doc_1', typeCode: 'LENH_TAM_GIAM', date: '2024-01-10', butLucFrom: 7 },
  baseDuration: { value: 3, unit: 'month' },
  extensions: [],
  extensionRequests: [],
  deductedDays: 2,
  due: '2024-04-08',
  holidayRule: 'calendar',
  end: null,
  impliedEnd: null,
  status: 'exceeded',
  reason: { vi: 'Quá hạn mà chưa có văn bản kết thúc', en: 'Past due with no ending document' },
  notes: [{ vi: 'Trừ 2 ngày tạm giữ từ 2024-01-08 (cần kiểm tra)', en: '2 custody days deducted' }],
  ...over,
});

const timeline: CaseTimeline = {
  caseKind: 'criminal',
  today: '2026-11-29',
  nearWorkingDays: 3,
  charges: [
    {
      name: 'Trộm cắp tài sản',
      article: 173,
      clause: 1,
      point: null,
      code: 'BLHS',
      source: 'document',
      documentIds: ['doc_2'],
      evidence: null,
    },
  ],
  crimeCategory: {
    category: 'NGHIEM_TRONG',
    name: { vi: 'Tội phạm nghiêm trọng', en: 'Serious crime' },
    source: 'override',
    evidence: null,
    documentId: null,
    article: 'BLHS Điều 9',
    verify: true,
    reason: { vi: 'Do người dùng đặt cho vụ án', en: 'Set by a user for this case' },
  },
  events: [
    {
      date: '2024-01-10',
      documentId: 'doc_1',
      typeCode: 'LENH_TAM_GIAM',
      title: { vi: 'Lệnh tạm giam', en: 'Detention order' },
      documentTitle: null,
      number: '12/LTG',
      volume: 1,
      butLucFrom: 7,
      butLucTo: 8,
      persons: [],
      effects: [{ clock: 'TAM_GIAM_DIEU_TRA', effect: 'start' }],
    },
  ],
  undated: [],
  clocks: [
    clock({}),
    clock({
      code: 'TAM_GIU',
      name: { vi: 'Thời hạn tạm giữ', en: 'Custody period' },
      article: 'BLTTHS Điều 117, 118',
      verify: true,
      status: 'met',
      reason: null,
    }),
  ],
  rulesVersion: '2025-11-24',
  computation: { article: 'BLTTHS Điều 134', verify: true, notes: [] },
};

const persons: CasePerson[] = [
  {
    key: 'VUHUULONG',
    name: 'Vũ Hữu Long',
    variants: ['Vũ Hữu Long', 'Vu Huu Long'],
    roles: [{ code: 'BI_CAN', name: { vi: 'Bị can', en: 'Accused' } }],
    appearances: [],
    statements: [
      {
        documentId: 'doc_3',
        typeCode: 'BB_HOI_CUNG_BI_CAN',
        typeName: { vi: 'Biên bản hỏi cung bị can', en: 'Interrogation record' },
        date: '2024-02-20',
        volume: 1,
        butLucFrom: 21,
        butLucTo: 24,
        role: 'BI_CAN',
        name: 'Vu Huu Long',
      },
    ],
  },
];

describe('sohoa case timeline | persons | procedure', () => {
  let server: Server;
  let url: string;
  const received: unknown[] = [];

  beforeAll(async () => {
    server = createServer((req, res) => {
      let body = '';
      req.on('data', (chunk: Buffer) => (body += chunk.toString()));
      req.on('end', () => {
        res.setHeader('content-type', 'application/json');
        if (req.url?.startsWith('/api/cases/case_0123456789/timeline')) {
          received.push(req.url);
          res.end(JSON.stringify({ timeline }));
        } else if (req.url === '/api/cases/case_0123456789/persons') {
          res.end(JSON.stringify({ persons }));
        } else if (
          req.method === 'PUT' &&
          req.url === '/api/cases/case_0123456789/procedure-settings'
        ) {
          received.push(JSON.parse(body));
          res.end(
            JSON.stringify({
              settings: { crimeCategory: null, nearWorkingDays: 5, updatedAt: null },
            }),
          );
        } else {
          res.statusCode = 404;
          res.end(JSON.stringify({ error: { code: 'route.not_found', message: 'no' } }));
        }
      });
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

  it('prints the category and its rule, the events with bút lục, and marked clocks with articles', async () => {
    const cli = await createTestCli({ env: { SOHOA_URL: url, SOHOA_TOKEN: 't' } });
    const run = await cli.run(['case', 'timeline', 'case_0123456789', '--as-of', '2024-05-01']);
    await cli.cleanup();
    expect(run.code).toBe(0);
    expect(received).toContain('/api/cases/case_0123456789/timeline?asOf=2024-05-01');
    expect(run.stdout).toContain(
      'Loại tội phạm: Tội phạm nghiêm trọng — Do người dùng đặt cho vụ án (BLHS Điều 9, cần kiểm tra)',
    );
    expect(run.stdout).toContain('Tội danh: Trộm cắp tài sản — khoản 1 Điều 173 BLHS');
    expect(run.stdout).toMatch(/2024-01-10\s+Lệnh tạm giam\s+12\/LTG\s+7–8/);
    expect(run.stdout).toContain(
      '✖ quá hạn        Thời hạn tạm giam để điều tra — Vũ Hữu Long: 2024-01-10 → 2024-04-08 [BLTTHS Điều 173]',
    );
    expect(run.stdout).toContain('    Trừ 2 ngày tạm giữ từ 2024-01-08 (cần kiểm tra)');
    expect(run.stdout).toContain('✔ đúng hạn');
    expect(run.stdout).toContain('[BLTTHS Điều 117, 118, cần kiểm tra]');
    // Not a terminal: no colour codes.
    expect(run.stdout).not.toContain('\x1b[');
  });

  it('prints persons with variants and statements, in English on request', async () => {
    const cli = await createTestCli({ env: { SOHOA_URL: url, SOHOA_TOKEN: 't' } });
    const run = await cli.run(['case', 'persons', 'case_0123456789', '--lang', 'en']);
    await cli.cleanup();
    expect(run.stdout).toContain('▸ Vũ Hữu Long (Vu Huu Long) — Accused');
    expect(run.stdout).toContain('Statements: 2024-02-20 BL 21–24');
  });

  it('sends the procedure settings, "none" clearing the category', async () => {
    const cli = await createTestCli({ env: { SOHOA_URL: url, SOHOA_TOKEN: 't' } });
    const run = await cli.run([
      'case',
      'procedure',
      'case_0123456789',
      '--crime-category',
      'none',
      '--near-days',
      '5',
    ]);
    await cli.cleanup();
    expect(run.code).toBe(0);
    expect(received).toContainEqual({ crimeCategory: null, nearWorkingDays: 5 });
    expect(run.stdout).toContain('ngưỡng 5 ngày làm việc');
  });
});
