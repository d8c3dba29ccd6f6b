import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { DigitizationState } from '@sohoa/contracts';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestCli } from '../../cli.test-utils.ts';

/*
 * The CLI renders the procedure the API returns and sends the step asked for: a stand-in server
 * answers with a fixed state and records the bodies it receives.
 */
const state: DigitizationState = {
  caseId: 'case_0123456789',
  status: 'REVIEWED',
  steps: [
    {
      to: 'APPROVED',
      by: ['leader'],
      reasonRequired: false,
      allowed: true,
      blockedBy: ['pdf_exported'],
    },
    {
      to: 'AWAITING_REVIEW',
      by: ['reviewer', 'leader'],
      reasonRequired: true,
      allowed: false,
      blockedBy: [],
    },
  ],
  checklist: [
    { item: 'volumes_imported', ok: true, details: { volumes: 2, volumesWithoutPages: 0 } },
    {
      item: 'pdf_exported',
      ok: false,
      details: { exportedAt: null, lastChangeAt: '2026-11-01T00:00:00.000Z' },
    },
  ],
  history: [
    {
      id: 'dgt_1',
      from: 'RECEIVED',
      to: 'SCANNING',
      actorId: 'usr_1',
      actorName: 'Nguyễn Thị Hoa',
      reason: 'source.imported',
      automatic: true,
      at: '2026-11-01T08:30:00.000Z',
    },
  ],
  explanations: [
    {
      id: 'exp_1',
      anomalyKey: 'skip:3:pg_a,pg_b',
      note: 'Số 3 bị nhảy từ nguồn',
      authorId: 'usr_2',
      authorName: 'Trần Văn Bình',
      createdAt: '2026-11-02T00:00:00.000Z',
    },
  ],
};

describe('sohoa case digitization | advance | explain', () => {
  let server: Server;
  let url: string;
  const received: Array<{ method: string; url: string; body: unknown }> = [];

  beforeAll(async () => {
    server = createServer((req, res) => {
      let body = '';
      req.on('data', (chunk: Buffer) => (body += chunk.toString()));
      req.on('end', () => {
        res.setHeader('content-type', 'application/json');
        received.push({
          method: req.method ?? '',
          url: req.url ?? '',
          body: body ? JSON.parse(body) : null,
        });
        if (req.url?.startsWith('/api/cases/case_0123456789/')) {
          res.end(JSON.stringify({ digitization: state }));
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

  it('shows the state, the checklist, the next steps and the history in Vietnamese', async () => {
    const cli = await createTestCli({ env: { SOHOA_URL: url, SOHOA_TOKEN: 't' } });
    const run = await cli.run(['case', 'digitization', 'case_0123456789']);
    await cli.cleanup();
    expect(run.code).toBe(0);
    expect(run.stdout).toContain('Trạng thái: Đã kiểm tra (REVIEWED)');
    expect(run.stdout).toContain('✔ Đã nhập đủ các tập');
    expect(run.stdout).toContain('✖ Đã xuất và kiểm tra tệp PDF hồ sơ');
    expect(run.stdout).toContain('→ Đã duyệt (APPROVED)  [còn thiếu: pdf_exported]');
    expect(run.stdout).toContain('không phải vai trò của bạn; cần lý do');
    expect(run.stdout).toContain('RECEIVED → SCANNING  tự động — source.imported');
    expect(run.stdout).toContain('skip:3:pg_a,pg_b: Số 3 bị nhảy từ nguồn (Trần Văn Bình)');
  });

  it('sends a step with its reason, and an explanation', async () => {
    const cli = await createTestCli({ env: { SOHOA_URL: url, SOHOA_TOKEN: 't' } });
    const advance = await cli.run([
      'case',
      'advance',
      'case_0123456789',
      'AWAITING_REVIEW',
      '--reason',
      'Thiếu bút lục 12',
    ]);
    const explain = await cli.run([
      'case',
      'explain',
      'case_0123456789',
      'skip:3:pg_a,pg_b',
      '--note',
      'Nhảy số',
    ]);
    const wrong = await cli.run(['case', 'advance', 'case_0123456789', 'DONE']);
    await cli.cleanup();
    expect([advance.code, explain.code]).toEqual([0, 0]);
    expect(wrong.code).not.toBe(0);
    expect(received).toContainEqual({
      method: 'POST',
      url: '/api/cases/case_0123456789/digitization/transitions',
      body: { to: 'AWAITING_REVIEW', reason: 'Thiếu bút lục 12' },
    });
    expect(received).toContainEqual({
      method: 'POST',
      url: '/api/cases/case_0123456789/integrity/explanations',
      body: { anomalyKey: 'skip:3:pg_a,pg_b', note: 'Nhảy số' },
    });
  });
});
