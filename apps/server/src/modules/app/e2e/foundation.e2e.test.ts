import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { getDbVariants } from '../../database/database.test-utils.ts';
import { createTestServer } from '../server.test-utils.ts';
import { createRequester } from './api.test-utils.ts';

/*
 * The foundation as a new user meets it, through HTTP: setup → login → units, users of every role,
 * cases and volumes, with the bad inputs of the issue. Runs on PGlite and on PostgreSQL.
 */
const variants = await getDbVariants();
const PASSWORD = 'MatKhau2026';

describe.each(variants)('foundation API on %s', (variant) => {
  let server: Awaited<ReturnType<typeof createTestServer>>;
  let call: ReturnType<typeof createRequester>;
  let adminToken: string;
  let rootUnitId: string;
  let regionUnitId: string;
  const tokens: Record<string, string> = {};
  const userIds: Record<string, string> = {};

  beforeAll(async () => {
    server = await createTestServer({ variant });
    call = createRequester(server.app);
  });
  afterAll(async () => server.close());

  const login = async (username: string, password = PASSWORD) =>
    call('POST', '/api/auth/login', { body: { username, password, bearer: true } });

  it('starts with a setup step and no account at all', async () => {
    expect((await call('GET', '/api/setup')).json).toEqual({ needsSetup: true });
    expect((await login('admin', 'anything')).json.error.code).toBe('auth.invalid_credentials');
    expect((await call('GET', '/api/cases')).status).toBe(401);
  });

  it('refuses a weak administrator password and creates nothing', async () => {
    const res = await call('POST', '/api/setup', {
      body: {
        unit: { code: 'HN', name: 'VKSND TP Hà Nội', level: 'PROVINCIAL' },
        admin: { username: 'admin', fullName: 'Quản trị viên', password: 'short' },
      },
    });
    expect(res.status).toBe(400);
    expect(res.json.error.code).toBe('auth.weak_password');
    expect((await call('GET', '/api/setup')).json).toEqual({ needsSetup: true });
  });

  it('creates the root unit and the administrator once', async () => {
    const body = {
      unit: { code: 'HN', name: 'VKSND TP Hà Nội', level: 'PROVINCIAL' },
      admin: { username: 'admin', fullName: 'Quản trị viên', password: PASSWORD },
    };
    const res = await call('POST', '/api/setup', { body });
    expect(res.status).toBe(201);
    expect(res.json.user).toMatchObject({ username: 'admin', roles: ['ADMIN'] });
    expect(res.json.user.passwordHash).toBeUndefined();
    rootUnitId = res.json.unit.id;
    const again = await call('POST', '/api/setup', {
      body: { ...body, admin: { ...body.admin, username: 'admin2' } },
    });
    expect(again.status).toBe(409);
    expect(again.json.error.code).toBe('setup.already_done');
  });

  it('logs in with a cookie (HttpOnly, SameSite=Strict) and a bearer token', async () => {
    const res = await login('admin');
    expect(res.status).toBe(200);
    const cookie = res.headers.get('set-cookie') ?? '';
    expect(cookie).toMatch(/sohoa_session=/);
    expect(cookie).toMatch(/HttpOnly/);
    expect(cookie).toMatch(/SameSite=Strict/);
    // A browser login (no `bearer`) never sees the session token in the body.
    const browser = await call('POST', '/api/auth/login', {
      body: { username: 'admin', password: PASSWORD },
    });
    expect(browser.json.token).toBeUndefined();
    expect(browser.headers.get('set-cookie')).toMatch(/sohoa_session=/);
    adminToken = res.json.token;
    const me = await call('GET', '/api/auth/me', { token: adminToken });
    expect(me.json.unit.id).toBe(rootUnitId);
  });

  it('requires the CSRF token on cookie-authenticated writes, not on bearer ones', async () => {
    const res = await login('admin');
    const cookie = `sohoa_session=${res.json.token}`;
    const body = {
      code: 'HN-KV1',
      name: 'VKSND khu vực 1 Hà Nội',
      level: 'REGIONAL',
      parentId: rootUnitId,
    };
    const noCsrf = await call('POST', '/api/units', { body, cookie });
    expect(noCsrf.status).toBe(403);
    expect(noCsrf.json.error.code).toBe('auth.csrf_failed');
    const bad = await call('POST', '/api/units', { body, cookie, csrf: 'x'.repeat(32) });
    expect(bad.status).toBe(403);
    const ok = await call('POST', '/api/units', { body, cookie, csrf: res.json.csrfToken });
    expect(ok.status).toBe(201);
    regionUnitId = ok.json.unit.id;
    const reads = await call('GET', '/api/units', { cookie });
    expect(reads.json.units.map((u: { code: string }) => u.code).sort()).toEqual(['HN', 'HN-KV1']);
  });

  it('checks unit levels and unique codes', async () => {
    const child = await call('POST', '/api/units', {
      token: adminToken,
      body: { code: 'X1', name: 'X', level: 'PROVINCIAL', parentId: regionUnitId },
    });
    expect(child.json.error.code).toBe('unit.invalid_level');
    const dup = await call('POST', '/api/units', {
      token: adminToken,
      body: { code: 'hn-kv1', name: 'Trùng', level: 'REGIONAL', parentId: rootUnitId },
    });
    expect(dup.status).toBe(409);
    expect(dup.json.error.code).toBe('unit.code_taken');
  });

  it('creates users of every role, and only an ADMIN grants ADMIN', async () => {
    const roles = ['LEADER', 'PROSECUTOR', 'EXAMINER', 'CLERK', 'IT_SUPPORT', 'STEERING'] as const;
    for (const role of roles) {
      const res = await call('POST', '/api/users', {
        token: adminToken,
        body: {
          unitId: regionUnitId,
          username: role.toLowerCase(),
          fullName: `Cán bộ ${role}`,
          roles: [role],
          password: PASSWORD,
        },
      });
      expect(res.status).toBe(201);
      userIds[role] = res.json.user.id;
      tokens[role] = (await login(role.toLowerCase())).json.token;
    }
    const other = await call('POST', '/api/users', {
      token: adminToken,
      body: {
        unitId: rootUnitId,
        username: 'ksv-tinh',
        fullName: 'KSV cấp tỉnh',
        roles: ['PROSECUTOR'],
        password: PASSWORD,
      },
    });
    tokens.ROOT_PROSECUTOR = (await login('ksv-tinh')).json.token;
    userIds.ROOT_PROSECUTOR = other.json.user.id;
    const escalate = await call('POST', '/api/users', {
      token: tokens.IT_SUPPORT,
      body: {
        unitId: regionUnitId,
        username: 'evil',
        fullName: 'Evil',
        roles: ['ADMIN'],
        password: PASSWORD,
      },
    });
    expect(escalate.json.error.code).toBe('access.forbidden');
    const prosecutorTries = await call('POST', '/api/users', {
      token: tokens.PROSECUTOR,
      body: {
        unitId: regionUnitId,
        username: 'x22',
        fullName: 'X',
        roles: ['CLERK'],
        password: PASSWORD,
      },
    });
    expect(prosecutorTries.status).toBe(403);
    const dup = await call('POST', '/api/users', {
      token: adminToken,
      body: {
        unitId: regionUnitId,
        username: 'CLERK',
        fullName: 'Trùng',
        roles: ['CLERK'],
        password: PASSWORD,
      },
    });
    expect(dup.json.error.code).toBe('user.username_taken');
  });

  let caseId: string;

  it('lets a clerk register a case, and the unit read it', async () => {
    const res = await call('POST', '/api/cases', {
      token: tokens.CLERK,
      body: {
        title: 'Vụ Lê Văn Chân trộm cắp tài sản',
        kind: 'criminal',
        nationalCode: 'HS-2026-000123',
        internalNumber: '15/2026/TLST-HS',
        charges: [{ name: 'Trộm cắp tài sản', article: 173, clause: '1' }],
        parties: [{ fullName: 'Lê Văn Chân', roleCode: 'BI_CAN' }],
        assigneeIds: [userIds.PROSECUTOR],
      },
    });
    expect(res.status).toBe(201);
    caseId = res.json.case.id;
    expect(res.json.case.assigneeIds.sort()).toEqual([userIds.CLERK, userIds.PROSECUTOR].sort());
    expect(res.json.case.charges[0]).toEqual({
      name: 'Trộm cắp tài sản',
      article: 173,
      clause: '1',
      law: 'BLHS 2015',
    });
    const read = await call('GET', `/api/cases/${caseId}`, { token: tokens.EXAMINER });
    expect(read.status).toBe(200);
    const search = await call('GET', '/api/cases?q=le%20van%20chan&kind=criminal', {
      token: tokens.LEADER,
    });
    expect(search.json.items.map((c: { id: string }) => c.id)).toEqual([caseId]);
  });

  it('hides the case from other units with a 404 and lets the parent unit read only', async () => {
    // A sibling regional unit: its prosecutor must not learn the case exists.
    const sib = await call('POST', '/api/units', {
      token: adminToken,
      body: { code: 'HN-KV2', name: 'VKSND khu vực 2', level: 'REGIONAL', parentId: rootUnitId },
    });
    await call('POST', '/api/users', {
      token: adminToken,
      body: {
        unitId: sib.json.unit.id,
        username: 'ksv-kv2',
        fullName: 'KSV KV2',
        roles: ['PROSECUTOR'],
        password: PASSWORD,
      },
    });
    const outsider = (await login('ksv-kv2')).json.token;
    const res = await call('GET', `/api/cases/${caseId}`, { token: outsider });
    expect(res.status).toBe(404);
    expect(res.json.error.code).toBe('case.not_found');
    expect((await call('GET', '/api/cases', { token: outsider })).json.total).toBe(0);
    expect(
      (await call('GET', `/api/cases/${caseId}`, { token: tokens.ROOT_PROSECUTOR })).status,
    ).toBe(404);
    const edit = await call('PATCH', `/api/cases/${caseId}`, {
      token: tokens.EXAMINER,
      body: { stage: 'PROSECUTION' },
    });
    expect(edit.status).toBe(403);
    const byAssigned = await call('PATCH', `/api/cases/${caseId}`, {
      token: tokens.PROSECUTOR,
      body: { stage: 'PROSECUTION' },
    });
    expect(byAssigned.json.case.stage).toBe('PROSECUTION');
  });

  it('rejects malformed JSON, unknown fields, over-long strings and bad ids, changing nothing', async () => {
    const before = (await call('GET', '/api/cases', { token: tokens.LEADER })).json.total;
    const malformed = await call('POST', '/api/cases', {
      token: tokens.CLERK,
      rawBody: '{"title": "x",',
    });
    expect(malformed.json.error.code).toBe('request.malformed_json');
    const unknown = await call('POST', '/api/cases', {
      token: tokens.CLERK,
      body: { title: 'x', kind: 'criminal', hacker: true },
    });
    expect(unknown.status).toBe(400);
    expect(unknown.json.error.code).toBe('request.invalid');
    const long = await call('POST', '/api/cases', {
      token: tokens.CLERK,
      body: { title: 'x'.repeat(501), kind: 'criminal' },
    });
    expect(long.json.error.issues[0].path).toBe('title');
    const badKind = await call('POST', '/api/cases', {
      token: tokens.CLERK,
      body: { title: 'x', kind: 'tax' },
    });
    expect(badKind.status).toBe(400);
    const badRole = await call('POST', '/api/cases', {
      token: tokens.CLERK,
      body: { title: 'x', kind: 'criminal', parties: [{ fullName: 'A', roleCode: 'NOT_A_ROLE' }] },
    });
    expect(badRole.json.error.code).toBe('case.invalid_party_role');
    expect((await call('GET', '/api/cases/not-an-id', { token: tokens.CLERK })).status).toBe(400);
    expect(
      (await call('GET', '/api/units/unit_doesnotexist00000', { token: tokens.CLERK })).json.error
        .code,
    ).toBe('unit.not_found');
    const dupCode = await call('POST', '/api/cases', {
      token: tokens.CLERK,
      body: { title: 'Trùng mã', kind: 'criminal', nationalCode: 'HS-2026-000123' },
    });
    expect(dupCode.status).toBe(409);
    expect(dupCode.json.error.code).toBe('case.national_code_taken');
    expect((await call('GET', '/api/cases', { token: tokens.LEADER })).json.total).toBe(before);
  });

  it('numbers volumes and refuses a duplicate number', async () => {
    const v1 = await call('POST', `/api/cases/${caseId}/volumes`, {
      token: tokens.CLERK,
      body: {},
    });
    const v2 = await call('POST', `/api/cases/${caseId}/volumes`, {
      token: tokens.CLERK,
      body: { title: 'Tập 2 - Lời khai' },
    });
    expect([v1.json.volume.number, v2.json.volume.number]).toEqual([1, 2]);
    const dup = await call('POST', `/api/cases/${caseId}/volumes`, {
      token: tokens.CLERK,
      body: { number: 2 },
    });
    expect(dup.json.error.code).toBe('volume.number_taken');
    expect(
      (await call('GET', `/api/cases/${caseId}/volumes`, { token: tokens.STEERING })).json.volumes,
    ).toHaveLength(2);
    expect(
      (await call('POST', `/api/cases/${caseId}/volumes`, { token: tokens.STEERING, body: {} }))
        .status,
    ).toBe(403);
  });

  it('answers in Vietnamese by default and in English on request', async () => {
    const vi = await login('admin', 'wrong-password-1');
    expect(vi.status).toBe(401);
    expect(vi.json.error.message).toBe('Tên đăng nhập hoặc mật khẩu không đúng.');
    const en = await call('POST', '/api/auth/login', {
      body: { username: 'admin', password: 'wrong-password-1' },
      lang: 'en',
    });
    expect(en.json.error.message).toBe('Wrong username or password.');
  });

  it('throttles repeated failed logins per account, even with the right password', async () => {
    for (let i = 0; i < 5; i++) {
      expect((await login('examiner', `wrong${i}pass`)).status).toBe(401);
    }
    const locked = await login('examiner');
    expect(locked.status).toBe(429);
    expect(locked.json.error.code).toBe('auth.too_many_attempts');
  });

  it('ends every session of a disabled user at once and refuses their login', async () => {
    expect((await call('GET', '/api/auth/me', { token: tokens.STEERING })).status).toBe(200);
    const res = await call('POST', `/api/users/${userIds.STEERING}/disable`, { token: adminToken });
    expect(res.json.user.status).toBe('DISABLED');
    expect((await call('GET', '/api/auth/me', { token: tokens.STEERING })).status).toBe(401);
    expect((await login('steering')).json.error.code).toBe('auth.account_disabled');
    expect(
      (await call('POST', `/api/users/${userIds.STEERING}/enable`, { token: adminToken })).json.user
        .status,
    ).toBe('ACTIVE');
    expect((await login('steering')).status).toBe(200);
  });

  it('changes a password, ending old sessions', async () => {
    const weak = await call('POST', '/api/auth/password', {
      token: tokens.LEADER,
      body: { currentPassword: PASSWORD, newPassword: 'abc' },
    });
    expect(weak.json.error.code).toBe('auth.weak_password');
    const wrong = await call('POST', '/api/auth/password', {
      token: tokens.LEADER,
      body: { currentPassword: 'Sai12345678', newPassword: 'MatKhauMoi2027' },
    });
    expect(wrong.json.error.code).toBe('auth.wrong_current_password');
    const ok = await call('POST', '/api/auth/password', {
      token: tokens.LEADER,
      body: { currentPassword: PASSWORD, newPassword: 'MatKhauMoi2027' },
    });
    expect(ok.status).toBe(200);
    expect((await call('GET', '/api/auth/me', { token: tokens.LEADER })).status).toBe(401);
    expect((await login('leader')).status).toBe(401);
    expect((await login('leader', 'MatKhauMoi2027')).status).toBe(200);
  });

  it('logs out', async () => {
    const token = (await login('clerk')).json.token;
    expect((await call('POST', '/api/auth/logout', { token, body: {} })).status).toBe(200);
    expect((await call('GET', '/api/auth/me', { token })).status).toBe(401);
  });

  it('audits logins, failed logins, reads, changes', async () => {
    const { events } = await server.deps.auditRepository.list({ limit: 1000 });
    const actions = new Set(events.map((e) => e.action));
    for (const a of [
      'setup.completed',
      'auth.login',
      'auth.login_failed',
      'case.created',
      'case.read',
      'case.updated',
      'user.disabled',
      'case.access_denied',
      'auth.logout',
    ]) {
      expect(actions).toContain(a);
    }
    const read = events.find((e) => e.action === 'case.read');
    expect(read).toMatchObject({ case_id: caseId, actor_username: 'examiner' });
  });

  it('publishes an OpenAPI document', async () => {
    const res = await call('GET', '/api/openapi.json');
    expect(res.json.openapi).toBe('3.1.0');
    expect(Object.keys(res.json.paths)).toEqual(
      expect.arrayContaining([
        '/api/cases',
        '/api/cases/{caseId}',
        '/api/setup',
        '/api/users/{userId}/disable',
      ]),
    );
  });
});
