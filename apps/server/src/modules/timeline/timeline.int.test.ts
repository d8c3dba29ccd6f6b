import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestServer } from '../app/server.test-utils.ts';
import { getDbVariants } from '../database/database.test-utils.ts';
import { seedCaseDocuments } from './timeline.test-utils.ts';

const PASSWORD = 'MatKhau2026';
const variants = await getDbVariants();
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- tests read untyped JSON
const read = async (response: Response): Promise<any> => response.json();

/*
 * A criminal case seeded with structured documents: the accused Long is detained on 10 Jan 2024
 * and nothing ends the detention, so with a "nghiêm trọng" category (3 months) it runs past its
 * limit; Huy is released in time. Names come in OCR variants.
 */
describe.each(variants)(
  'timeline, procedure settings and person index over HTTP on %s',
  (variant) => {
    let server: Awaited<ReturnType<typeof createTestServer>>;
    let token: string;
    let outsider: string;
    let caseId: string;
    const call = (method: string, path: string, body?: unknown, auth = token) =>
      server.app.request(path, {
        method,
        headers: { 'content-type': 'application/json', authorization: `Bearer ${auth}` },
        ...(body === undefined ? {} : { body: JSON.stringify(body) }),
      });
    const login = async (username: string) =>
      (
        await read(
          await server.app.request('/api/auth/login', {
            method: 'POST',
            headers: { 'content-type': 'application/json' },
            body: JSON.stringify({ username, password: PASSWORD, bearer: true }),
          }),
        )
      ).token as string;

    beforeAll(async () => {
      server = await createTestServer({ variant });
      const setup = await read(
        await server.app.request('/api/setup', {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify({
            unit: { code: 'HN', name: 'Hà Nội', level: 'PROVINCIAL' },
            admin: { username: 'admin', fullName: 'Admin', password: PASSWORD },
          }),
        }),
      );
      const admin = await login('admin');
      // A regional unit below: its users do not see the provincial unit's cases.
      const other = await read(
        await call(
          'POST',
          '/api/units',
          { code: 'KV1', name: 'Khu vực 1', level: 'REGIONAL', parentId: setup.unit.id },
          admin,
        ),
      );
      for (const [username, unitId] of [
        ['clerk', setup.unit.id],
        ['stranger', other.unit.id],
      ]) {
        const created = await call(
          'POST',
          '/api/users',
          { unitId, username, fullName: username, roles: ['CLERK'], password: PASSWORD },
          admin,
        );
        expect(created.status).toBe(201);
      }
      token = await login('clerk');
      outsider = await login('stranger');
      caseId = (
        await read(await call('POST', '/api/cases', { title: 'Trộm cắp', kind: 'criminal' }))
      ).case.id;
      const { volume } = await server.deps.volumesRepository.create({
        caseId,
        number: 1,
        title: null,
      });
      const docs: Array<[string, string, Array<[string, string]>]> = [
        ['QD_KHOI_TO_VU_AN', '2024-01-10', [['Đỗ Tuấn Phúc', 'NGUOI_KY']]],
        ['QD_TAM_GIU', '2024-01-08', [['Vũ Hữu Long', 'NGUOI_BI_TAM_GIU']]],
        ['QD_KHOI_TO_BI_CAN', '2024-01-10', [['Vũ Hữu Long', 'BI_CAN']]],
        [
          'LENH_TAM_GIAM',
          '2024-01-10',
          [
            ['VU HUU LONG', 'BI_CAN'],
            ['Lưu Đình Vinh', 'NGUOI_KY'],
          ],
        ],
        ['LENH_BAT_BI_CAN_TAM_GIAM', '2024-02-01', [['Phan Mạnh Huy', 'BI_CAN']]],
        [
          'BB_HOI_CUNG_BI_CAN',
          '2024-02-20',
          [
            ['Vũ Hữu Lonq', 'BI_CAN'],
            ['Hà Quang Duy', 'DIEU_TRA_VIEN'],
          ],
        ],
        [
          'BB_GHI_LOI_KHAI',
          '2024-01-09',
          [
            ['Vu Huu Long', 'BI_CAN'],
            ['Hà Quang Duy', 'DIEU_TRA_VIEN'],
          ],
        ],
        ['QD_HUY_BO_THAY_THE_BIEN_PHAP_NGAN_CHAN', '2024-03-01', [['Phan Mạnh Huy', 'BI_CAN']]],
      ];
      await seedCaseDocuments({
        db: server.deps.db,
        caseId,
        volumeId: volume.id,
        documents: docs.map(([typeCode, date, persons], i) => ({
          typeCode,
          date,
          firstSeq: i * 2 + 1,
          lastSeq: i * 2 + 2,
          butLucFrom: i * 2 + 1,
          butLucTo: i * 2 + 2,
          number: `${i + 1}/QĐ`,
          persons: persons.map(([name, role]) => ({ name, role })),
        })),
      });
    });
    afterAll(async () => server.close());

    it('without a crime category the category clocks are unknown and say why', async () => {
      const res = await call('GET', `/api/cases/${caseId}/timeline`);
      expect(res.status).toBe(200);
      const { timeline } = await read(res);
      expect(timeline.crimeCategory).toMatchObject({
        category: null,
        source: 'unknown',
        verify: true,
      });
      const detention = timeline.clocks.find(
        (c: { code: string }) => c.code === 'TAM_GIAM_DIEU_TRA',
      );
      expect(detention).toMatchObject({ status: 'unknown', due: null });
      expect(timeline.events).toHaveLength(8);
      expect(timeline.events[0]).toMatchObject({
        date: '2024-01-08',
        typeCode: 'QD_TAM_GIU',
        butLucFrom: 3,
      });
    });

    it('a category set by the user makes the detention exceeded, citing the article; the change is audited', async () => {
      const put = await call('PUT', `/api/cases/${caseId}/procedure-settings`, {
        crimeCategory: 'NGHIEM_TRONG',
      });
      expect(put.status).toBe(200);
      expect((await read(put)).settings).toMatchObject({
        crimeCategory: 'NGHIEM_TRONG',
        nearWorkingDays: null,
      });
      const { timeline } = await read(await call('GET', `/api/cases/${caseId}/timeline`));
      expect(timeline.crimeCategory).toMatchObject({
        category: 'NGHIEM_TRONG',
        source: 'override',
      });
      const detention = timeline.clocks.filter(
        (c: { code: string }) => c.code === 'TAM_GIAM_DIEU_TRA',
      );
      expect(detention).toEqual([
        expect.objectContaining({
          person: 'VU HUU LONG',
          status: 'exceeded',
          article: 'BLTTHS Điều 173',
          due: '2024-04-08',
          deductedDays: 2,
        }),
        expect.objectContaining({ person: 'Phan Mạnh Huy', status: 'met' }),
      ]);
      const audit = await server.deps.db
        .selectFrom('audit_events')
        .select(['action', 'details'])
        .where('case_id', '=', caseId)
        .where('action', '=', 'case.procedure_updated')
        .execute();
      expect(audit).toHaveLength(1);
      expect(audit[0]!.details).toMatchObject({ after: { crimeCategory: 'NGHIEM_TRONG' } });
    });

    it('computes statuses as of another day on request', async () => {
      const { timeline } = await read(
        await call('GET', `/api/cases/${caseId}/timeline?asOf=2024-04-05`),
      );
      expect(timeline.today).toBe('2024-04-05');
      const long = timeline.clocks.find(
        (c: { code: string; person: string }) =>
          c.code === 'TAM_GIAM_DIEU_TRA' && c.person === 'VU HUU LONG',
      );
      expect(long).toMatchObject({ status: 'near', due: '2024-04-08' });
      expect((await call('GET', `/api/cases/${caseId}/timeline?asOf=2024-13-45`)).status).toBe(400);
    });

    it('rejects an unknown crime category', async () => {
      const res = await call('PUT', `/api/cases/${caseId}/procedure-settings`, {
        crimeCategory: 'X',
      });
      expect(res.status).toBe(400);
    });

    it('the person index groups name variants and lists a person’s statements by date', async () => {
      const res = await call('GET', `/api/cases/${caseId}/persons`);
      expect(res.status).toBe(200);
      const { persons } = await read(res);
      const long = persons.find((p: { name: string }) => p.name === 'Vũ Hữu Long');
      expect(long.variants.sort()).toEqual([
        'VU HUU LONG',
        'Vu Huu Long',
        'Vũ Hữu Long',
        'Vũ Hữu Lonq',
      ]);
      expect(long.roles.map((r: { code: string }) => r.code)).toEqual([
        'NGUOI_BI_TAM_GIU',
        'BI_CAN',
      ]);
      expect(long.appearances).toHaveLength(5);
      expect(
        long.statements.map((s: { typeCode: string; date: string }) => [s.typeCode, s.date]),
      ).toEqual([
        ['BB_GHI_LOI_KHAI', '2024-01-09'],
        ['BB_HOI_CUNG_BI_CAN', '2024-02-20'],
      ]);
      expect(persons.find((p: { name: string }) => p.name === 'Hà Quang Duy').statements).toEqual(
        [],
      );
    });

    it('refuses another unit’s user as if the case did not exist', async () => {
      for (const [method, path, body] of [
        ['GET', `/api/cases/${caseId}/timeline`, undefined],
        ['GET', `/api/cases/${caseId}/persons`, undefined],
        ['PUT', `/api/cases/${caseId}/procedure-settings`, { crimeCategory: 'IT_NGHIEM_TRONG' }],
      ] as const) {
        const res = await call(method, path, body, outsider);
        expect(res.status).toBe(404);
        expect((await read(res)).error.code).toBe('case.not_found');
      }
    });
  },
);
