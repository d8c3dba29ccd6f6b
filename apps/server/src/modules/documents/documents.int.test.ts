import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestJobRunner, createTestServer } from '../app/server.test-utils.ts';
import { getDbVariants } from '../database/database.test-utils.ts';
import {
  createScriptedPageProcessor,
  type ScriptedPage,
} from '../pipeline/scripted-page-processor.test-utils.ts';
import { structureCase } from './documents.usecases.ts';

/*
 * Review of the structure through the HTTP API, on a case run through the real pipeline, queue,
 * structuring and database (pages are scripted text, so the expected documents are exact).
 */
const PASSWORD = 'MatKhau2026';
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- tests read untyped JSON
type Json = any;

const HEADING = 'CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\nĐộc lập - Tự do - Hạnh phúc';
const PAGES: ScriptedPage[] = [
  {
    text: `VIỆN KIỂM SÁT NHÂN DÂN HUYỆN TIÊN LÃNG\n${HEADING}\nSố: 31/QĐ-VKS Tiên Lãng, ngày 02 tháng 8 năm 2022\nQUYẾT ĐỊNH\nPHÊ CHUẨN QUYẾT ĐỊNH KHỞI TỐ BỊ CAN`,
    butLuc: 1,
  },
  { text: 'Điều 2. Quyết định này có hiệu lực kể từ ngày ký.\nVIỆN TRƯỞNG', butLuc: 2 },
  { text: 'Danh sách kèm theo các tài liệu về việc khởi tố bị can.', butLuc: 3 },
  {
    text: `CÔNG AN HUYỆN TIÊN LÃNG\n${HEADING}\nBIÊN BẢN\nGHI LỜI KHAI\nHồi 09 giờ 00 phút, ngày 03 tháng 8 năm 2022, tại trụ sở Công an huyện.`,
    butLuc: 4,
  },
  { text: 'Hỏi: Anh trình bày sự việc?\nTrả lời: Tôi không biết.', butLuc: 5 },
  {
    text: `CÔNG AN HUYỆN TIÊN LÃNG\nCƠ QUAN CẢNH SÁT ĐIỀU TRA\n${HEADING}\nSố: 77/QĐ-CSĐT Tiên Lãng, ngày 05 tháng 8 năm 2022\nQUYẾT ĐỊNH\nTRƯNG CẦU GIÁM ĐỊNH`,
    butLuc: 6,
  },
  { text: 'Điều 3. Giao cho Điều tra viên tổ chức thực hiện.', butLuc: 7 },
];

const variants = await getDbVariants();

describe.each(variants)('structure review through the API on %s', (variant) => {
  let server: Awaited<ReturnType<typeof createTestServer>>;
  let runner: ReturnType<typeof createTestJobRunner>;
  let token: string;
  let outsider: string;
  let caseId: string;

  const call = async (method: string, path: string, body?: unknown, auth = token) => {
    const res = await server.app.request(path, {
      method,
      headers: {
        authorization: `Bearer ${auth}`,
        ...(body === undefined ? {} : { 'content-type': 'application/json' }),
      },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });
    return { status: res.status, body: (await res.json()) as Json };
  };
  const login = async (username: string) =>
    (await call('POST', '/api/auth/login', { username, password: PASSWORD, bearer: true }, '')).body
      .token as string;

  /** Documents in index order: [first bút lục, last bút lục, type]. */
  const documents = (structure: Json) =>
    (structure.sections as Json[])
      .flatMap((s) => s.documents as Json[])
      .sort((a, b) => a.position - b.position);
  const ranges = (structure: Json) =>
    documents(structure).map((d) => [d.butLucFrom, d.butLucTo, d.type.code]);
  const getStructure = async () =>
    (await call('GET', `/api/cases/${caseId}/structure`)).body.structure;
  const edit = (body: unknown, auth = token) =>
    call('POST', `/api/cases/${caseId}/structure/edits`, body, auth);
  const byFirstButLuc = async (n: number) =>
    documents(await getStructure()).find((d) => d.butLucFrom === n);
  const pageIdOfButLuc = async (n: number) => {
    const { body } = await call('GET', `/api/cases/${caseId}/pages`);
    return (body.pages as Json[]).find((p) => p.butLuc === n).id as string;
  };

  async function waitForPipeline() {
    for (;;) {
      const { body } = await call('GET', `/api/cases/${caseId}/progress`);
      if (body.progress.finished) {
        break;
      }
      await new Promise((r) => setTimeout(r, 50));
    }
    // The structuring job follows the last page; running it again here is what it does.
    await structureCase({ caseId, deps: server.deps });
  }

  beforeAll(async () => {
    server = await createTestServer({ variant, pageProcessor: createScriptedPageProcessor() });
    runner = createTestJobRunner({ deps: server.deps });
    await runner.start();
    const setup = (
      await call(
        'POST',
        '/api/setup',
        {
          unit: { code: 'HP', name: 'Hải Phòng', level: 'PROVINCIAL' },
          admin: { username: 'admin', fullName: 'Quản trị', password: PASSWORD },
        },
        '',
      )
    ).body;
    const admin = await login('admin');
    const other = (
      await call(
        'POST',
        '/api/units',
        { code: 'HP-TL', name: 'Tiên Lãng', level: 'REGIONAL', parentId: setup.unit.id },
        admin,
      )
    ).body.unit;
    for (const [username, unitId] of [
      ['ksv', setup.unit.id],
      ['khac', other.id],
    ] as const) {
      await call(
        'POST',
        '/api/users',
        { unitId, username, fullName: username, roles: ['PROSECUTOR'], password: PASSWORD },
        admin,
      );
    }
    token = await login('ksv');
    outsider = await login('khac');
    caseId = (await call('POST', '/api/cases', { title: 'Vụ trộm cắp', kind: 'criminal' })).body
      .case.id;
    const put = await server.app.request(`/api/cases/${caseId}/volumes/1/files?name=tap_01.pdf`, {
      method: 'PUT',
      headers: {
        'content-type': 'application/octet-stream',
        authorization: `Bearer ${token}`,
      },
      body: new TextEncoder().encode(JSON.stringify(PAGES)),
    });
    expect(put.status).toBe(200);
    await waitForPipeline();
  });
  afterAll(async () => {
    await runner.stop();
    await server.close();
  });

  it('lists the automatic structure', async () => {
    expect(ranges(await getStructure())).toEqual([
      [1, 3, 'QD_PHE_CHUAN_KHOI_TO_BI_CAN'],
      [4, 5, 'BB_GHI_LOI_KHAI'],
      [6, 7, 'QD_TRUNG_CAU_GIAM_DINH'],
    ]);
  });

  it('splits a document, changes the new part’s type and keeps both across re-processing', async () => {
    const split = await edit({ op: 'split', pageId: await pageIdOfButLuc(3) });
    expect(split.status).toBe(201);
    const part = documents(split.body.structure).find((d: Json) => d.butLucFrom === 3);
    expect(part).toMatchObject({ butLucTo: 3, origin: 'HUMAN', review: ['type_unknown'] });

    const typed = await edit({
      op: 'setType',
      documentId: part.id,
      typeCode: 'BAN_ANH_HIEN_TRUONG',
    });
    expect(typed.status).toBe(201);
    expect(await byFirstButLuc(3)).toMatchObject({
      id: part.id,
      type: { code: 'BAN_ANH_HIEN_TRUONG', confidence: 1 },
      edited: ['boundaries', 'type'],
      review: [],
    });

    // OCR again on a page of the split document, then structuring again: the corrections hold.
    const reprocess = await call(
      'POST',
      `/api/cases/${caseId}/pages/${await pageIdOfButLuc(2)}/reprocess`,
      {},
    );
    expect(reprocess.status).toBeLessThan(300);
    await waitForPipeline();
    expect(ranges(await getStructure())).toEqual([
      [1, 2, 'QD_PHE_CHUAN_KHOI_TO_BI_CAN'],
      [3, 3, 'BAN_ANH_HIEN_TRUONG'],
      [4, 5, 'BB_GHI_LOI_KHAI'],
      [6, 7, 'QD_TRUNG_CAU_GIAM_DINH'],
    ]);
    expect((await byFirstButLuc(3)).id).toBe(part.id);
  });

  it('edits metadata, refusing impossible dates and unknown roles', async () => {
    const record = await byFirstButLuc(4);
    const ok = await edit({
      op: 'editMetadata',
      documentId: record.id,
      fields: {
        number: null,
        date: '2022-08-04',
        notes: 'Bản sao có chứng thực',
        persons: [{ name: 'Lò Văn Sáu', role: 'BI_HAI' }],
      },
    });
    expect(ok.status).toBe(201);
    expect(await byFirstButLuc(4)).toMatchObject({
      date: '2022-08-04',
      notes: 'Bản sao có chứng thực',
      persons: [{ name: 'Lò Văn Sáu', role: 'BI_HAI' }],
      edited: expect.arrayContaining(['number', 'date', 'notes', 'persons']),
    });
    const badDate = await edit({
      op: 'editMetadata',
      documentId: record.id,
      fields: { date: '2022-02-30' },
    });
    expect(badDate.status).toBe(400);
    const badRole = await edit({
      op: 'editMetadata',
      documentId: record.id,
      fields: { persons: [{ name: 'Lò Văn Sáu', role: 'NGUOI_NGOAI_HANH_TINH' }] },
    });
    expect([badRole.status, badRole.body.error.code]).toEqual([
      400,
      'structure.unknown_person_role',
    ]);
    expect(badRole.body.error.messages.vi).toMatch(/Tư cách tham gia tố tụng/);
  });

  it('moves a boundary, and an undo puts it back', async () => {
    const decision = await byFirstButLuc(6);
    const moved = await edit({
      op: 'moveBoundary',
      documentId: decision.id,
      toPageId: await pageIdOfButLuc(5),
    });
    expect(moved.status).toBe(201);
    expect(ranges(moved.body.structure).slice(2)).toEqual([
      [4, 4, 'BB_GHI_LOI_KHAI'],
      [5, 7, 'KHAC'],
    ]);
    const outOfRange = await edit({
      op: 'moveBoundary',
      documentId: (await byFirstButLuc(4)).id,
      toPageId: await pageIdOfButLuc(7),
    });
    expect([outOfRange.status, outOfRange.body.error.code]).toEqual([
      400,
      'structure.boundary_out_of_range',
    ]);
    const undone = await call(
      'DELETE',
      `/api/cases/${caseId}/structure/edits/${moved.body.editId}`,
    );
    expect(undone.status).toBe(200);
    expect(ranges(undone.body.structure).slice(2)).toEqual([
      [4, 5, 'BB_GHI_LOI_KHAI'],
      [6, 7, 'QD_TRUNG_CAU_GIAM_DINH'],
    ]);
    // The record keeps the metadata set on it before the move.
    expect((await byFirstButLuc(4)).notes).toBe('Bản sao có chứng thực');
    const again = await call('DELETE', `/api/cases/${caseId}/structure/edits/${moved.body.editId}`);
    expect([again.status, again.body.error.code]).toEqual([409, 'structure.edit_already_reverted']);
  });

  it('merges adjacent documents only', async () => {
    const first = await byFirstButLuc(1);
    const photos = await byFirstButLuc(3);
    const record = await byFirstButLuc(4);
    const apart = await edit({ op: 'merge', documentIds: [first.id, record.id] });
    expect([apart.status, apart.body.error.code]).toEqual([
      400,
      'structure.documents_not_adjacent',
    ]);
    const merged = await edit({ op: 'merge', documentIds: [photos.id, first.id] });
    expect(merged.status).toBe(201);
    expect(ranges(merged.body.structure)[0]).toEqual([1, 3, 'QD_PHE_CHUAN_KHOI_TO_BI_CAN']);
  });

  it('reorders the index', async () => {
    const expert = await byFirstButLuc(6);
    const res = await edit({ op: 'reorder', documentId: expert.id, afterDocumentId: null });
    expect(res.status).toBe(201);
    expect(documents(res.body.structure)[0].id).toBe(expert.id);
  });

  it('keeps the edit log with authors, and audits every edit', async () => {
    const { body } = await call('GET', `/api/cases/${caseId}/structure/edits`);
    expect((body.edits as Json[]).map((e) => [e.op, e.revertedAt === null])).toEqual([
      ['split', true],
      ['setType', true],
      ['editMetadata', true],
      ['moveBoundary', false],
      ['merge', true],
      ['reorder', true],
    ]);
    expect(body.edits[0].createdBy.username).toBe('ksv');
    const audit = await server.deps.db
      .selectFrom('audit_events')
      .select('action')
      .where('case_id', '=', caseId)
      .where('action', 'in', ['structure.edited', 'structure.edit_reverted'])
      .execute();
    expect(audit).toHaveLength(7);
  });

  it('answers another unit’s user as if the case did not exist', async () => {
    const doc = await byFirstButLuc(4);
    const read = await call('GET', `/api/cases/${caseId}/structure`, undefined, outsider);
    expect(read.status).toBe(404);
    const write = await edit({ op: 'setType', documentId: doc.id, typeCode: 'KHAC' }, outsider);
    expect([write.status, write.body.error.code]).toEqual([404, 'case.not_found']);
  });
});
