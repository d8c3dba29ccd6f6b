import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestServer } from '../app/server.test-utils.ts';
import { getDbVariants } from '../database/database.test-utils.ts';
import { seedCasePages, seedCourtUsers } from './exhibits.test-utils.ts';

const variants = await getDbVariants();
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- tests read untyped JSON
const read = async (response: Response): Promise<any> => response.json();

const JPEG = new Uint8Array([0xff, 0xd8, 0xff, 0xe0, 0, 16, 0x4a, 0x46, 0x49, 0x46, 0, 1, 1]);

describe.each(variants)('exhibit list over HTTP on %s', (variant) => {
  let server: Awaited<ReturnType<typeof createTestServer>>;
  let tokens: Record<string, string>;
  let caseId: string;
  let pageIds: string[];
  const call = (who: string, method: string, path: string, body?: unknown) =>
    server.app.request(path, {
      method,
      headers: { 'content-type': 'application/json', authorization: `Bearer ${tokens[who]}` },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });

  beforeAll(async () => {
    server = await createTestServer({ variant });
    ({ tokens, caseId } = await seedCourtUsers({
      request: (path, init) => server.app.request(path, init),
    }));
    ({ pageIds } = await seedCasePages({ deps: server.deps, caseId, count: 5 }));
  });
  afterAll(async () => {
    await server?.close();
  });

  it('appends a page, a callout and a side-by-side pair in order, with bút lục', async () => {
    const page = await call('leader', 'POST', `/api/cases/${caseId}/exhibits`, {
      kind: 'page',
      pageId: pageIds[0],
      label: 'Biên bản bắt người phạm tội quả tang',
      notes: 'Nhấn mạnh giờ lập biên bản',
    });
    expect(page.status).toBe(201);
    const region = await call('leader', 'POST', `/api/cases/${caseId}/exhibits`, {
      kind: 'region',
      pageId: pageIds[2],
      rect: { x: 0.1, y: 0.2, w: 0.5, h: 0.1 },
      label: 'Lời khai nhận tội',
    });
    expect(region.status).toBe(201);
    const pair = await call('leader', 'POST', `/api/cases/${caseId}/exhibits`, {
      kind: 'pair',
      pageId: pageIds[1],
      secondPageId: pageIds[3],
      label: 'Hai lời khai mâu thuẫn',
    });
    expect(pair.status).toBe(201);
    const { exhibits } = await read(
      await call('prosecutor', 'GET', `/api/cases/${caseId}/exhibits`),
    );
    expect(exhibits.map((e: { kind: string }) => e.kind)).toEqual(['page', 'region', 'pair']);
    expect(exhibits[0].notes).toBe('Nhấn mạnh giờ lập biên bản');
    expect(exhibits[1].page.butLuc).toBe(3);
    expect(exhibits[1].rect).toEqual({ x: 0.1, y: 0.2, w: 0.5, h: 0.1 });
    expect(exhibits[2].secondPage.butLuc).toBe(4);
  });

  it('reorders only with every item named once, and audits the change', async () => {
    const { exhibits } = await read(await call('leader', 'GET', `/api/cases/${caseId}/exhibits`));
    const ids = exhibits.map((e: { id: string }) => e.id);
    const partial = await call('leader', 'PUT', `/api/cases/${caseId}/exhibits/order`, {
      exhibitIds: ids.slice(0, 2),
    });
    expect(partial.status).toBe(409);
    const reordered = await call('leader', 'PUT', `/api/cases/${caseId}/exhibits/order`, {
      exhibitIds: [ids[2], ids[0], ids[1]],
    });
    expect(reordered.status).toBe(200);
    expect((await read(reordered)).exhibits.map((e: { id: string }) => e.id)).toEqual([
      ids[2],
      ids[0],
      ids[1],
    ]);
    const audited = await server.deps.db
      .selectFrom('audit_events')
      .select('action')
      .where('case_id', '=', caseId)
      .where('action', 'like', 'exhibit.%')
      .execute();
    expect(audited.map((a) => a.action)).toEqual([
      'exhibit.created',
      'exhibit.created',
      'exhibit.created',
      'exhibit.reordered',
    ]);
  });

  it('edits notes and deletes an item', async () => {
    const { exhibits } = await read(await call('leader', 'GET', `/api/cases/${caseId}/exhibits`));
    const edited = await call(
      'leader',
      'PATCH',
      `/api/cases/${caseId}/exhibits/${exhibits[0].id}`,
      {
        notes: 'Ghi chú mới',
      },
    );
    expect((await read(edited)).exhibit.notes).toBe('Ghi chú mới');
    const deleted = await call(
      'leader',
      'DELETE',
      `/api/cases/${caseId}/exhibits/${exhibits[0].id}`,
    );
    expect(deleted.status).toBe(200);
    const after = await read(await call('leader', 'GET', `/api/cases/${caseId}/exhibits`));
    expect(after.exhibits).toHaveLength(2);
  });

  it('stores an image sniffed from its bytes, refuses other files and oversize ones', async () => {
    const upload = (bytes: Uint8Array, fileName: string) =>
      server.app.request(
        `/api/cases/${caseId}/exhibits/media?fileName=${encodeURIComponent(fileName)}&label=Ảnh hiện trường`,
        {
          method: 'POST',
          headers: {
            'content-type': 'application/octet-stream',
            authorization: `Bearer ${tokens.leader}`,
          },
          body: bytes,
        },
      );
    const stored = await upload(JPEG, 'hien-truong.png');
    expect(stored.status).toBe(201);
    const { exhibit } = await read(stored);
    expect(exhibit.media).toMatchObject({ type: 'image', contentType: 'image/jpeg' });
    const media = await call(
      'prosecutor',
      'GET',
      `/api/cases/${caseId}/exhibits/${exhibit.id}/media`,
    );
    expect(media.headers.get('content-type')).toBe('image/jpeg');
    expect(new Uint8Array(await media.arrayBuffer())).toEqual(JPEG);

    const script = await upload(new TextEncoder().encode('<script>alert(1)</script>'), 'x.jpg');
    expect(script.status).toBe(415);
    expect((await read(script)).error.code).toBe('exhibit.media_unsupported');
  });

  it('hides the list from a user of another unit and refuses changes by a non-member', async () => {
    const list = await call('stranger', 'GET', `/api/cases/${caseId}/exhibits`);
    expect(list.status).toBe(404);
    const add = await call('stranger', 'POST', `/api/cases/${caseId}/exhibits`, {
      kind: 'page',
      pageId: pageIds[0],
      label: 'x',
    });
    expect(add.status).toBe(404);
    const foreignPage = await call('leader', 'POST', `/api/cases/${caseId}/exhibits`, {
      kind: 'page',
      pageId: 'pg_doesnotexist0000000',
      label: 'x',
    });
    expect(foreignPage.status).toBe(404);
  });
});
