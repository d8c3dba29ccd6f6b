import { PAGE_DISPLAY_WIDTH } from '@sohoa/contracts';
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
import { listPages } from './pages.usecases.ts';

/*
 * The display image made with each page: the page job stores it when the processor makes one (the
 * real processor does, from the raster it decoded), the image route serves it as is (no resizing)
 * with a long-lived cache when the URL names the page's image version, and a page processed before
 * (no display image) gets one rendered on its first view and kept.
 */

/** An A4-shaped grey scan at 200 dpi with a bar at `y`: each page's upright image is its own. */
const uprightScan = async (y: number) =>
  new Uint8Array(
    await sharp({
      create: { width: 1654, height: 2339, channels: 3, background: { r: 240, g: 240, b: 240 } },
    })
      .composite([
        {
          input: Buffer.from(
            `<svg xmlns="http://www.w3.org/2000/svg" width="1654" height="2339"><rect x="160" y="${y}" width="1300" height="60" fill="#222"/></svg>`,
          ),
        },
      ])
      .greyscale()
      .jpeg({ quality: 85 })
      .toBuffer(),
  );
/** What the processor hands over as the display image: recognisable bytes (a tiny JPEG). */
const MADE_DISPLAY = new Uint8Array(
  await sharp({ create: { width: 10, height: 14, channels: 3, background: '#808080' } })
    .jpeg()
    .toBuffer(),
);

/** The scripted processor with a real upright scan, making a display image when asked. */
function withDisplay(inner: PageProcessor): PageProcessor & { widthsAsked: Array<number | null> } {
  const widthsAsked: Array<number | null> = [];
  return {
    ...inner,
    widthsAsked,
    async analyzePage(args) {
      const analysis = await inner.analyzePage(args);
      const width = args.options?.displayWidth ?? null;
      widthsAsked.push(width);
      return {
        ...analysis,
        upright: {
          bytes: await uprightScan(200 + 100 * (widthsAsked.length % 20)),
          widthPx: 1654,
          heightPx: 2339,
        },
        display:
          width === null
            ? null
            : { bytes: MADE_DISPLAY, widthPx: 10, heightPx: 14, contentType: 'image/jpeg' },
      };
    },
  };
}

describe('display images made with the page', () => {
  let server: Awaited<ReturnType<typeof createTestServer>>;
  let deps: ServerDependencies;
  let runner: ReturnType<typeof createTestJobRunner>;
  let processor: ReturnType<typeof withDisplay>;
  let actor: Actor;
  let caseId: string;
  let pageIds: string[];
  let token: string;

  beforeAll(async () => {
    processor = withDisplay(createScriptedPageProcessor({ structure: 'none' }));
    server = await createTestServer({ pageProcessor: processor });
    deps = server.deps;
    runner = createTestJobRunner({ deps });
    await runner.start();
    actor = (await seedUnitWithClerk({ deps })).actor;
    ({ caseId } = await ingestScriptedCase({
      deps,
      actor,
      volumes: [
        [
          { text: 'BIÊN BẢN', butLuc: 1 },
          { text: 'Trang hai', butLuc: 2 },
          { text: 'Trang ba', butLuc: 3 },
        ],
      ],
    }));
    pageIds = (await listPages({ actor, caseId, context: SYSTEM_CONTEXT, deps })).pages.map(
      (p) => p.id,
    );
    ({ token } = await loginClerk());
  });
  afterAll(async () => {
    await runner?.stop();
    await server?.close();
  });

  const get = (pageId: string, query: string, headers: Record<string, string> = {}) =>
    server.app.request(`/api/cases/${caseId}/pages/${pageId}/image${query}`, {
      headers: { authorization: `Bearer ${token}`, ...headers },
    });
  const row = async (pageId: string) =>
    (await deps.pagesRepository.getPageImageSources({ pageId })).page!;
  const versionOf = async (pageId: string) =>
    (await listPages({ actor, caseId, context: SYSTEM_CONTEXT, deps })).pages.find(
      (p) => p.id === pageId,
    )!.imageVersion!;

  it('asks the processor for the display width and keeps the image it makes', async () => {
    expect(processor.widthsAsked).toEqual([
      PAGE_DISPLAY_WIDTH,
      PAGE_DISPLAY_WIDTH,
      PAGE_DISPLAY_WIDTH,
    ]);
    const page = await row(pageIds[0]!);
    expect(page.display_width).toBe(PAGE_DISPLAY_WIDTH);
    const { bytes } = await deps.blobStore.getBytes({ key: page.display_blob_key! });
    expect(Buffer.from(bytes).equals(Buffer.from(MADE_DISPLAY))).toBe(true);
  });

  it('serves it as stored, cached for good when the URL names the image version', async () => {
    const pageId = pageIds[0]!;
    const version = await versionOf(pageId);
    expect(version).toMatch(/^[0-9a-f]{24}$/);
    const res = await get(pageId, `?width=${PAGE_DISPLAY_WIDTH}&v=${version}`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('image/jpeg');
    expect(res.headers.get('cache-control')).toBe('private, max-age=31536000, immutable');
    const etag = res.headers.get('etag')!;
    expect(etag).toBe(`"${version}-display"`);
    expect(Buffer.from(await res.arrayBuffer()).equals(Buffer.from(MADE_DISPLAY))).toBe(true);
    // The named size is the same image; without a version (or a stale one) it is revalidated.
    const named = await get(pageId, '?size=display');
    expect(named.headers.get('etag')).toBe(etag);
    expect(named.headers.get('cache-control')).toBe('private, max-age=86400');
    const stale = await get(pageId, `?width=${PAGE_DISPLAY_WIDTH}&v=${'0'.repeat(24)}`);
    expect(stale.headers.get('cache-control')).toBe('private, max-age=86400');
    const notModified = await get(pageId, `?width=${PAGE_DISPLAY_WIDTH}&v=${version}`, {
      'if-none-match': etag,
    });
    expect(notModified.status).toBe(304);
    expect(notModified.headers.get('cache-control')).toContain('immutable');
    // Other widths are still resized on demand, from the upright scan.
    const zoomed = await get(pageId, `?width=1400&v=${version}`);
    expect((await sharp(Buffer.from(await zoomed.arrayBuffer())).metadata()).width).toBe(1400);
    expect((await get(pageId, '?v=not-hex')).status).toBe(400);
  });

  it('renders and keeps the display image of a page processed before display images', async () => {
    const pageId = pageIds[1]!;
    await deps.db
      .updateTable('pages')
      .set({ display_blob_key: null, display_width: null })
      .where('id', '=', pageId)
      .execute();
    const res = await get(pageId, `?width=${PAGE_DISPLAY_WIDTH}`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('image/jpeg');
    const served = Buffer.from(await res.arrayBuffer());
    const meta = await sharp(served).metadata();
    expect([meta.format, meta.width, meta.height]).toEqual([
      'jpeg',
      PAGE_DISPLAY_WIDTH,
      Math.round((PAGE_DISPLAY_WIDTH * 2339) / 1654),
    ]);
    const page = await row(pageId);
    expect(page.display_width).toBe(PAGE_DISPLAY_WIDTH);
    const kept = await deps.blobStore.getBytes({ key: page.display_blob_key! });
    expect(Buffer.from(kept.bytes).equals(served)).toBe(true);
  });

  it('renders again when the kept display image is missing from the blob store', async () => {
    const pageId = pageIds[2]!;
    const missing = `sha256/ab/cd/abcd${'0'.repeat(60)}`;
    await deps.db
      .updateTable('pages')
      .set({ display_blob_key: missing })
      .where('id', '=', pageId)
      .execute();
    const res = await get(pageId, `?width=${PAGE_DISPLAY_WIDTH}`);
    expect(res.status).toBe(200);
    expect((await sharp(Buffer.from(await res.arrayBuffer())).metadata()).width).toBe(
      PAGE_DISPLAY_WIDTH,
    );
    expect((await row(pageId)).display_blob_key).not.toBe(missing);
  });

  it('never records a display image over a page processed again meanwhile', async () => {
    const pageId = pageIds[0]!;
    const before = await row(pageId);
    await deps.pagesRepository.saveDisplayImage({
      pageId,
      uprightBlobKey: `sha256/00/00/${'0'.repeat(64)}`,
      displayBlobKey: `sha256/11/11/${'1'.repeat(64)}`,
      width: PAGE_DISPLAY_WIDTH,
    });
    expect((await row(pageId)).display_blob_key).toBe(before.display_blob_key);
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
