import { createApiClient, ApiError, type ApiClient } from '@sohoa/api-client';
import { sectionFor } from '@sohoa/contracts';
import { strFromU8, unzipSync } from 'fflate';
import { readSheet } from 'read-excel-file/node';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { createTestServer } from '../app/server.test-utils.ts';
import { getDbVariants } from '../database/database.test-utils.ts';
import type { Db } from '../database/database.ts';
import { generateId } from '../shared/ids/ids.ts';

const PASSWORD = 'MatKhau2026';
const variants = await getDbVariants();

interface SeedDocument {
  volumeId: string;
  position: number;
  typeCode: string;
  sectionCode: string;
  title: string | null;
  number: string | null;
  issuedOn: string | null;
  issuer: string | null;
  butLucFrom: number | null;
  butLucTo: number | null;
  metadata: Record<string, unknown>;
}

/**
 * Stores documents as structuring does (persons and page refs in `metadata`), writing only the
 * columns every version of the documents table has: the structure repository's write method
 * changes with the review work, the table's core does not.
 */
async function insertDocuments({
  db,
  caseId,
  documents,
}: {
  db: Db;
  caseId: string;
  documents: SeedDocument[];
}) {
  const now = new Date();
  for (const d of documents) {
    await db
      .insertInto('documents')
      .values({
        id: generateId({ prefix: 'doc' }),
        case_id: caseId,
        volume_id: d.volumeId,
        position: d.position,
        first_seq: d.position + 1,
        last_seq: d.position + 1,
        but_luc_from: d.butLucFrom,
        but_luc_to: d.butLucTo,
        type_code: d.typeCode,
        type_confidence: 0.9,
        section_code: d.sectionCode,
        title: d.title,
        number: d.number,
        issued_on: d.issuedOn,
        issuer: d.issuer,
        metadata: JSON.stringify(d.metadata),
        origin: 'AUTO',
        created_at: now,
        updated_at: now,
      })
      .execute();
  }
}

/*
 * The index through the HTTP API and the typed client, on a case whose documents are stored the
 * way structuring stores them (persons and page refs in the metadata).
 */
describe.each(variants)('case index API on %s', (variant) => {
  let server: Awaited<ReturnType<typeof createTestServer>>;
  let clerk: ApiClient;
  let outsider: ApiClient;
  let caseId: string;
  const client = () =>
    createApiClient({
      baseUrl: 'http://sohoa.test',
      fetch: async (input, init) =>
        server.app.request(
          typeof input === 'string' ? input : input instanceof URL ? input.href : input.url,
          init,
        ),
    });
  const loggedIn = async (username: string) => {
    const api = client();
    api.setToken((await api.login({ username, password: PASSWORD })).token);
    return api;
  };

  beforeAll(async () => {
    server = await createTestServer({ variant });
    const admin = client();
    const { unit: province } = await admin.setup({
      unit: { code: 'TH', name: 'Viện kiểm sát nhân dân tỉnh Thanh Hóa', level: 'PROVINCIAL' },
      admin: { username: 'admin', fullName: 'Quản trị', password: PASSWORD },
    });
    admin.setToken((await admin.login({ username: 'admin', password: PASSWORD })).token);
    const { unit: district } = await admin.createUnit({
      code: 'TH-DS',
      name: 'Viện kiểm sát nhân dân huyện Đông Sơn',
      level: 'REGIONAL',
      parentId: province.id,
    });
    const { unit: other } = await admin.createUnit({
      code: 'TH-NC',
      name: 'Viện kiểm sát nhân dân huyện Nga Sơn',
      level: 'REGIONAL',
      parentId: province.id,
    });
    for (const [username, unitId] of [
      ['clerk', district.id],
      ['outsider', other.id],
    ] as const) {
      await admin.createUser({
        unitId,
        username,
        fullName: username,
        roles: ['CLERK'],
        password: PASSWORD,
      });
    }
    clerk = await loggedIn('clerk');
    outsider = await loggedIn('outsider');
    caseId = (
      await clerk.createCase({
        title: 'Vụ trộm cắp tài sản tại xã Đông Hòa',
        kind: 'criminal',
        nationalCode: 'HS/2024-0007',
        charges: [{ name: 'Trộm cắp tài sản', article: 173, clause: '1' }],
      })
    ).case.id;
    await clerk.createVolume(caseId, { number: 1 });
    await clerk.createVolume(caseId, { number: 2, title: 'Truy tố' });
    const { volumes } = await server.deps.volumesRepository.listByCase({ caseId });
    const volumeId = (n: number) => volumes.find((v) => v.number === n)!.id;
    const doc = (
      d: Partial<SeedDocument> & { typeCode: string; position: number },
    ): SeedDocument => ({
      volumeId: volumeId(1),
      butLucFrom: null,
      butLucTo: null,
      sectionCode: sectionFor({ typeCode: d.typeCode, caseKind: 'criminal' }),
      title: null,
      number: null,
      issuedOn: null,
      issuer: null,
      metadata: {},
      ...d,
    });
    await insertDocuments({
      db: server.deps.db,
      caseId,
      documents: [
        doc({ position: 0, typeCode: 'BIA_HO_SO', title: 'HỒ SƠ VỤ ÁN' }),
        doc({
          position: 1,
          typeCode: 'BB_GHI_LOI_KHAI',
          sectionCode: 'HS_LOI_KHAI_BI_HAI_DUONG_SU',
          title: 'BIÊN BẢN GHI LỜI KHAI',
          issuedOn: '2024-03-05',
          butLucFrom: 1,
          butLucTo: 3,
          metadata: {
            pageRefs: ['tap1.pdf#2', 'tap1.pdf#3', 'tap1.pdf#4'],
            persons: [{ name: 'Lò Văn Sinh', role: 'BI_HAI' }],
          },
        }),
        doc({
          position: 2,
          typeCode: 'QD_KHOI_TO_VU_AN',
          title: 'QUYẾT ĐỊNH KHỞI TỐ VỤ ÁN HÌNH SỰ',
          number: '88/QĐ-CSĐT',
          issuedOn: '2024-03-08',
          issuer: 'Cơ quan Cảnh sát điều tra Công an huyện Đông Sơn',
          butLucFrom: 4,
          butLucTo: 4,
        }),
        doc({ position: 3, typeCode: 'KHAC' }),
        doc({
          position: 4,
          volumeId: volumeId(2),
          typeCode: 'CAO_TRANG',
          title: 'CÁO TRẠNG',
          number: '31/CT-VKS',
          issuedOn: '2024-06-01',
          butLucFrom: 20,
          butLucTo: 22,
        }),
      ],
    });
  }, 120_000);

  afterAll(async () => server.close());

  test('GET /index gives volumes → sections in catalogue order → rows with a running STT', async () => {
    const { index } = await clerk.getCaseIndex(caseId);
    expect(index.header).toMatchObject({
      title: 'THỐNG KÊ TÀI LIỆU CÓ TRONG HỒ SƠ VỤ ÁN',
      unit: {
        name: 'Viện kiểm sát nhân dân huyện Đông Sơn',
        parentName: 'Viện kiểm sát nhân dân tỉnh Thanh Hóa',
      },
      case: { code: 'HS/2024-0007', charges: ['Trộm cắp tài sản (khoản 1 Điều 173 BLHS 2015)'] },
    });
    const layout = index.volumes.map((v) => ({
      volume: v.number,
      title: v.title,
      sections: v.sections.map((s) => [s.code, s.rows.map((r) => `${r.stt} ${r.title}`)]),
    }));
    expect(layout).toEqual([
      {
        volume: 1,
        title: null,
        sections: [
          ['HS_THU_TUC_TO_TUNG', ['1 Quyết định khởi tố vụ án hình sự']],
          ['HS_LOI_KHAI_BI_HAI_DUONG_SU', ['2 Biên bản ghi lời khai của bị hại Lò Văn Sinh']],
          ['CHUNG_CHUA_PHAN_LOAI', ['3 Tài liệu khác (chưa phân loại)']],
        ],
      },
      { volume: 2, title: 'Truy tố', sections: [['HS_TRUY_TO', ['4 Cáo trạng']]] },
    ]);
    expect(index.volumes[0]!.sections[1]!.rows[0]).toMatchObject({
      dateText: '05/03/2024',
      butLucText: '1–3',
      sheets: 3,
      pages: ['tap1.pdf#2', 'tap1.pdf#3', 'tap1.pdf#4'],
    });
    expect(index.totals).toEqual({
      documents: 4,
      sheets: 7,
      butLucFrom: 1,
      butLucTo: 22,
      unnumbered: 1,
      unclassified: 1,
    });
    const english = (await clerk.getCaseIndex(caseId, { lang: 'en' })).index;
    expect(english.header.title).toBe('LIST OF DOCUMENTS IN THE CASE FILE');
    expect(english.volumes[0]!.sections[0]!.name).toBe('Procedural documents');
  });

  test('downloads are named after the case code and audited', async () => {
    const docx = await clerk.downloadCaseIndex(caseId, { format: 'docx' });
    expect(docx.contentType).toBe(
      'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
    );
    expect(docx.fileName).toBe('Thống kê tài liệu HS/2024-0007.docx');
    const document = strFromU8(unzipSync(docx.bytes)['word/document.xml']!);
    expect(document).toContain('Biên bản ghi lời khai của bị hại Lò Văn Sinh');
    expect(document).toContain('88/QĐ-CSĐT');

    const xlsx = await clerk.downloadCaseIndex(caseId, { format: 'xlsx', lang: 'en' });
    expect(xlsx.fileName).toBe('Case index HS/2024-0007.xlsx');
    const sheet = await readSheet(Buffer.from(xlsx.bytes));
    expect(sheet.find((r) => r[0] === 1)).toEqual([
      1,
      'Quyết định khởi tố vụ án hình sự',
      '88/QĐ-CSĐT',
      new Date('2024-03-08T00:00:00Z'),
      'Cơ quan Cảnh sát điều tra Công an huyện Đông Sơn',
      4,
      4,
      1,
      null,
    ]);

    const { events } = await server.deps.auditRepository.list({
      caseId,
      action: 'case.index.exported',
    });
    expect(events.map((e) => [e.actor_username, e.details])).toEqual([
      ['clerk', { format: 'xlsx', language: 'en', documents: 4 }],
      ['clerk', { format: 'docx', language: 'vi', documents: 4 }],
    ]);
  });

  test('Content-Disposition has an ASCII name and the exact UTF-8 name', async () => {
    const { token } = await client().login({ username: 'clerk', password: PASSWORD });
    const response = await server.app.request(`/api/cases/${caseId}/index.docx`, {
      headers: { authorization: `Bearer ${token}` },
    });
    expect(response.status).toBe(200);
    expect(response.headers.get('content-disposition')).toBe(
      `attachment; filename="Thong-ke-tai-lieu-HS-2024-0007.docx"; filename*=UTF-8''Th%E1%BB%91ng%20k%C3%AA%20t%C3%A0i%20li%E1%BB%87u%20HS%2F2024-0007.docx`,
    );
    const bad = await server.app.request(`/api/cases/${caseId}/index.pdf`, {
      headers: { authorization: `Bearer ${token}` },
    });
    expect(bad.status).toBe(404);
  });

  test('a user of another unit gets 404 for the index and its files, and nothing is exported', async () => {
    for (const attempt of [
      () => outsider.getCaseIndex(caseId),
      () => outsider.downloadCaseIndex(caseId, { format: 'docx' }),
      () => outsider.downloadCaseIndex(caseId, { format: 'xlsx' }),
    ]) {
      const error = await attempt().catch((e: unknown) => e);
      expect(error).toBeInstanceOf(ApiError);
      expect(error).toMatchObject({ status: 404, code: 'case.not_found' });
    }
    const { events } = await server.deps.auditRepository.list({ caseId });
    const outsiderEvents = events.filter((e) => e.actor_username === 'outsider');
    expect(outsiderEvents.map((e) => e.action)).toEqual([
      'case.access_denied',
      'case.access_denied',
      'case.access_denied',
    ]);
  });

  test('the OpenAPI document describes the index and its two downloads', async () => {
    const doc = (await (await server.app.request('/api/openapi.json')).json()) as {
      paths: Record<string, { get: { responses: Record<string, { content: object }> } }>;
    };
    expect(
      Object.keys(doc.paths['/api/cases/{caseId}/index.docx']!.get.responses['200']!.content),
    ).toEqual(['application/vnd.openxmlformats-officedocument.wordprocessingml.document']);
    expect(doc.paths['/api/cases/{caseId}/index.xlsx']).toBeDefined();
    expect(doc.paths['/api/cases/{caseId}/index']).toBeDefined();
  });

  test('without a session the index is refused', async () => {
    const error = await client()
      .getCaseIndex(caseId)
      .catch((e: unknown) => e);
    expect(error).toMatchObject({ status: 401 });
  });
});
