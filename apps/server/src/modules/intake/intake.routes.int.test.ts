import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestServer } from '../app/server.test-utils.ts';

const PASSWORD = 'MatKhau2026';
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- tests read untyped JSON
const read = async (response: Response): Promise<any> => response.json();

describe('PUT /api/cases/{caseId}/volumes/{n}/files', () => {
  let server: Awaited<ReturnType<typeof createTestServer>>;
  let token: string;
  let caseId: string;
  const json = (method: string, path: string, body: unknown, auth?: string) =>
    server.app.request(path, {
      method,
      headers: {
        'content-type': 'application/json',
        ...(auth ? { authorization: `Bearer ${auth}` } : {}),
      },
      body: JSON.stringify(body),
    });

  beforeAll(async () => {
    server = await createTestServer();
    const setup = await read(
      await json('POST', '/api/setup', {
        unit: { code: 'HN', name: 'Hà Nội', level: 'PROVINCIAL' },
        admin: { username: 'admin', fullName: 'Admin', password: PASSWORD },
      }),
    );
    const admin = (
      await read(
        await json('POST', '/api/auth/login', {
          username: 'admin',
          password: PASSWORD,
          bearer: true,
        }),
      )
    ).token;
    await json(
      'POST',
      '/api/users',
      {
        unitId: setup.unit.id,
        username: 'clerk',
        fullName: 'Clerk',
        roles: ['CLERK'],
        password: PASSWORD,
      },
      admin,
    );
    token = (
      await read(
        await json('POST', '/api/auth/login', {
          username: 'clerk',
          password: PASSWORD,
          bearer: true,
        }),
      )
    ).token;
    caseId = (
      await read(await json('POST', '/api/cases', { title: 'Vụ án', kind: 'criminal' }, token))
    ).case.id;
  });
  afterAll(async () => server.close());

  const put = (name: string, body: Uint8Array, auth = token) =>
    server.app.request(`/api/cases/${caseId}/volumes/2/files?name=${encodeURIComponent(name)}`, {
      method: 'PUT',
      headers: { 'content-type': 'application/octet-stream', authorization: `Bearer ${auth}` },
      body,
    });

  it('streams bodies far over the JSON limit and reports a bad file by name in both languages', async () => {
    const res = await put('hồ sơ.bin', new Uint8Array(randomBytes(3 * 1024 * 1024)));
    expect(res.status).toBe(200);
    const { results } = await read(res);
    expect(results).toEqual([
      expect.objectContaining({
        status: 'rejected',
        fileName: 'hồ sơ.bin',
        code: 'source.unsupported_type',
      }),
    ]);
    expect(results[0].messages.vi).toMatch(/^hồ sơ\.bin: /);
    expect(results[0].messages.en).toMatch(/^hồ sơ\.bin: /);
  });

  it('creates the volume on first upload and refuses anonymous uploads', async () => {
    const volumes = await read(
      await server.app.request(`/api/cases/${caseId}/volumes`, {
        headers: { authorization: `Bearer ${token}` },
      }),
    );
    expect(volumes.volumes.map((v: { number: number }) => v.number)).toEqual([2]);
    const anonymous = await server.app.request(`/api/cases/${caseId}/volumes/1/files?name=a.pdf`, {
      method: 'PUT',
      body: new Uint8Array(10),
    });
    expect(anonymous.status).toBe(401);
  });
});
