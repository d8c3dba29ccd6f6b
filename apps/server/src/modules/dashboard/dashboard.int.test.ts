import { PDFDocument } from 'pdf-lib';
import { readSheet } from 'read-excel-file/node';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestServer } from '../app/server.test-utils.ts';
import { getDbVariants } from '../database/database.test-utils.ts';
import { SEED_PASSWORD, seedProvince } from './dashboard.test-utils.ts';

const variants = await getDbVariants();
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- tests read untyped JSON
const read = async (response: Response): Promise<any> => response.json();
const YEAR = 2025;

/** Figures in the order of the contract, for compact expectations. */
const figures = (
  casesReceived: number,
  casesDigitized: number,
  pagesDigitized: number,
  sheetsDigitized: number,
  indictedCases: number,
  indictedDigitized: number,
  indictedShareDigitized: number | null,
  hearings: number,
  hearingsWithDigitizedFile: number,
  pagesAwaitingReview: number,
  ocrFailures: number,
) => ({
  casesReceived,
  casesDigitized,
  pagesDigitized,
  sheetsDigitized,
  indictedCases,
  indictedDigitized,
  indictedShareDigitized,
  hearings,
  hearingsWithDigitizedFile,
  pagesAwaitingReview,
  ocrFailures,
});

/*
 * The seeded province of dashboard.test-utils.ts (one provincial unit, three regional units,
 * seven cases with their digitization history, hearings) through the HTTP API, on each database.
 */
describe.each(variants)('steering dashboard over HTTP on %s', (variant) => {
  let server: Awaited<ReturnType<typeof createTestServer>>;
  let seed: Awaited<ReturnType<typeof seedProvince>>;
  const tokens: Record<string, string> = {};
  const call = (who: string, method: string, path: string, body?: unknown) =>
    server.app.request(path, {
      method,
      headers: { 'content-type': 'application/json', authorization: `Bearer ${tokens[who]}` },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });
  const dashboard = async (who: string, query: string) => {
    const response = await call(who, 'GET', `/api/dashboard?${query}`);
    expect(response.status).toBe(200);
    return (await read(response)).dashboard;
  };
  const year = `from=${YEAR}-01-01&to=${YEAR}-12-31`;

  beforeAll(async () => {
    server = await createTestServer({ variant });
    seed = await seedProvince({ deps: server.deps, year: YEAR });
    for (const username of Object.keys(seed.users)) {
      const response = await server.app.request('/api/auth/login', {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ username, password: SEED_PASSWORD, bearer: true }),
      });
      tokens[username] = (await read(response)).token;
    }
  }, 60_000);
  afterAll(async () => {
    await server.close();
  });

  it('gives the steering committee exact figures per unit, totals and the monthly trend', async () => {
    const d = await dashboard('bcd', year);
    expect(d.units.map((u: { code: string; depth: number }) => [u.code, u.depth])).toEqual([
      ['VKS-HT', 0],
      ['KV1', 1],
      ['KV2', 1],
      ['KV3', 1],
    ]);
    const byCode = Object.fromEntries(
      d.units.map((u: { code: string; figures: unknown }) => [u.code, u.figures]),
    );
    expect(byCode['VKS-HT']).toEqual(figures(1, 1, 1, 1, 1, 1, 100, 0, 0, 0, 0));
    expect(byCode.KV1).toEqual(figures(2, 1, 5, 4, 1, 1, 100, 2, 1, 3, 1));
    expect(byCode.KV2).toEqual(figures(2, 1, 2, 1, 1, 0, 0, 0, 0, 0, 0));
    expect(byCode.KV3).toEqual(figures(1, 0, 0, 0, 2, 1, 50, 1, 1, 3, 0));
    expect(d.totals).toEqual(figures(6, 3, 8, 6, 5, 3, 60, 3, 2, 6, 1));
    expect(d.trend).toHaveLength(12);
    expect(
      d.trend
        .filter((p: { month: string }) => p.month <= `${YEAR}-07`)
        .map((p: Record<string, number>) => [
          p.casesReceived,
          p.casesDigitized,
          p.pagesDigitized,
          p.hearingsWithDigitizedFile,
        ]),
    ).toEqual([
      [2, 0, 0, 0],
      [1, 0, 0, 0],
      [1, 1, 5, 1],
      [1, 0, 0, 1],
      [0, 1, 2, 0],
      [1, 0, 0, 0],
      [0, 1, 1, 0],
    ]);
  });

  it('judges digitization as it stood at the end of the period (a later reopening does not count)', async () => {
    const d = await dashboard('bcd', `from=${YEAR}-01-01&to=${YEAR}-03-31`);
    const byCode = Object.fromEntries(
      d.units.map((u: { code: string; figures: unknown }) => [u.code, u.figures]),
    );
    // F was approved on 1 February and reopened in June: digitized as of 31 March.
    expect(byCode.KV3).toMatchObject({
      casesDigitized: 1,
      pagesDigitized: 3,
      indictedShareDigitized: 100,
    });
    expect(byCode.KV2).toMatchObject({ casesReceived: 1, casesDigitized: 0 });
    expect(d.totals).toMatchObject({
      casesReceived: 4,
      casesDigitized: 2,
      hearingsWithDigitizedFile: 1,
    });
  });

  it('shows a district leader his own unit only and refuses other units and other roles', async () => {
    const d = await dashboard('vt-kv1', year);
    expect(d.units.map((u: { code: string }) => u.code)).toEqual(['KV1']);
    expect(d.totals.casesReceived).toBe(2);
    expect((await call('vt-kv1', 'GET', `/api/dashboard?unitId=${seed.units.D2}`)).status).toBe(
      403,
    );
    expect((await call('vt-kv1', 'GET', `/api/dashboard?unitId=${seed.units.P}`)).status).toBe(403);
    expect((await call('ksv-tinh', 'GET', '/api/dashboard')).status).toBe(403);
    expect((await call('ksv-kv1', 'GET', `/api/dashboard/report.xlsx?${year}`)).status).toBe(403);
    expect((await call('bcd-kv3', 'GET', `/api/dashboard?unitId=${seed.units.P}`)).status).toBe(
      403,
    );
    expect((await dashboard('bcd-kv3', year)).units).toHaveLength(1);
    expect((await dashboard('bcd', `unitId=${seed.units.D2}&${year}`)).units).toHaveLength(1);
    expect((await call('bcd', 'GET', '/api/dashboard?from=2025-05-01&to=2025-01-01')).status).toBe(
      400,
    );
  });

  it('evaluates targets per unit or on the rolled-up unit, and lets only the committee set them', async () => {
    const hearingsEachUnit = await call('bcd', 'POST', '/api/dashboard/targets', {
      unitId: seed.units.P,
      from: `${YEAR}-01-01`,
      to: `${YEAR}-06-30`,
      metric: 'hearings_with_digitized_file',
      value: 1,
      appliesToSubtree: true,
    });
    expect(hearingsEachUnit.status).toBe(201);
    expect(
      (
        await call('vientruong', 'POST', '/api/dashboard/targets', {
          unitId: seed.units.P,
          from: `${YEAR}-01-01`,
          to: `${YEAR}-12-31`,
          metric: 'indicted_share_digitized',
          value: 60,
        })
      ).status,
    ).toBe(201);
    const d2Cases = await read(
      await call('vientruong', 'POST', '/api/dashboard/targets', {
        unitId: seed.units.D2,
        from: `${YEAR}-01-01`,
        to: `${YEAR}-12-31`,
        metric: 'cases_digitized',
        value: 2,
      }),
    );
    const own = {
      unitId: seed.units.D1,
      from: `${YEAR}-01-01`,
      to: `${YEAR}-12-31`,
      metric: 'cases_digitized',
      value: 1,
    };
    expect((await call('vt-kv1', 'POST', '/api/dashboard/targets', own)).status).toBe(403);
    expect((await call('ksv-tinh', 'POST', '/api/dashboard/targets', own)).status).toBe(403);
    expect((await call('bcd-kv3', 'POST', '/api/dashboard/targets', own)).status).toBe(404);
    expect(
      (
        await call('bcd', 'POST', '/api/dashboard/targets', {
          ...own,
          metric: 'indicted_share_digitized',
          value: 120,
        })
      ).status,
    ).toBe(400);

    const d = await dashboard('bcd', year);
    const status = (metric: string) =>
      Object.fromEntries(
        d.targets
          .find((t: { metric: string }) => t.metric === metric)
          .results.map((r: { unitId: string; status: string; actual: number }) => [
            d.units.find((u: { id: string }) => u.id === r.unitId).code,
            [r.actual, r.status],
          ]),
      );
    expect(status('hearings_with_digitized_file')).toEqual({
      'VKS-HT': [0, 'missed'],
      KV1: [1, 'met'],
      KV2: [0, 'missed'],
      KV3: [1, 'met'],
    });
    expect(status('indicted_share_digitized')).toEqual({ 'VKS-HT': [60, 'met'] });
    expect(status('cases_digitized')).toEqual({ KV2: [1, 'missed'] });
    expect(d.canEditTargets).toBe(true);

    // The district leader sees the province's per-unit target for his unit only.
    const mine = await dashboard('vt-kv1', year);
    expect(mine.canEditTargets).toBe(false);
    expect(
      mine.targets.map((t: { metric: string; results: unknown[] }) => [t.metric, t.results.length]),
    ).toEqual([['hearings_with_digitized_file', 1]]);

    const targetId = d2Cases.target.id;
    expect(
      (await call('vt-kv2', 'PATCH', `/api/dashboard/targets/${targetId}`, { value: 1 })).status,
    ).toBe(403);
    expect(
      (await call('bcd', 'PATCH', `/api/dashboard/targets/${targetId}`, { value: 1 })).status,
    ).toBe(200);
    const after = await dashboard('bcd', year);
    expect(after.targets.find((t: { id: string }) => t.id === targetId).results[0].status).toBe(
      'met',
    );
    expect((await call('vt-kv2', 'DELETE', `/api/dashboard/targets/${targetId}`)).status).toBe(403);
    expect((await call('bcd', 'DELETE', `/api/dashboard/targets/${targetId}`)).status).toBe(200);
    expect((await call('bcd', 'DELETE', `/api/dashboard/targets/${targetId}`)).status).toBe(404);
  });

  it('writes the report as an XLSX and a PDF that open, with the same figures', async () => {
    const xlsx = await call('bcd', 'GET', `/api/dashboard/report.xlsx?${year}`);
    expect(xlsx.status).toBe(200);
    expect(xlsx.headers.get('content-disposition')).toContain(
      'bao-cao-so-hoa-VKS-HT-2025-01-01-2025-12-31.xlsx',
    );
    const bytes = Buffer.from(await xlsx.arrayBuffer());
    const units = await readSheet(bytes, 'Theo đơn vị');
    expect(String(units[0]![0])).toContain('VKSND tỉnh Hà Tĩnh');
    expect(units[2]!.slice(0, 4)).toEqual([
      'Đơn vị',
      'Mã',
      'Vụ án tiếp nhận',
      'Hồ sơ đã số hóa (đã duyệt)',
    ]);
    expect(units[7]!.slice(0, 13)).toEqual(['Tổng cộng', null, 6, 3, 8, 6, 5, 3, 60, 3, 2, 6, 1]);
    const months = await readSheet(bytes, 'Theo tháng');
    expect(months).toHaveLength(13);
    const pdf = await call('bcd', 'GET', `/api/dashboard/report.pdf?${year}`);
    expect(pdf.status).toBe(200);
    expect(pdf.headers.get('content-type')).toBe('application/pdf');
    const doc = await PDFDocument.load(new Uint8Array(await pdf.arrayBuffer()));
    expect(doc.getPageCount()).toBeGreaterThanOrEqual(1);
    const audit = await server.deps.db
      .selectFrom('audit_events')
      .select(['action'])
      .where('action', '=', 'dashboard.report_exported')
      .execute();
    expect(audit).toHaveLength(2);
  });

  it('records hearings for the case team and leader, judged against the approval date', async () => {
    const caseA = seed.cases.A!;
    const post = (who: string, caseId: string, body: unknown) =>
      call(who, 'POST', `/api/cases/${caseId}/hearings`, body);
    // A was approved on 10 March at 09:00: a hearing that day used the approved file.
    const onDay = await post('vt-kv1', caseA, {
      heldOn: `${YEAR}-03-10`,
      court: 'TAND khu vực 1 tỉnh Hà Tĩnh',
      itemsShown: [{ kind: 'page', label: 'BL 2' }],
    });
    expect(onDay.status).toBe(201);
    const created = (await read(onDay)).hearing;
    expect(created).toMatchObject({
      withDigitizedFile: true,
      presenter: { id: seed.users['vt-kv1'] },
      itemsShown: [{ kind: 'page', label: 'BL 2' }],
      canDelete: true,
    });
    const before = await read(
      await post('vt-kv1', caseA, { heldOn: `${YEAR}-03-09`, court: 'TAND' }),
    );
    expect(before.hearing.withDigitizedFile).toBe(false);
    // Not assigned: the prosecutor may read the case but not record on it.
    expect((await post('ksv-kv1', caseA, { heldOn: `${YEAR}-03-10`, court: 'TAND' })).status).toBe(
      403,
    );
    expect((await post('vt-kv2', caseA, { heldOn: `${YEAR}-03-10`, court: 'TAND' })).status).toBe(
      404,
    );
    expect((await post('vt-kv1', caseA, { heldOn: `${YEAR}-02-30`, court: 'TAND' })).status).toBe(
      400,
    );
    expect(
      (
        await post('vt-kv1', caseA, {
          heldOn: `${YEAR}-03-10`,
          court: 'TAND',
          itemsShown: [{ kind: 'page', label: 'x', pageIds: ['pg_0000000000000000000'] }],
        })
      ).status,
    ).toBe(400);
    const list = await read(await call('ksv-kv1', 'GET', `/api/cases/${caseA}/hearings`));
    expect(
      list.hearings.map((h: { heldOn: string; withDigitizedFile: boolean }) => [
        h.heldOn,
        h.withDigitizedFile,
      ]),
    ).toEqual([
      [`${YEAR}-04-02`, true],
      [`${YEAR}-03-10`, true],
      [`${YEAR}-03-09`, false],
      [`${YEAR}-02-01`, false],
    ]);
    expect(
      (await call('ksv-kv1', 'DELETE', `/api/cases/${caseA}/hearings/${created.id}`)).status,
    ).toBe(403);
    expect(
      (await call('vt-kv1', 'DELETE', `/api/cases/${caseA}/hearings/${created.id}`)).status,
    ).toBe(200);
    expect(
      (await call('vt-kv1', 'DELETE', `/api/cases/${caseA}/hearings/${created.id}`)).status,
    ).toBe(404);
    const audit = await server.deps.db
      .selectFrom('audit_events')
      .select(['action', 'target_id'])
      .where('action', 'in', ['hearing.recorded', 'hearing.deleted'])
      .orderBy('seq')
      .execute();
    expect(audit.map((a) => a.action)).toEqual([
      'hearing.recorded',
      'hearing.recorded',
      'hearing.deleted',
    ]);
    // The dashboard counts the recorded hearing that remains (09 March: not with a digitized file).
    const d = await dashboard('bcd', year);
    expect(d.totals).toMatchObject({ hearings: 4, hearingsWithDigitizedFile: 2 });
  });
});
