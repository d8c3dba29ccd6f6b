import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestJobRunner, createTestServer } from '../app/server.test-utils.ts';
import { createScriptedPageProcessor } from '../pipeline/scripted-page-processor.test-utils.ts';
import { readPackageManifest, rewritePackage } from './transfer.test-utils.ts';

/* The HTTP side of the transfer package: a streamed download, an upload with its limit and codes. */
const PASSWORD = 'MatKhau2026';
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- tests read untyped JSON
type Json = any;

describe('GET /api/cases/{caseId}/package.zip and POST /api/packages', () => {
  let server: Awaited<ReturnType<typeof createTestServer>>;
  let token: string;
  let unitId: string;
  let caseId: string;
  let dir: string;
  const call = async (method: string, url: string, body?: unknown, auth = token) => {
    const res = await server.app.request(url, {
      method,
      headers: {
        ...(auth ? { authorization: `Bearer ${auth}` } : {}),
        ...(body === undefined ? {} : { 'content-type': 'application/json' }),
      },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });
    return { status: res.status, body: (await res.json()) as Json };
  };
  const upload = async (bytes: Uint8Array, unit = unitId) => {
    const res = await server.app.request(`/api/packages?unitId=${unit}`, {
      method: 'POST',
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/octet-stream' },
      body: bytes,
    });
    return { status: res.status, body: (await res.json()) as Json };
  };

  beforeAll(async () => {
    dir = await mkdtemp(path.join(os.tmpdir(), 'sohoa-transfer-http-'));
    server = await createTestServer({ pageProcessor: createScriptedPageProcessor() });
    const setup = (
      await call(
        'POST',
        '/api/setup',
        {
          unit: { code: 'HN', name: 'Hà Nội', level: 'PROVINCIAL' },
          admin: { username: 'admin', fullName: 'Admin', password: PASSWORD },
        },
        '',
      )
    ).body;
    unitId = setup.unit.id as string;
    const login = async (username: string) =>
      (await call('POST', '/api/auth/login', { username, password: PASSWORD, bearer: true }, ''))
        .body.token as string;
    const admin = await login('admin');
    await call(
      'POST',
      '/api/users',
      { unitId, username: 'clerk', fullName: 'Clerk', roles: ['CLERK'], password: PASSWORD },
      admin,
    );
    token = await login('clerk');
    caseId = (await call('POST', '/api/cases', { title: 'Vụ án', kind: 'criminal' })).body.case.id;
    const runner = createTestJobRunner({ deps: server.deps });
    await runner.start();
    await server.app.request(`/api/cases/${caseId}/volumes/1/files?name=tap.pdf`, {
      method: 'PUT',
      headers: { authorization: `Bearer ${token}` },
      body: JSON.stringify([
        { text: 'QUYẾT ĐỊNH\nKHỞI TỐ VỤ ÁN HÌNH SỰ', butLuc: 1 },
        { text: 'Điều 2.', butLuc: 2 },
      ]),
    });
    for (;;) {
      if ((await call('GET', `/api/cases/${caseId}/progress`)).body.progress.finished) {
        break;
      }
      await new Promise((r) => setTimeout(r, 50));
    }
    await runner.stop();
  }, 180_000); // databases and a pipeline run: slow on a busy machine
  afterAll(async () => {
    await server?.close();
    await rm(dir, { recursive: true, force: true });
  });

  it('streams the package as a ZIP attachment that reads back as this case', async () => {
    const res = await server.app.request(`/api/cases/${caseId}/package.zip`, {
      headers: { authorization: `Bearer ${token}` },
    });
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('application/zip');
    expect(res.headers.get('content-disposition')).toBe(
      `attachment; filename="${caseId}.sohoa.zip"`,
    );
    const zipPath = path.join(dir, 'case.zip');
    await writeFile(zipPath, Buffer.from(await res.arrayBuffer()));
    const manifest = await readPackageManifest(zipPath);
    expect(manifest.case.id).toBe(caseId);
    expect(manifest.pages.count).toBe(2);
    // The case file PDF/A and the index travel with the data.
    const extras = (manifest.entries as Array<{ name: string; kind: string }>).filter(
      (e) => e.kind === 'extra',
    );
    expect(extras.map((e) => e.name).sort()).toEqual(['ho-so.pdf', 'muc-luc.docx', 'muc-luc.xlsx']);
  });

  it('answers refusals with their code, status and the entry at fault', async () => {
    const zipPath = path.join(dir, 'case.zip');
    const bytes = await readFile(zipPath);
    expect(await upload(bytes)).toMatchObject({
      status: 409,
      body: { error: { code: 'package.case_exists' } },
    });
    const edited = path.join(dir, 'edited.zip');
    await rewritePackage({
      from: zipPath,
      to: edited,
      edit: (name, b) =>
        name === 'manifest.json' ? Buffer.from(b.toString('utf8').replace('Vụ án', 'Vụ khác')) : b,
    });
    expect(await upload(await readFile(edited))).toMatchObject({
      status: 422,
      body: {
        error: {
          code: 'package.manifest_tampered',
          issues: [{ path: 'manifest.json' }],
        },
      },
    });
    expect(await upload(new TextEncoder().encode('not a zip at all'))).toMatchObject({
      status: 400,
      body: { error: { code: 'package.corrupt' } },
    });
    expect(await upload(bytes, 'unit_khongco0000000000')).toMatchObject({
      status: 404,
      body: { error: { code: 'unit.not_found' } },
    });
    server.deps.maxPackageBytes = 1000;
    try {
      expect(await upload(bytes)).toMatchObject({
        status: 413,
        body: { error: { code: 'package.too_large' } },
      });
    } finally {
      delete server.deps.maxPackageBytes;
    }
    const missing = await server.app.request('/api/cases/case_khongco0000000000/package.zip', {
      headers: { authorization: `Bearer ${token}` },
    });
    expect(missing.status).toBe(404);
  });
});
