import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Actor } from '../access/access.types.ts';
import {
  createTestJobRunner,
  createTestServer,
  seedUnitWithClerk,
} from '../app/server.test-utils.ts';
import type { ServerDependencies } from '../app/server.types.ts';
import type { PageProcessor } from '../pipeline/page-processor.types.ts';
import {
  createScriptedPageProcessor,
  ingestScriptedCase,
} from '../pipeline/scripted-page-processor.test-utils.ts';
import { SYSTEM_CONTEXT } from '../shared/request-context.ts';
import { getPageImage, listPages } from './pages.usecases.ts';

/**
 * Scripted pages whose upright image is a real picture (an 800×1131 SVG, which sharp decodes), so
 * resizing is exercised end to end through the pipeline, the blob store and the route.
 */
function withPictures(inner: PageProcessor): PageProcessor {
  return {
    ...inner,
    async analyzePage(args) {
      const analysis = await inner.analyzePage(args);
      const svg = `<svg xmlns="http://www.w3.org/2000/svg" width="800" height="1131"><rect width="800" height="1131" fill="#fff"/><rect x="80" y="80" width="640" height="40" fill="#000"/></svg>`;
      return {
        ...analysis,
        upright: { bytes: new TextEncoder().encode(svg), widthPx: 800, heightPx: 1131 },
      };
    },
  };
}

describe('page images at a requested width', () => {
  let server: Awaited<ReturnType<typeof createTestServer>>;
  let deps: ServerDependencies;
  let runner: ReturnType<typeof createTestJobRunner>;
  let actor: Actor;
  let caseId: string;
  let pageId: string;

  beforeAll(async () => {
    server = await createTestServer({
      pageProcessor: withPictures(createScriptedPageProcessor({ structure: 'none' })),
    });
    deps = server.deps;
    runner = createTestJobRunner({ deps });
    await runner.start();
    actor = (await seedUnitWithClerk({ deps })).actor;
    ({ caseId } = await ingestScriptedCase({
      deps,
      actor,
      volumes: [[{ text: 'BIÊN BẢN', butLuc: 1 }]],
    }));
    pageId = (await listPages({ actor, caseId, context: SYSTEM_CONTEXT, deps })).pages[0]!.id;
  });
  afterAll(async () => {
    await runner?.stop();
    await server?.close();
  });

  const image = async (
    width: number | undefined,
    size: 'thumb' | 'display' | 'full' = 'display',
  ) => {
    const got = await getPageImage({
      actor,
      caseId,
      pageId,
      size,
      width,
      variant: 'upright',
      context: SYSTEM_CONTEXT,
      deps,
    });
    if (got.notModified) {
      throw new Error('no If-None-Match was sent, yet the image was "not modified"');
    }
    return got;
  };

  it('resizes to the width asked, keeps the aspect ratio and gives each width its own ETag', async () => {
    const small = await image(96);
    const meta = await sharp(small.bytes).metadata();
    expect(small.contentType).toBe('image/webp');
    expect(meta.format).toBe('webp');
    expect(meta.width).toBe(96);
    expect(meta.height).toBe(Math.round((96 * 1131) / 800));
    const other = await image(300);
    expect((await sharp(other.bytes).metadata()).width).toBe(300);
    expect(other.etag).not.toBe(small.etag);
    // A named size keeps its own ETag too; a width wins over `size=full` (never the whole scan).
    expect((await image(undefined, 'thumb')).etag).not.toBe(small.etag);
    const fromFull = await image(200, 'full');
    expect((await sharp(fromFull.bytes).metadata()).width).toBe(200);
  });

  it('never enlarges beyond the source image', async () => {
    const big = await image(2000);
    expect((await sharp(big.bytes).metadata()).width).toBe(800);
  });

  it('validates the width on the route and answers 304 to a matching ETag', async () => {
    const { token } = await loginClerk();
    const get = (query: string, headers: Record<string, string> = {}) =>
      server.app.request(`/api/cases/${caseId}/pages/${pageId}/image${query}`, {
        headers: { authorization: `Bearer ${token}`, ...headers },
      });
    for (const bad of ['10', '2001', 'abc', '100.5']) {
      expect((await get(`?width=${bad}`)).status).toBe(400);
    }
    const ok = await get('?width=128');
    expect(ok.status).toBe(200);
    expect(ok.headers.get('content-type')).toBe('image/webp');
    const etag = ok.headers.get('etag')!;
    expect(etag).toMatch(/-w128"$/);
    expect(ok.headers.get('cache-control')).toContain('max-age');
    expect((await sharp(Buffer.from(await ok.arrayBuffer())).metadata()).width).toBe(128);
    expect((await get('?width=128', { 'if-none-match': etag })).status).toBe(304);
    expect((await get('?width=129', { 'if-none-match': etag })).status).toBe(200);
  });

  it('resizes a page once per width: the second request (and a 304) is served from the cache', async () => {
    const { token } = await loginClerk();
    const get = (query: string, headers: Record<string, string> = {}) =>
      server.app.request(`/api/cases/${caseId}/pages/${pageId}/image${query}`, {
        headers: { authorization: `Bearer ${token}`, ...headers },
      });
    const before = deps.pageImageCache.stats();
    // The prefetch and the keypress that follows it, at once: one resize for both.
    const [first, second] = await Promise.all([get('?width=640'), get('?width=640')]);
    const third = await get('?width=640');
    const bodies = await Promise.all([first, second, third].map((r) => r.arrayBuffer()));
    expect(bodies.map((b) => Buffer.from(b).equals(Buffer.from(bodies[0]!)))).toEqual([
      true,
      true,
      true,
    ]);
    expect((await sharp(Buffer.from(bodies[0]!)).metadata()).width).toBe(640);
    const etag = third.headers.get('etag')!;
    expect((await get('?width=640', { 'if-none-match': `"other", ${etag}` })).status).toBe(304);
    const after = deps.pageImageCache.stats();
    expect(after.misses - before.misses).toBe(1);
    expect(after.hits - before.hits).toBe(2);
    expect(after.usedBytes).toBeGreaterThan(before.usedBytes);
  });

  it('streams the original scan as stored, with byte ranges (206) and 416 past the end', async () => {
    const { token } = await loginClerk();
    const get = (headers: Record<string, string> = {}) =>
      server.app.request(`/api/cases/${caseId}/pages/${pageId}/image?variant=original&size=full`, {
        headers: { authorization: `Bearer ${token}`, ...headers },
      });
    const { pages } = await listPages({ actor, caseId, context: SYSTEM_CONTEXT, deps });
    const stored = Buffer.from(
      (
        await deps.blobStore.getBytes({
          key: (await deps.pagesRepository.getPage({ pageId })).page!.original_blob_key!,
        })
      ).bytes,
    );
    expect(pages).toHaveLength(1);

    const whole = await get();
    expect(whole.status).toBe(200);
    expect(whole.headers.get('accept-ranges')).toBe('bytes');
    expect(whole.headers.get('content-length')).toBe(String(stored.length));
    expect(Buffer.from(await whole.arrayBuffer()).equals(stored)).toBe(true);

    const part = await get({ range: 'bytes=2-9' });
    expect(part.status).toBe(206);
    expect(part.headers.get('content-range')).toBe(`bytes 2-9/${stored.length}`);
    expect(Buffer.from(await part.arrayBuffer()).equals(stored.subarray(2, 10))).toBe(true);

    const tail = await get({ range: 'bytes=-4' });
    expect(tail.status).toBe(206);
    expect(Buffer.from(await tail.arrayBuffer()).equals(stored.subarray(-4))).toBe(true);

    expect((await get({ range: `bytes=${stored.length}-` })).status).toBe(416);
    expect((await get({ 'if-none-match': whole.headers.get('etag')! })).status).toBe(304);
  });

  /** The seeded clerk has no password: give it one through the repository, then log in. */
  async function loginClerk(): Promise<{ token: string }> {
    const { hashPassword } = await import('../auth/auth.passwords.ts');
    const password = 'matkhau2025clerk';
    await deps.db
      .updateTable('users')
      .set({ password_hash: (await hashPassword({ password, cost: 10 })).hash })
      .where('id', '=', actor.userId)
      .execute();
    const res = await server.app.request('/api/auth/login', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ username: 'clerk', password, bearer: true }),
    });
    expect(res.status).toBe(200);
    return (await res.json()) as { token: string };
  }
});
