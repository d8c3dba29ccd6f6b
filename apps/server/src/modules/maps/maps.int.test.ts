import { strToU8, zipSync } from 'fflate';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MAP_ERROR_MESSAGES } from '@sohoa/contracts';
import { createTestServer } from '../app/server.test-utils.ts';
import { getDbVariants } from '../database/database.test-utils.ts';
import { generateId } from '../shared/ids/ids.ts';
import { seedCaseDocuments } from '../timeline/timeline.test-utils.ts';

const PASSWORD = 'MatKhau2026';
const variants = await getDbVariants();
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- tests read untyped JSON
const read = async (response: Response): Promise<any> => response.json();

/*
 * A criminal case of the provincial unit created (and so worked) by its clerk; a prosecutor of the
 * same unit who is not assigned may read its maps but not change them; a clerk of a regional unit
 * below may not read the case at all.
 */
describe.each(variants)('case mind maps over HTTP on %s', (variant) => {
  let server: Awaited<ReturnType<typeof createTestServer>>;
  const tokens: Record<string, string> = {};
  let caseId: string;
  let otherCaseId: string;
  let pageIds: string[] = [];
  let documentIds: string[] = [];
  const call = (who: string, method: string, path: string, body?: unknown) =>
    server.app.request(path, {
      method,
      headers: { 'content-type': 'application/json', authorization: `Bearer ${tokens[who]}` },
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

  async function seedPages(forCase: string, count: number) {
    const db = server.deps.db;
    const { volume } = await server.deps.volumesRepository.create({
      caseId: forCase,
      number: 1,
      title: null,
    });
    const sourceId = generateId({ prefix: 'src' });
    await db
      .insertInto('source_files')
      .values({
        id: sourceId,
        case_id: forCase,
        volume_id: volume.id,
        sha256: forCase
          .slice(-8)
          .padEnd(64, '0')
          .replace(/[^0-9a-f]/g, 'a'),
        blob_key: 'none',
        original_name: 'scan.pdf',
        media_type: 'application/pdf',
        size_bytes: 1,
      })
      .execute();
    const ids: string[] = [];
    for (let i = 0; i < count; i++) {
      const id = generateId({ prefix: 'pg' });
      await db
        .insertInto('pages')
        .values({
          id,
          case_id: forCase,
          volume_id: volume.id,
          source_file_id: sourceId,
          source_index: i,
          seq: i + 1,
          status: 'DONE',
          but_luc: i + 1,
          width_px: 1000,
          height_px: 1400,
          ocr_text: `Biên bản ghi lời khai trang ${i + 1}`,
          ocr_words: JSON.stringify([
            { text: 'Biên', confidence: 90, box: [0.1, 0.1, 0.2, 0.12] },
            { text: 'bản', confidence: 90, box: [0.21, 0.1, 0.3, 0.12] },
          ]),
        })
        .execute();
      ids.push(id);
    }
    return { ids, volumeId: volume.id };
  }

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
    tokens.admin = await login('admin');
    const other = await read(
      await call('admin', 'POST', '/api/units', {
        code: 'KV1',
        name: 'Khu vực 1',
        level: 'REGIONAL',
        parentId: setup.unit.id,
      }),
    );
    for (const [username, unitId, role] of [
      ['clerk', setup.unit.id, 'CLERK'],
      ['prosecutor', setup.unit.id, 'PROSECUTOR'],
      ['leader', setup.unit.id, 'LEADER'],
      ['steering', setup.unit.id, 'STEERING'],
      ['stranger', other.unit.id, 'CLERK'],
    ]) {
      const created = await call('admin', 'POST', '/api/users', {
        unitId,
        username,
        fullName: `Cán bộ ${username}`,
        roles: [role],
        password: PASSWORD,
      });
      expect(created.status).toBe(201);
      tokens[username!] = await login(username);
    }
    caseId = (
      await read(await call('clerk', 'POST', '/api/cases', { title: 'Trộm cắp', kind: 'criminal' }))
    ).case.id;
    otherCaseId = (
      await read(await call('clerk', 'POST', '/api/cases', { title: 'Lừa đảo', kind: 'criminal' }))
    ).case.id;
    const seeded = await seedPages(caseId, 4);
    pageIds = seeded.ids;
    await seedPages(otherCaseId, 1);
    await seedCaseDocuments({
      db: server.deps.db,
      caseId,
      volumeId: seeded.volumeId,
      documents: [
        {
          typeCode: 'QD_KHOI_TO_BI_CAN',
          date: '2025-03-01',
          firstSeq: 1,
          lastSeq: 1,
          butLucFrom: 1,
          butLucTo: 1,
          persons: [{ name: 'Nguyễn Văn Bình', role: 'BI_CAN' }],
        },
        {
          typeCode: 'BB_HOI_CUNG_BI_CAN',
          date: '2025-03-02',
          firstSeq: 2,
          lastSeq: 3,
          butLucFrom: 2,
          butLucTo: 3,
          persons: [{ name: 'Nguyễn Văn Bình', role: 'BI_CAN' }],
        },
        {
          typeCode: 'KET_LUAN_GIAM_DINH',
          date: '2025-03-05',
          firstSeq: 4,
          lastSeq: 4,
          butLucFrom: 4,
          butLucTo: 4,
        },
      ],
    });
    documentIds = (
      await server.deps.db
        .selectFrom('documents')
        .select('id')
        .where('case_id', '=', caseId)
        .orderBy('first_seq')
        .execute()
    ).map((d) => d.id);
  });

  afterAll(async () => {
    await server?.close();
  });

  let mapId: string;

  it('creates a map with just a root, lists it and reads it back', async () => {
    const created = await call('clerk', 'POST', `/api/cases/${caseId}/maps`, { title: 'Sơ đồ A' });
    expect(created.status).toBe(201);
    const map = (await read(created)).map;
    expect(map).toMatchObject({ title: 'Sơ đồ A', version: 1, nodeCount: 1 });
    expect(map.document.nodes[0]).toMatchObject({ parentId: null, text: 'Sơ đồ A' });
    mapId = map.id;
    const list = await read(await call('prosecutor', 'GET', `/api/cases/${caseId}/maps`));
    expect(list.maps.map((m: { id: string }) => m.id)).toEqual([mapId]);
    const got = await call('steering', 'GET', `/api/cases/${caseId}/maps/${mapId}`);
    expect(got.status).toBe(200);
  });

  it('saves with the version read and refuses a stale version with 409', async () => {
    const nodes = [
      { id: 'root', parentId: null, text: 'Vụ án' },
      { id: 'a', parentId: 'root', text: 'Bị can', link: { kind: 'page', pageId: pageIds[0] } },
    ];
    const saved = await call('clerk', 'PUT', `/api/cases/${caseId}/maps/${mapId}`, {
      version: 1,
      document: { nodes },
    });
    expect(saved.status).toBe(200);
    const map = (await read(saved)).map;
    expect(map.version).toBe(2);
    expect(map.document.nodes[1]).toMatchObject({ id: 'a', color: 'default', collapsed: false });
    const stale = await call('clerk', 'PUT', `/api/cases/${caseId}/maps/${mapId}`, {
      version: 1,
      title: 'Ghi đè',
    });
    expect(stale.status).toBe(409);
    expect((await read(stale)).error.code).toBe('map.version_conflict');
  });

  it('refuses a document that is not a tree', async () => {
    const res = await call('clerk', 'PUT', `/api/cases/${caseId}/maps/${mapId}`, {
      version: 2,
      document: {
        nodes: [
          { id: 'r', parentId: null, text: 'A' },
          { id: 'x', parentId: 'y', text: 'B' },
          { id: 'y', parentId: 'x', text: 'C' },
        ],
      },
    });
    expect(res.status).toBe(400);
  });

  it('lets a reader of the case who may not edit it read but not write (403)', async () => {
    const res = await call('prosecutor', 'PUT', `/api/cases/${caseId}/maps/${mapId}`, {
      version: 2,
      title: 'x',
    });
    expect(res.status).toBe(403);
    const del = await call('steering', 'DELETE', `/api/cases/${caseId}/maps/${mapId}`);
    expect(del.status).toBe(403);
  });

  it('answers 404 to someone outside the case, for reading and writing', async () => {
    expect((await call('stranger', 'GET', `/api/cases/${caseId}/maps`)).status).toBe(404);
    expect((await call('stranger', 'GET', `/api/cases/${caseId}/maps/${mapId}`)).status).toBe(404);
    expect(
      (await call('stranger', 'POST', `/api/cases/${caseId}/maps`, { title: 'x' })).status,
    ).toBe(404);
    // A map id of another case is not found through this case.
    expect((await call('clerk', 'GET', `/api/cases/${otherCaseId}/maps/${mapId}`)).status).toBe(
      404,
    );
  });

  it('drafts a criminal map with the accused branch linked to the pages', async () => {
    const res = await call('clerk', 'POST', `/api/cases/${caseId}/maps/draft`, {});
    expect(res.status).toBe(201);
    const map = (await read(res)).map;
    const nodes = map.document.nodes as Array<{
      id: string;
      parentId: string | null;
      text: string;
      link: { kind: string; documentId?: string; pageId?: string } | null;
    }>;
    const accused = nodes.find((n) => n.text === 'Bị can: Nguyễn Văn Bình');
    expect(accused).toBeDefined();
    const statements = nodes.find((n) => n.parentId === accused!.id && n.text === 'Lời khai')!;
    const leaf = nodes.find((n) => n.parentId === statements.id)!;
    expect(leaf.text).toContain('BL 2–3');
    expect(leaf.link).toEqual({ kind: 'document', documentId: documentIds[1], pageId: pageIds[1] });
    expect(
      nodes.some((n) => n.text.includes('BL 4') && n.link?.documentId === documentIds[2]),
    ).toBe(true);
  });

  it('exports XMind and imports it back as the same tree, with links to the case pages', async () => {
    const exported = await call(
      'clerk',
      'GET',
      `/api/cases/${caseId}/maps/${mapId}/export?format=xmind`,
    );
    expect(exported.status).toBe(200);
    expect(exported.headers.get('content-disposition')).toContain('.xmind');
    const bytes = new Uint8Array(await exported.arrayBuffer());
    const imported = await server.app.request(`/api/cases/${caseId}/maps/import?format=xmind`, {
      method: 'POST',
      headers: {
        authorization: `Bearer ${tokens.clerk}`,
        'content-type': 'application/octet-stream',
      },
      body: bytes,
    });
    expect(imported.status).toBe(201);
    const original = (await read(await call('clerk', 'GET', `/api/cases/${caseId}/maps/${mapId}`)))
      .map;
    const copy = (await read(imported)).map;
    expect(copy.id).not.toBe(mapId);
    expect(copy.document.nodes).toEqual(original.document.nodes);
  });

  it('refuses a broken .xmind with 400 map.import_invalid, in Vietnamese and in English, and creates no map', async () => {
    const before = (await read(await call('clerk', 'GET', `/api/cases/${caseId}/maps`))).maps
      .length;
    const notAZip = new TextEncoder().encode('PK\u0003\u0004 this is not really an XMind file');
    const zipWithoutContent = zipSync({ 'README.txt': strToU8('no content.json here') });
    for (const body of [notAZip, zipWithoutContent]) {
      for (const [language, accept] of [
        ['vi', 'vi-VN'],
        ['en', 'en-US'],
      ] as const) {
        const response = await server.app.request(`/api/cases/${caseId}/maps/import?format=xmind`, {
          method: 'POST',
          headers: {
            authorization: `Bearer ${tokens.clerk}`,
            'content-type': 'application/octet-stream',
            'accept-language': accept,
          },
          body,
        });
        expect(response.status).toBe(400);
        const { error } = await read(response);
        expect(error.code).toBe('map.import_invalid');
        expect(error.message).toBe(MAP_ERROR_MESSAGES['map.import_invalid'][language]);
        expect(error.messages).toEqual(MAP_ERROR_MESSAGES['map.import_invalid']);
      }
    }
    const after = (await read(await call('clerk', 'GET', `/api/cases/${caseId}/maps`))).maps.length;
    expect(after).toBe(before);
  });

  it('exports SVG, PNG, PDF, FreeMind and OPML files', async () => {
    const expectations: Record<string, string> = {
      svg: '<svg',
      png: '\u0089PNG',
      pdf: '%PDF',
      mm: '<map',
      opml: '<?xml',
    };
    for (const [format, start] of Object.entries(expectations)) {
      const res = await call(
        'clerk',
        'GET',
        `/api/cases/${caseId}/maps/${mapId}/export?format=${format}`,
      );
      expect(res.status, format).toBe(200);
      const head = Buffer.from(await res.arrayBuffer())
        .subarray(0, 8)
        .toString('latin1');
      expect(head.startsWith(start), format).toBe(true);
    }
  });

  it('deletes a map for the case team and records the changes in the audit trail', async () => {
    const del = await call('clerk', 'DELETE', `/api/cases/${caseId}/maps/${mapId}`);
    expect(del.status).toBe(200);
    expect((await call('clerk', 'GET', `/api/cases/${caseId}/maps/${mapId}`)).status).toBe(404);
    const actions = (
      await server.deps.db
        .selectFrom('audit_events')
        .select('action')
        .where('target_id', '=', mapId)
        .execute()
    ).map((e) => e.action);
    expect(actions).toEqual(
      expect.arrayContaining(['map.created', 'map.updated', 'map.exported', 'map.deleted']),
    );
  });
});
