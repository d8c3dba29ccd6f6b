import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestServer } from '../app/server.test-utils.ts';
import { getDbVariants } from '../database/database.test-utils.ts';
import { generateId } from '../shared/ids/ids.ts';
import { seedCaseDocuments } from '../timeline/timeline.test-utils.ts';

const PASSWORD = 'MatKhau2026';
const variants = await getDbVariants();
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- tests read untyped JSON
const read = async (response: Response): Promise<any> => response.json();

/*
 * A case of the provincial unit, read by its clerk (author), a prosecutor of the same unit
 * (teammate) and its leader; a clerk of a regional unit below may not read it at all.
 */
describe.each(variants)('annotations over HTTP on %s', (variant) => {
  let server: Awaited<ReturnType<typeof createTestServer>>;
  const tokens: Record<string, string> = {};
  let caseId: string;
  let otherCaseId: string;
  let pageIds: string[] = [];
  let documentIds: string[] = [];
  let otherPageId: string;
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
    otherPageId = (await seedPages(otherCaseId, 1)).ids[0]!;
    await seedCaseDocuments({
      db: server.deps.db,
      caseId,
      volumeId: seeded.volumeId,
      documents: [
        { typeCode: 'BB_GHI_LOI_KHAI', date: null, firstSeq: 1, lastSeq: 2 },
        { typeCode: 'BB_GHI_LOI_KHAI', date: null, firstSeq: 3, lastSeq: 4 },
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

  let privateRegion: string;
  let sharedNote: string;
  let wordsId: string;

  it('creates a region highlight, a note and a words highlight', async () => {
    const region = await call('clerk', 'POST', `/api/cases/${caseId}/annotations`, {
      kind: 'region',
      pageId: pageIds[0],
      rect: { x: 0.1, y: 0.2, w: 0.3, h: 0.1 },
      color: 'green',
    });
    expect(region.status).toBe(201);
    const r = (await read(region)).annotation;
    expect(r).toMatchObject({
      kind: 'region',
      visibility: 'private',
      color: 'green',
      rect: { x: 0.1, y: 0.2, w: 0.3, h: 0.1 },
      mine: true,
      canDelete: true,
      author: { name: 'Cán bộ clerk' },
      page: { volume: 1, seq: 1, butLuc: 1 },
    });
    privateRegion = r.id;

    const note = await call('clerk', 'POST', `/api/cases/${caseId}/annotations`, {
      kind: 'note',
      pageId: pageIds[2],
      point: { x: 0.5, y: 0.5 },
      text: 'Lời khai mâu thuẫn với BL 1',
      visibility: 'shared',
    });
    expect(note.status).toBe(201);
    sharedNote = (await read(note)).annotation.id;

    const words = await call('clerk', 'POST', `/api/cases/${caseId}/annotations`, {
      kind: 'words',
      pageId: pageIds[0],
      boxes: [
        [0.1, 0.1, 0.2, 0.12],
        [0.21, 0.1, 0.3, 0.12],
      ],
      text: 'Biên bản',
    });
    expect(words.status).toBe(201);
    const w = (await read(words)).annotation;
    expect(w.boxes).toHaveLength(2);
    expect(w.text).toBe('Biên bản');
    wordsId = w.id;
  });

  it('rejects shapes outside the page and pages of another case', async () => {
    const outside = await call('clerk', 'POST', `/api/cases/${caseId}/annotations`, {
      kind: 'region',
      pageId: pageIds[0],
      rect: { x: 0.8, y: 0.2, w: 0.3, h: 0.1 },
    });
    expect(outside.status).toBe(400);
    const emptyNote = await call('clerk', 'POST', `/api/cases/${caseId}/annotations`, {
      kind: 'note',
      pageId: pageIds[0],
      point: { x: 0.5, y: 0.5 },
      text: '  ',
    });
    expect(emptyNote.status).toBe(400);
    const foreign = await call('clerk', 'POST', `/api/cases/${caseId}/annotations`, {
      kind: 'note',
      pageId: otherPageId,
      point: { x: 0.5, y: 0.5 },
      text: 'x',
    });
    expect(foreign.status).toBe(404);
    expect((await read(foreign)).error.code).toBe('page.not_found');
  });

  it('shows private annotations to their author only, shared ones to the case team', async () => {
    const mine = await read(await call('clerk', 'GET', `/api/cases/${caseId}/annotations`));
    expect(mine.annotations.map((a: { id: string }) => a.id).sort()).toEqual(
      [privateRegion, sharedNote, wordsId].sort(),
    );
    const teammate = await read(
      await call('prosecutor', 'GET', `/api/cases/${caseId}/annotations`),
    );
    expect(teammate.annotations.map((a: { id: string }) => a.id)).toEqual([sharedNote]);
    expect(teammate.annotations[0]).toMatchObject({
      mine: false,
      canDelete: false,
      text: 'Lời khai mâu thuẫn với BL 1',
      page: { seq: 3, butLuc: 3 },
    });
    // Someone else's private annotation does not exist for the teammate.
    const peek = await call(
      'prosecutor',
      'PATCH',
      `/api/cases/${caseId}/annotations/${privateRegion}`,
      {
        color: 'pink',
      },
    );
    expect(peek.status).toBe(404);
    expect((await read(peek)).error.code).toBe('annotation.not_found');
    const del = await call(
      'prosecutor',
      'DELETE',
      `/api/cases/${caseId}/annotations/${privateRegion}`,
    );
    expect(del.status).toBe(404);
  });

  it('answers 404 to a user who cannot read the case', async () => {
    const list = await call('stranger', 'GET', `/api/cases/${caseId}/annotations`);
    expect(list.status).toBe(404);
    expect((await read(list)).error.code).toBe('case.not_found');
    const create = await call('stranger', 'POST', `/api/cases/${caseId}/annotations`, {
      kind: 'note',
      pageId: pageIds[0],
      point: { x: 0.5, y: 0.5 },
      text: 'x',
    });
    expect(create.status).toBe(404);
    const patch = await call(
      'stranger',
      'PATCH',
      `/api/cases/${caseId}/annotations/${sharedNote}`,
      {
        text: 'x',
      },
    );
    expect(patch.status).toBe(404);
    const text = await call('stranger', 'GET', `/api/cases/${caseId}/pages/${pageIds[0]}/text`);
    expect(text.status).toBe(404);
  });

  it('lets only the author change a shared annotation; read-only roles do not annotate', async () => {
    const edit = await call(
      'prosecutor',
      'PATCH',
      `/api/cases/${caseId}/annotations/${sharedNote}`,
      {
        text: 'sửa',
      },
    );
    expect(edit.status).toBe(403);
    const steeringSees = await read(
      await call('steering', 'GET', `/api/cases/${caseId}/annotations`),
    );
    expect(steeringSees.annotations).toHaveLength(1);
    const steeringWrites = await call('steering', 'POST', `/api/cases/${caseId}/annotations`, {
      kind: 'note',
      pageId: pageIds[0],
      point: { x: 0.5, y: 0.5 },
      text: 'x',
    });
    expect(steeringWrites.status).toBe(403);
  });

  it('switches a private annotation to shared and back', async () => {
    const shared = await call(
      'clerk',
      'PATCH',
      `/api/cases/${caseId}/annotations/${privateRegion}`,
      {
        visibility: 'shared',
        text: 'Chữ ký khác',
      },
    );
    expect(shared.status).toBe(200);
    expect((await read(shared)).annotation).toMatchObject({
      visibility: 'shared',
      text: 'Chữ ký khác',
    });
    const teammate = await read(
      await call('prosecutor', 'GET', `/api/cases/${caseId}/annotations`),
    );
    expect(teammate.annotations.map((a: { id: string }) => a.id)).toContain(privateRegion);
    const back = await call('clerk', 'PATCH', `/api/cases/${caseId}/annotations/${privateRegion}`, {
      visibility: 'private',
    });
    expect(back.status).toBe(200);
    const again = await read(await call('prosecutor', 'GET', `/api/cases/${caseId}/annotations`));
    expect(again.annotations.map((a: { id: string }) => a.id)).not.toContain(privateRegion);
  });

  it('filters by page, document, author and visibility', async () => {
    const ids = async (query: string) =>
      (
        await read(await call('clerk', 'GET', `/api/cases/${caseId}/annotations?${query}`))
      ).annotations
        .map((a: { id: string }) => a.id)
        .sort();
    expect(await ids(`pageId=${pageIds[0]}`)).toEqual([privateRegion, wordsId].sort());
    expect(await ids(`documentId=${documentIds[1]}`)).toEqual([sharedNote]);
    expect(await ids(`documentId=${documentIds[0]}`)).toEqual([privateRegion, wordsId].sort());
    expect(await ids('visibility=shared')).toEqual([sharedNote]);
    expect(await ids('author=me')).toHaveLength(3);
    const byClerkForProsecutor = await read(
      await call('prosecutor', 'GET', `/api/cases/${caseId}/annotations?author=me`),
    );
    expect(byClerkForProsecutor.annotations).toEqual([]);
  });

  it("lets the unit's leader delete a shared annotation but never see a private one", async () => {
    const leaderList = await read(await call('leader', 'GET', `/api/cases/${caseId}/annotations`));
    expect(leaderList.annotations.map((a: { id: string }) => a.id)).toEqual([sharedNote]);
    expect(leaderList.annotations[0].canDelete).toBe(true);
    const cannot = await call(
      'leader',
      'DELETE',
      `/api/cases/${caseId}/annotations/${privateRegion}`,
    );
    expect(cannot.status).toBe(404);
    const removed = await call(
      'leader',
      'DELETE',
      `/api/cases/${caseId}/annotations/${sharedNote}`,
    );
    expect(removed.status).toBe(200);
    const after = await read(await call('clerk', 'GET', `/api/cases/${caseId}/annotations`));
    expect(after.annotations.map((a: { id: string }) => a.id)).not.toContain(sharedNote);
    const own = await call('clerk', 'DELETE', `/api/cases/${caseId}/annotations/${wordsId}`);
    expect(own.status).toBe(200);
  });

  it('audits every change without copying what the note says', async () => {
    const { events } = await server.deps.auditRepository.list({ caseId });
    const actions = events.filter((e) => e.action.startsWith('annotation.')).map((e) => e.action);
    expect(actions.filter((a) => a === 'annotation.created')).toHaveLength(3);
    expect(actions.filter((a) => a === 'annotation.updated')).toHaveLength(2);
    expect(actions.filter((a) => a === 'annotation.deleted')).toHaveLength(2);
    expect(JSON.stringify(events)).not.toContain('mâu thuẫn');
  });

  it("serves a page's OCR text layer with normalised word boxes", async () => {
    const response = await call(
      'prosecutor',
      'GET',
      `/api/cases/${caseId}/pages/${pageIds[1]}/text`,
    );
    expect(response.status).toBe(200);
    const body = await read(response);
    expect(body).toMatchObject({
      pageId: pageIds[1],
      text: 'Biên bản ghi lời khai trang 2',
      width: 1000,
      height: 1400,
    });
    expect(body.words[0]).toEqual({ text: 'Biên', x0: 0.1, y0: 0.1, x1: 0.2, y1: 0.12 });
    const foreign = await call('clerk', 'GET', `/api/cases/${caseId}/pages/${otherPageId}/text`);
    expect(foreign.status).toBe(404);
  });
});
