import { mkdtemp, mkdir, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { brotliCompressSync, gzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestServer } from './server.test-utils.ts';

/** The built web app as the server finds it: index.html, hashed assets with their .br/.gz copies. */
describe('serving the built web app', () => {
  let dir: string;
  let server: Awaited<ReturnType<typeof createTestServer>>;
  const script = `console.log(${JSON.stringify('Hồ sơ vụ án '.repeat(400))});`;

  beforeAll(async () => {
    dir = await mkdtemp(path.join(os.tmpdir(), 'sohoa-web-dist-'));
    await mkdir(path.join(dir, 'assets'));
    await writeFile(path.join(dir, 'index.html'), '<!doctype html><title>sohoa</title>');
    await writeFile(path.join(dir, 'assets', 'index-Ab12Cd.js'), script);
    await writeFile(path.join(dir, 'assets', 'index-Ab12Cd.js.br'), brotliCompressSync(script));
    await writeFile(path.join(dir, 'assets', 'index-Ab12Cd.js.gz'), gzipSync(script));
    server = await createTestServer({ settings: { webDistDir: dir } });
  });
  afterAll(async () => {
    await server.close();
    await rm(dir, { recursive: true, force: true });
  });

  it('sends the precompressed copy the browser accepts, cached for good under assets/', async () => {
    const br = await server.app.request('/assets/index-Ab12Cd.js', {
      headers: { 'accept-encoding': 'gzip, deflate, br' },
    });
    expect(br.status).toBe(200);
    expect(br.headers.get('content-encoding')).toBe('br');
    expect(br.headers.get('content-type')).toMatch(/javascript/);
    expect(br.headers.get('cache-control')).toBe('public, max-age=31536000, immutable');
    const brBytes = Buffer.from(await br.arrayBuffer());
    expect(brBytes.length).toBeLessThan(Buffer.byteLength(script) / 5);

    const gz = await server.app.request('/assets/index-Ab12Cd.js', {
      headers: { 'accept-encoding': 'gzip' },
    });
    expect(gz.headers.get('content-encoding')).toBe('gzip');

    const plain = await server.app.request('/assets/index-Ab12Cd.js');
    expect(plain.headers.get('content-encoding')).toBeNull();
    expect(await plain.text()).toBe(script);
  });

  it('answers an asset of another build with 404, not with the app (which would be kept for good)', async () => {
    const gone = await server.app.request('/assets/index-Old999.js');
    expect(gone.status).toBe(404);
    expect(gone.headers.get('cache-control') ?? '').not.toMatch(/immutable/);
  });

  it('answers client routes with index.html, revalidated each time', async () => {
    const page = await server.app.request('/cases/case_x/view');
    expect(page.status).toBe(200);
    expect(await page.text()).toContain('<title>sohoa</title>');
    expect(page.headers.get('cache-control')).toBe('no-cache');
  });
});
