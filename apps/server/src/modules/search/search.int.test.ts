import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { caseListScope } from '../access/access.policy.ts';
import type { Actor } from '../access/access.types.ts';
import { createTestJobRunner, createTestServer } from '../app/server.test-utils.ts';
import { getDbVariants } from '../database/database.test-utils.ts';
import {
  createScriptedPageProcessor,
  ingestScriptedCase,
  type ScriptedPage,
} from '../pipeline/scripted-page-processor.test-utils.ts';
import { seedCaseDocuments } from '../timeline/timeline.test-utils.ts';

const PASSWORD = 'MatKhau2026';
const variants = await getDbVariants();
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- tests read untyped JSON
const read = async (response: Response): Promise<any> => response.json();

/** Case A: one page per spelling the search must (or must not) find. */
const CASE_A: ScriptedPage[] = [
  { text: 'Thẩm phán Nguyễn Văn Đông chủ tọa phiên tòa.', butLuc: 1 },
  { text: 'Ban sao khong dau: tham phan nguyen van dong da ky.', butLuc: 2 },
  { text: 'Thân phận của bị can đã được xác định rõ.', butLuc: 3 },
  { text: 'Thầm phản Lê Thị Hoa (OCR đọc sai dấu).', butLuc: 4 },
  { text: 'Tharn phán Trần Đức Long (OCR đọc rn thay m).', butLuc: 5 },
  { text: 'Đội điều tra đã lập biên bản hiện trường.', butLuc: 6 },
];
/** Case B: a conclusion of investigation naming Phạm Hùng, dated 5 March 2024. */
const CASE_B: ScriptedPage[] = [
  { text: 'Trang bìa hồ sơ.', butLuc: 1 },
  { text: 'KẾT LUẬN ĐIỀU TRA. Thẩm phán Phạm Hùng được phân công.', butLuc: 2 },
];

/** Case P: phrases whose words appear in other orders, without marks, or not adjacent. */
const CASE_P: ScriptedPage[] = [
  { text: 'Quyết định khởi tố bị can\nĐỗ Văn Đức.', butLuc: 1 },
  { text: 'Quyet dinh khoi to bi can Do Van Duc.', butLuc: 2 },
  { text: 'Bị can khởi tố quyết định.', butLuc: 3 },
  { text: 'Quyết định này; khởi tố vụ án; bị can là Đức Văn.', butLuc: 4 },
  { text: 'Viện kiểm sát nhân dân, kiểm sát viên.', butLuc: 5 },
];

type Hit = { pageId: string; butLuc: number; case: { id: string }; exactWords: boolean };

describe.each(variants)('page search over HTTP on %s', (variant) => {
  let server: Awaited<ReturnType<typeof createTestServer>>;
  let runner: ReturnType<typeof createTestJobRunner>;
  let clerk: string;
  let stranger: string;
  let caseA: string;
  let caseB: string;
  let caseK: string;
  let unitId: string;
  const call = (path: string, auth = clerk) =>
    server.app.request(path, { headers: { authorization: `Bearer ${auth}` } });
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
  const actorOf = async (token: string): Promise<Actor> => {
    const me = await read(await call('/api/auth/me', token));
    return {
      userId: me.user.id,
      username: me.user.username,
      unitId: me.user.unitId,
      roles: me.user.roles,
    };
  };
  const search = async (params: Record<string, string>, auth = clerk) => {
    const res = await call(`/api/search?${new URLSearchParams(params).toString()}`, auth);
    expect(res.status).toBe(200);
    return read(res);
  };
  const butLucs = (hits: Hit[], caseId: string) =>
    hits
      .filter((h) => h.case.id === caseId)
      .map((h) => h.butLuc)
      .sort((a, b) => a - b);

  beforeAll(async () => {
    server = await createTestServer({
      variant,
      pageProcessor: createScriptedPageProcessor({ structure: 'none' }),
    });
    runner = createTestJobRunner({ deps: server.deps });
    await runner.start();
    const post = (path: string, body: unknown, auth?: string) =>
      server.app.request(path, {
        method: 'POST',
        headers: {
          'content-type': 'application/json',
          ...(auth ? { authorization: `Bearer ${auth}` } : {}),
        },
        body: JSON.stringify(body),
      });
    const setup = await read(
      await post('/api/setup', {
        unit: { code: 'HN', name: 'Hà Nội', level: 'PROVINCIAL' },
        admin: { username: 'admin', fullName: 'Admin', password: PASSWORD },
      }),
    );
    unitId = setup.unit.id;
    const admin = await login('admin');
    const other = await read(
      await post(
        '/api/units',
        { code: 'KV1', name: 'Khu vực 1', level: 'REGIONAL', parentId: unitId },
        admin,
      ),
    );
    for (const [username, unit] of [
      ['clerk', unitId],
      ['stranger', other.unit.id],
    ]) {
      const created = await post(
        '/api/users',
        { unitId: unit, username, fullName: username, roles: ['CLERK'], password: PASSWORD },
        admin,
      );
      expect(created.status).toBe(201);
    }
    clerk = await login('clerk');
    stranger = await login('stranger');
    const deps = server.deps;
    const clerkActor = await actorOf(clerk);
    caseA = (await ingestScriptedCase({ deps, actor: clerkActor, volumes: [CASE_A] })).caseId;
    caseB = (
      await ingestScriptedCase({
        deps,
        actor: clerkActor,
        volumes: [CASE_B],
        kind: 'civil',
        title: 'Vụ án B',
      })
    ).caseId;
    caseK = (
      await ingestScriptedCase({
        deps,
        actor: await actorOf(stranger),
        volumes: [[{ text: 'Thẩm phán khu vực một.', butLuc: 1 }]],
        title: 'Vụ án khu vực',
      })
    ).caseId;
    const volume = await deps.db
      .selectFrom('volumes')
      .select('id')
      .where('case_id', '=', caseB)
      .executeTakeFirstOrThrow();
    await seedCaseDocuments({
      db: deps.db,
      caseId: caseB,
      volumeId: volume.id,
      documents: [
        { typeCode: 'BIA_HO_SO', date: null, firstSeq: 1, lastSeq: 1 },
        { typeCode: 'KET_LUAN_DIEU_TRA', date: '2024-03-05', firstSeq: 2, lastSeq: 2 },
      ],
    });
    const doc = await deps.db
      .selectFrom('documents')
      .select('id')
      .where('case_id', '=', caseB)
      .where('type_code', '=', 'KET_LUAN_DIEU_TRA')
      .executeTakeFirstOrThrow();
    await deps.db
      .insertInto('document_persons')
      .values({ document_id: doc.id, position: 0, full_name: 'Phạm Hùng', role_code: 'BI_CAN' })
      .execute();
  }, 120_000);
  afterAll(async () => {
    await runner?.stop();
    await server?.close();
  });

  it('folds diacritics by default: "tham phan" finds "Thẩm phán", the unaccented text and OCR misreadings, not "Thân phận"', async () => {
    const result = await search({ q: 'tham phan' });
    expect(butLucs(result.hits, caseA)).toEqual([1, 2, 4, 5]);
    expect(butLucs(result.hits, caseB)).toEqual([2]);
    expect(result.total).toBe(5);
    expect(result.totalCapped).toBe(false);
    const first = result.hits.find((h: Hit) => h.case.id === caseA && h.butLuc === 1);
    expect(first.snippet).toContainEqual({ text: 'Thẩm phán', hit: true });
  });

  it('folds đ to d both ways', async () => {
    expect(butLucs((await search({ q: 'doi dieu tra' })).hits, caseA)).toEqual([6]);
    expect(butLucs((await search({ q: 'Đông' })).hits, caseA)).toEqual([1, 2]);
  });

  it('tolerates OCR misreadings of letters ("tharn" for "thẩm") and says which variants it used', async () => {
    const result = await search({ q: 'thẩm phán' });
    expect(result.variants).toContain('tharn');
    const five = result.hits.find((h: Hit) => h.butLuc === 5 && h.case.id === caseA);
    expect(five.exactWords).toBe(false);
    expect(
      five.snippet.filter((s: { hit: boolean }) => s.hit).map((s: { text: string }) => s.text),
    ).toEqual(['Tharn phán']);
    expect(result.hits.find((h: Hit) => h.butLuc === 1).exactWords).toBe(true);
  });

  it('exact mode and "quoted phrases" keep the diacritics', async () => {
    const exact = await search({ q: 'thẩm phán', mode: 'exact' });
    expect(butLucs(exact.hits, caseA)).toEqual([1]);
    expect(butLucs(exact.hits, caseB)).toEqual([2]);
    const quoted = await search({ q: '"thẩm phán"' });
    expect(butLucs(quoted.hits, caseA)).toEqual([1]);
    expect(butLucs((await search({ q: '"tham phan"' })).hits, caseA)).toEqual([2]);
    // A phrase needs its words in order and next to each other.
    expect((await search({ q: '"phán thẩm"' })).hits).toEqual([]);
    // Words and a phrase together: all must hold.
    expect(butLucs((await search({ q: '"thẩm phán" đông' })).hits, caseA)).toEqual([1]);
  });

  it('finds a "quoted phrase" only where its words stand together, in order, with their marks', async () => {
    const { caseId } = await ingestScriptedCase({
      deps: server.deps,
      actor: await actorOf(clerk),
      volumes: [CASE_P],
      title: 'Vụ án cụm từ',
    });
    const phrase = async (q: string) =>
      butLucs((await search({ q: `"${q}"`, caseId })).hits, caseId);
    expect(await phrase('khởi tố bị can')).toEqual([1]);
    expect(await phrase('KHỞI TỐ BỊ CAN')).toEqual([1]);
    // Page 2 holds the same folded word pairs; the marks still decide, đ/d included.
    expect(await phrase('khoi to bi can')).toEqual([2]);
    expect(await phrase('Đỗ Văn Đức')).toEqual([1]);
    expect(await phrase('do van duc')).toEqual([2]);
    expect(await phrase('Đỗ Văn Duc')).toEqual([]);
    expect(await phrase('Do Văn Đức')).toEqual([]);
    // Same words, another order or not adjacent: no hit.
    expect(await phrase('bị can khởi tố')).toEqual([3]);
    expect(await phrase('văn đức')).toEqual([1]);
    expect(await phrase('quyết định bị can')).toEqual([]);
    // Page 5 holds every pair of "viện kiểm sát viên" (viện kiểm, kiểm sát, sát viên), never
    // the four words in a row: the pairs only narrow, the positions decide.
    expect(await phrase('kiểm sát viên')).toEqual([5]);
    expect(await phrase('viện kiểm sát viên')).toEqual([]);
    expect(await phrase('viện kiểm sát nhân dân')).toEqual([5]);
    // Across a line break and punctuation the words are still adjacent, as before.
    expect(await phrase('bị can đỗ')).toEqual([1]);
    // A one-word phrase and a phrase with a plain word.
    expect(await phrase('đức')).toEqual([1, 4]);
    expect(butLucs((await search({ q: '"kiểm sát viên" nhan dan', caseId })).hits, caseId)).toEqual(
      [5],
    );
    expect((await search({ q: '"kiểm sát viên" bi can', caseId })).total).toBe(0);
  });

  it('stores the adjacent folded word pairs of every page, from the same words as the exact vector', async () => {
    const { rows } = await sql<{ pairs: string }>`
      SELECT search_pairs::text AS pairs FROM pages
      WHERE case_id = ${caseA} AND but_luc = 1`.execute(server.deps.db);
    expect(rows[0]?.pairs).toBe(
      "'chu_toa' 'dong_chu' 'nguyen_van' 'phan_nguyen' 'phien_toa' 'tham_phan' 'toa_phien' 'van_dong'",
    );
    const stale = await sql<{ n: number }>`
      SELECT count(*)::int AS n FROM pages
      WHERE search_pairs IS DISTINCT FROM f_word_pairs(to_tsvector('simple', coalesce(ocr_text, '')))`.execute(
      server.deps.db,
    );
    expect(stale.rows[0]?.n).toBe(0);
  });

  it('nobody sees hits in a case they may not read', async () => {
    const clerkHits = (await search({ q: 'thẩm phán' })).hits as Hit[];
    expect(clerkHits.some((h) => h.case.id === caseK)).toBe(false);
    const strangerHits = (await search({ q: 'thẩm phán' }, stranger)).hits as Hit[];
    expect(strangerHits.map((h) => h.case.id)).toEqual([caseK]);
    // Naming the case explicitly changes nothing.
    expect((await search({ q: 'thẩm phán', caseId: caseA }, stranger)).hits).toEqual([]);
    const inCase = await call(`/api/cases/${caseA}/search?q=tham`, stranger);
    expect(inCase.status).toBe(404);
  });

  it('filters by case, kind, unit, document type, date range and person', async () => {
    const q = 'tham phan';
    expect(butLucs((await search({ q, caseId: caseB })).hits, caseB)).toEqual([2]);
    expect((await search({ q, caseId: caseB })).total).toBe(1);
    expect((await search({ q, kind: 'civil' })).total).toBe(1);
    expect((await search({ q, kind: 'criminal' })).total).toBe(4);
    expect((await search({ q, unitId })).total).toBe(5);
    const typed = await search({ q, documentType: 'KET_LUAN_DIEU_TRA' });
    expect(typed.hits).toHaveLength(1);
    expect(typed.hits[0].document).toMatchObject({
      typeCode: 'KET_LUAN_DIEU_TRA',
      issuedOn: '2024-03-05',
    });
    expect((await search({ q, dateFrom: '2024-03-01', dateTo: '2024-03-31' })).total).toBe(1);
    expect((await search({ q, dateFrom: '2024-03-06' })).total).toBe(0);
    expect((await search({ q, person: 'pham hung' })).total).toBe(1);
    expect((await search({ q, person: 'Nguyễn Ai' })).total).toBe(0);
  });

  it('document filters follow every change to the structure, whoever writes it', async () => {
    const q = 'tham phan';
    const db = server.deps.db;
    const docs = await db
      .selectFrom('documents')
      .select(['id', 'type_code', 'first_seq', 'last_seq'])
      .where('case_id', '=', caseB)
      .orderBy('first_seq')
      .execute();
    const [cover, conclusion] = docs;
    try {
      // Retype and redate the conclusion: the filters see the new values at once.
      await db
        .updateTable('documents')
        .set({ type_code: 'CAO_TRANG', issued_on: '2024-04-01' })
        .where('id', '=', conclusion!.id)
        .execute();
      expect((await search({ q, documentType: 'KET_LUAN_DIEU_TRA' })).total).toBe(0);
      expect((await search({ q, documentType: 'CAO_TRANG' })).total).toBe(1);
      expect((await search({ q, dateFrom: '2024-04-01', dateTo: '2024-04-01' })).total).toBe(1);
      // Move the boundary: the cover now spans both pages, the conclusion none.
      await db.deleteFrom('documents').where('id', '=', conclusion!.id).execute();
      await db.updateTable('documents').set({ last_seq: 2 }).where('id', '=', cover!.id).execute();
      expect((await search({ q, documentType: 'CAO_TRANG' })).total).toBe(0);
      expect((await search({ q, documentType: 'BIA_HO_SO' })).total).toBe(1);
      expect((await search({ q, person: 'pham hung' })).total).toBe(0);
      const hit = (await search({ q, caseId: caseB })).hits[0];
      expect(hit.document).toMatchObject({ typeCode: 'BIA_HO_SO' });
    } finally {
      await db.updateTable('documents').set({ last_seq: 1 }).where('id', '=', cover!.id).execute();
      await db
        .insertInto('documents')
        .values({
          ...(await db
            .selectFrom('documents')
            .select(['case_id', 'volume_id'])
            .where('id', '=', cover!.id)
            .executeTakeFirstOrThrow()),
          position: 1,
          id: conclusion!.id,
          type_code: conclusion!.type_code,
          first_seq: 2,
          last_seq: 2,
          issued_on: '2024-03-05',
        })
        .execute();
      await db
        .insertInto('document_persons')
        .values({
          document_id: conclusion!.id,
          position: 0,
          full_name: 'Phạm Hùng',
          role_code: 'BI_CAN',
        })
        .execute();
    }
    expect((await search({ q, documentType: 'KET_LUAN_DIEU_TRA' })).total).toBe(1);
    expect((await search({ q, person: 'pham hung' })).total).toBe(1);
  });

  it('pages through the hits with a cursor, without repeats', async () => {
    const first = await search({ q: 'tham phan', limit: '2' });
    expect(first.hits).toHaveLength(2);
    expect(first.nextCursor).toEqual(expect.any(String));
    const second = await search({ q: 'tham phan', limit: '2', cursor: first.nextCursor });
    const third = await search({ q: 'tham phan', limit: '2', cursor: second.nextCursor });
    expect(third.nextCursor).toBeNull();
    const ids = [...first.hits, ...second.hits, ...third.hits].map((h: Hit) => h.pageId);
    expect(new Set(ids).size).toBe(5);
    const bad = await call('/api/search?q=x&cursor=nonsense');
    expect(bad.status).toBe(400);
  });

  it('estimates the matches from the planner, and still counts exactly when the batch is full', async () => {
    const { estimate } = await server.deps.searchRepository.estimatePages({
      filter: {
        scope: { ...caseListScope({ actor: await actorOf(clerk) }), descendantUnitIds: [] },
      },
      queries: { folded: "'tham' & 'phan'", foldedStrict: null, exact: null, pairs: null },
    });
    expect(estimate).toBeGreaterThan(0);
    // 5 hits, batches of 2: the total is not the batch size but a count (the estimate is small).
    const first = await search({ q: 'tham phan', limit: '2' });
    expect(first).toMatchObject({ total: 5, totalCapped: false });
    const last = await search({ q: 'tham phan', limit: '2', cursor: first.nextCursor });
    expect(last).toMatchObject({ total: 5, totalCapped: false });
  });

  it('indexes each text vector with the page type and case in one GIN index on PostgreSQL (migration 0023)', async () => {
    // What makes "words in this type of document" one index scan, and lets a search walk the
    // visible cases asking the index case by case (plans measured on 1,000,000 pages; on a few
    // test pages the planner rightly prefers other paths, so the definition is what is checked).
    const { rows } = await sql<{ indexname: string; indexdef: string }>`
      SELECT indexname, indexdef FROM pg_indexes
      WHERE tablename = 'pages' AND indexdef LIKE '%USING gin%' ORDER BY indexname`.execute(
      server.deps.db,
    );
    // PostgreSQL only: the embedded PGlite keeps the vector-only indexes (see the migration).
    const expected =
      variant === 'postgres'
        ? [
            ['pages_search_exact_type_case_idx', '(search_exact, doc_type_code, case_id)'],
            ['pages_search_folded_type_case_idx', '(search_folded, doc_type_code, case_id)'],
            ['pages_search_pairs_idx', '(search_pairs)'],
          ]
        : [
            ['pages_search_exact_idx', '(search_exact)'],
            ['pages_search_folded_idx', '(search_folded)'],
            ['pages_search_pairs_idx', '(search_pairs)'],
          ];
    expect(rows.map((r) => [r.indexname, r.indexdef.replace(/^.* USING gin /, '')])).toEqual(
      expected,
    );
  });

  it('keeps the index current when a page is read again, and gives word boxes within a case', async () => {
    const page = await server.deps.db
      .selectFrom('pages')
      .select(['id', 'upright_width_px', 'upright_height_px'])
      .where('case_id', '=', caseA)
      .where('but_luc', '=', 6)
      .executeTakeFirstOrThrow();
    const words = [
      { text: 'Biên', confidence: 90, box: [0.1, 0.2, 0.2, 0.25] },
      { text: 'bản', confidence: 90, box: [0.22, 0.2, 0.3, 0.25] },
      { text: 'khám', confidence: 90, box: [0.32, 0.2, 0.42, 0.25] },
      { text: 'nghiệm,', confidence: 90, box: [0.44, 0.2, 0.6, 0.25] },
    ];
    // The pipeline's own write (saveAnalysis after a reprocess) goes through the same trigger.
    await server.deps.db
      .updateTable('pages')
      .set({ ocr_text: 'Biên bản khám nghiệm, hiện trường.', ocr_words: JSON.stringify(words) })
      .where('id', '=', page.id)
      .execute();
    expect((await search({ q: 'doi dieu tra' })).hits).toEqual([]);
    const res = await call(`/api/cases/${caseA}/search?q=kham%20nghiem`);
    expect(res.status).toBe(200);
    const result = await read(res);
    expect(result.hits).toHaveLength(1);
    const w = page.upright_width_px!;
    const h = page.upright_height_px!;
    expect(result.hits[0]).toMatchObject({
      pageId: page.id,
      uprightWidthPx: w,
      uprightHeightPx: h,
    });
    expect(result.hits[0].boxes).toEqual([
      expect.objectContaining({ text: 'khám', x: Math.round(0.32 * w * 10) / 10 }),
      expect.objectContaining({ text: 'nghiệm,', y: Math.round(0.2 * h * 10) / 10 }),
    ]);
    // New words join the vocabulary used for OCR variants.
    const terms = await sql<{
      term: string;
    }>`SELECT term FROM search_terms WHERE term = 'nghiem'`.execute(server.deps.db);
    expect(terms.rows).toHaveLength(1);
  });

  it('audits a search within a case as a read of that case, with the query', async () => {
    await call(`/api/cases/${caseB}/search?q=${encodeURIComponent('phạm hùng')}`);
    const events = await server.deps.db
      .selectFrom('audit_events')
      .select(['action', 'details'])
      .where('case_id', '=', caseB)
      .where('action', '=', 'case.read')
      .execute();
    expect(events.map((e) => e.details)).toContainEqual({
      view: 'search',
      q: 'phạm hùng',
      mode: 'folded',
    });
  });

  it('answers an empty result for a query without words, and rejects an empty one', async () => {
    expect(await search({ q: '!!!' })).toMatchObject({ hits: [], total: 0 });
    expect((await call('/api/search?q=')).status).toBe(400);
  });
});
