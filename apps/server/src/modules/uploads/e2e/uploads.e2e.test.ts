import { readdir } from 'node:fs/promises';
import path from 'node:path';
import * as tus from 'tus-js-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createRequester } from '../../app/e2e/api.test-utils.ts';
import { getDbVariants } from '../../database/database.test-utils.ts';
import { fakePdf } from '../../hot-folder/hot-folder.test-utils.ts';
import { createUploadsTestServer, listen } from '../uploads.test-utils.ts';

/*
 * Resumable uploads through the whole server: tus-js-client (the client the CLI uses) over a real
 * socket for chunking and resuming, raw tus requests through `app.request()` for the refusals.
 */
const variants = await getDbVariants();
const PASSWORD = 'MatKhau2026';
const CHUNK = 64 * 1024;

const encodeMetadata = (metadata: Record<string, string>) =>
  Object.entries(metadata)
    .map(([k, v]) => `${k} ${Buffer.from(v).toString('base64')}`)
    .join(',');

/** A "PDF" of `size` bytes, distinct per label. */
const pdfOf = (label: string, size: number) => {
  const head = fakePdf(label);
  return Buffer.concat([head, Buffer.alloc(size - head.length, 0x20)]);
};

describe.each(variants)('resumable uploads on %s', (variant) => {
  let server: Awaited<ReturnType<typeof createUploadsTestServer>>;
  let call: ReturnType<typeof createRequester>;
  const sessions: Record<string, { token: string; csrf: string }> = {};
  let caseId: string;
  let otherUnitCaseId: string;

  beforeAll(async () => {
    server = await createUploadsTestServer({ variant });
    call = createRequester(server.app);
    const setup = await call('POST', '/api/setup', {
      body: {
        unit: { code: 'HN', name: 'VKSND TP Hà Nội', level: 'PROVINCIAL' },
        admin: { username: 'admin', fullName: 'Quản trị viên', password: PASSWORD },
      },
    });
    const rootUnitId: string = setup.json.unit.id;
    const login = async (username: string) => {
      const res = await call('POST', '/api/auth/login', {
        body: { username, password: PASSWORD, bearer: true },
      });
      sessions[username] = { token: res.json.token, csrf: res.json.csrfToken };
      return res.json.token as string;
    };
    const admin = await login('admin');
    const region = await call('POST', '/api/units', {
      token: admin,
      body: { code: 'HN-KV1', name: 'VKSND khu vực 1', level: 'REGIONAL', parentId: rootUnitId },
    });
    const users: Array<[string, string, string]> = [
      ['clerk', rootUnitId, 'CLERK'],
      ['steering', rootUnitId, 'STEERING'],
      ['region-clerk', region.json.unit.id, 'CLERK'],
    ];
    for (const [username, unitId, role] of users) {
      await call('POST', '/api/users', {
        token: admin,
        body: { unitId, username, fullName: username, roles: [role], password: PASSWORD },
      });
      await login(username);
    }
    const created = await call('POST', '/api/cases', {
      token: sessions.clerk!.token,
      body: { title: 'Vụ trộm cắp tài sản', kind: 'criminal', internalNumber: '12/2024/HS' },
    });
    caseId = created.json.case.id;
    const other = await call('POST', '/api/cases', {
      token: sessions['region-clerk']!.token,
      body: { title: 'Vụ án khu vực 1', kind: 'criminal' },
    });
    otherUnitCaseId = other.json.case.id;
  });
  afterAll(async () => server.close());

  const sourcesOf = (id: string) =>
    server.deps.db
      .selectFrom('source_files')
      .innerJoin('volumes', 'volumes.id', 'source_files.volume_id')
      .select(['source_files.original_name as name', 'volumes.number as volume'])
      .where('source_files.case_id', '=', id)
      .execute();
  const tusFiles = async () => readdir(path.join(server.deps.tempDir, 'tus')).catch(() => []);

  /** Raw tus request through app.request(). */
  const tusRequest = async (
    method: string,
    url: string,
    {
      user,
      headers = {},
      body,
    }: { user?: string; headers?: Record<string, string>; body?: Buffer },
  ) => {
    const auth: Record<string, string> = user
      ? { authorization: `Bearer ${sessions[user]!.token}` }
      : {};
    const res = await server.app.request(url, {
      method,
      headers: { 'tus-resumable': '1.0.0', ...auth, ...headers },
      ...(body ? { body } : {}),
    });
    const text = await res.text();
    let json = null;
    try {
      json = text ? JSON.parse(text) : null;
    } catch {
      // tus protocol answers are plain text
    }
    return { status: res.status, headers: res.headers, json, text };
  };
  const create = (user: string | undefined, metadata: Record<string, string>, length: number) =>
    tusRequest('POST', '/api/uploads', {
      user,
      headers: { 'upload-length': String(length), 'upload-metadata': encodeMetadata(metadata) },
    });

  it('resumes an interrupted upload from its URL with a new client and ingests the file exactly once', async () => {
    const { url, close } = await listen(server.app);
    try {
      const file = pdfOf('resumable', 5 * CHUNK + 1234);
      // A browser session: cookie plus the CSRF header, which tus clients send like any header.
      const headers = {
        cookie: `sohoa_session=${sessions.clerk!.token}`,
        'x-csrf-token': sessions.clerk!.csrf,
      };
      const options = {
        endpoint: `${url}/api/uploads`,
        chunkSize: CHUNK,
        metadata: { filename: 'ho_so_tap_2.pdf', caseId, volume: '2' },
        headers,
        retryDelays: null,
      };

      const first = new tus.Upload(file, options);
      const uploadUrl = await new Promise<string>((resolve, reject) => {
        first.options.onChunkComplete = () => {
          // The link drops after the first chunk.
          void first.abort().then(() => resolve(first.url!));
        };
        first.options.onError = reject;
        first.start();
      });
      expect(uploadUrl).toMatch(new RegExp(`^${url}/api/uploads/[0-9a-f]+$`));
      const head = await fetch(uploadUrl, {
        method: 'HEAD',
        headers: { 'tus-resumable': '1.0.0', ...headers },
      });
      expect(head.headers.get('upload-offset')).toBe(String(CHUNK));
      expect(await sourcesOf(caseId)).toEqual([]);

      const accepted: number[] = [];
      const second = new tus.Upload(file, { ...options, uploadUrl });
      const body = await new Promise<string>((resolve, reject) => {
        second.options.onChunkComplete = (_size, bytesAccepted) => accepted.push(bytesAccepted);
        second.options.onSuccess = ({ lastResponse }) => resolve(lastResponse.getBody());
        second.options.onError = reject;
        second.start();
      });
      // It went on from where the first client stopped.
      expect(accepted[0]).toBe(2 * CHUNK);
      expect(JSON.parse(body)).toEqual({
        results: [
          {
            status: 'accepted',
            fileName: 'ho_so_tap_2.pdf',
            sourceFileId: expect.stringMatching(/^src_/),
            pageCount: 1,
            volumeNumber: 2,
          },
        ],
      });
      expect(await sourcesOf(caseId)).toEqual([{ name: 'ho_so_tap_2.pdf', volume: 2 }]);
      // The parts are gone once ingested: the upload cannot be resumed again.
      expect(await tusFiles()).toEqual([]);
      expect(
        (
          await fetch(uploadUrl, {
            method: 'HEAD',
            headers: { 'tus-resumable': '1.0.0', ...headers },
          })
        ).status,
      ).toBe(404);
    } finally {
      await close();
    }
  });

  it('answers the intake results in the final PATCH, and a file sent again is a duplicate', async () => {
    const file = pdfOf('twice', 3000);
    const upload = async () => {
      const created = await create('clerk', { filename: 'lan.pdf', caseId }, file.length);
      expect(created.status).toBe(201);
      return tusRequest('PATCH', created.headers.get('location')!, {
        user: 'clerk',
        headers: { 'upload-offset': '0', 'content-type': 'application/offset+octet-stream' },
        body: file,
      });
    };
    const first = await upload();
    expect(first.status).toBe(200);
    expect(first.headers.get('content-type')).toMatch(/^application\/json/);
    expect(first.json.results).toMatchObject([{ status: 'accepted', volumeNumber: 1 }]);
    const again = await upload();
    expect(again.json.results).toMatchObject([
      { status: 'duplicate', sourceFileId: first.json.results[0].sourceFileId },
    ]);
    const rejected = await create('clerk', { filename: 'a.txt', caseId }, 5);
    const patched = await tusRequest('PATCH', rejected.headers.get('location')!, {
      user: 'clerk',
      headers: { 'upload-offset': '0', 'content-type': 'application/offset+octet-stream' },
      body: Buffer.from('hello'),
    });
    expect(patched.json.results).toMatchObject([
      { status: 'rejected', code: 'source.unsupported_type' },
    ]);
    expect(await tusFiles()).toEqual([]);
  });

  it('refuses uploads without a session, and cookie sessions without the CSRF header', async () => {
    const anonymous = await create(undefined, { filename: 'a.pdf', caseId }, 10);
    expect(anonymous.status).toBe(401);
    expect(anonymous.json.error.code).toBe('auth.required');
    const noCsrf = await tusRequest('POST', '/api/uploads', {
      headers: {
        cookie: `sohoa_session=${sessions.clerk!.token}`,
        'upload-length': '10',
        'upload-metadata': encodeMetadata({ filename: 'a.pdf', caseId }),
      },
    });
    expect(noCsrf.status).toBe(403);
    expect(noCsrf.json.error.code).toBe('auth.csrf_failed');
    expect(await tusFiles()).toEqual([]);
  });

  it('refuses, before storing anything, a case of another unit, a case without the import right and bad metadata', async () => {
    const otherUnit = await create('clerk', { filename: 'a.pdf', caseId: otherUnitCaseId }, 10);
    expect(otherUnit.status).toBe(404);
    expect(otherUnit.json.error).toMatchObject({
      code: 'case.not_found',
      message: 'Không tìm thấy hồ sơ vụ án.',
    });
    const readOnly = await create('steering', { filename: 'a.pdf', caseId }, 10);
    expect(readOnly.status).toBe(403);
    expect(readOnly.json.error.code).toBe('access.forbidden');
    const noName = await create('clerk', { caseId, volume: '0' }, 10);
    expect(noName.status).toBe(400);
    expect(noName.json.error.code).toBe('request.invalid');
    const tooLarge = await create('clerk', { filename: 'a.pdf', caseId }, 1024 ** 4);
    expect(tooLarge.status).toBe(413);
    expect(await tusFiles()).toEqual([]);
  });

  it("does not let anyone else see, resume or delete a user's upload", async () => {
    const created = await create('clerk', { filename: 'rieng.pdf', caseId }, 100);
    const location = created.headers.get('location')!;
    for (const method of ['HEAD', 'DELETE']) {
      expect((await tusRequest(method, location, { user: 'steering' })).status).toBe(404);
    }
    const patch = await tusRequest('PATCH', location, {
      user: 'steering',
      headers: { 'upload-offset': '0', 'content-type': 'application/offset+octet-stream' },
      body: pdfOf('foreign', 100),
    });
    expect(patch.status).toBe(404);
    const own = await tusRequest('HEAD', location, { user: 'clerk' });
    expect(own.status).toBe(200);
    expect(own.headers.get('upload-offset')).toBe('0');
    expect((await tusRequest('DELETE', location, { user: 'clerk' })).status).toBe(204);
    expect(await tusFiles()).toEqual([]);
  });
});
