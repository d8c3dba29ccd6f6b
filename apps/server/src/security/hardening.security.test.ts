import { existsSync } from 'node:fs';
import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TEST_SETTINGS } from '../modules/app/server.test-utils.ts';
import { createFsBlobStore } from '../modules/blobs/drivers/fs/fs.blob-driver.ts';
import { INVALID_BLOB_KEYS } from '../modules/blobs/drivers/drivers.test-suite.ts';
import { isDomainError } from '../modules/shared/errors/errors.ts';
import { checkEntryNames } from '../modules/transfer/transfer.checks.ts';
import {
  createSecurityWorld,
  enumerateApiRoutes,
  fillPath,
  PASSWORD,
  sampleRequest,
  type SecurityWorld,
} from './security.test-utils.ts';

/*
 * Hardening checks of issue 8 item 4 besides the access matrix: CSRF and cross-site writes on every
 * state-changing route, session cookie and fixation, login throttling (and X-Forwarded-For
 * spoofing), body size, upload type spoofing, path traversal, script injection, security headers.
 * The server trusts a proxy here so the X-Forwarded-For rules are exercised.
 */
const PROXY_IP = '10.9.9.9';
let world: SecurityWorld;
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- the OpenAPI document, read untyped
let doc: any;
const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../../..');

beforeAll(async () => {
  world = await createSecurityWorld({
    settings: {
      trustProxy: true,
      auth: { ...TEST_SETTINGS.auth, loginMaxFailures: 4, loginMaxFailuresPerIp: 3 },
    },
  });
  doc = world.app.getOpenAPI31Document({ openapi: '3.1.0', info: { title: 't', version: 't' } });
});
afterAll(async () => world?.close());

async function cookieLogin(username: string, extraHeaders: Record<string, string> = {}) {
  const res = await world.app.request('/api/auth/login', {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...extraHeaders },
    body: JSON.stringify({ username, password: PASSWORD }),
  });
  const setCookie = res.headers.get('set-cookie') ?? '';
  const token = /sohoa_session=([^;]+)/.exec(setCookie)?.[1] ?? '';
  const body = (await res.json()) as { csrfToken: string };
  return { status: res.status, setCookie, token, csrf: body.csrfToken };
}

describe('security headers', () => {
  it('API and HTML responses carry CSP (no inline scripts), frame-ancestors none, nosniff, Referrer-Policy', async () => {
    for (const url of ['/api/health', '/', '/cases/x']) {
      const res = await world.app.request(url);
      const csp = res.headers.get('content-security-policy') ?? '';
      expect(csp, url).toContain("frame-ancestors 'none'");
      expect(csp, url).toContain("default-src 'self'");
      expect(csp, url).toContain("object-src 'none'");
      // Scripts fall back to default-src 'self' or have their own directive: never inline or eval.
      const scriptSrc = /script-src ([^;]*)/.exec(csp)?.[1] ?? /default-src ([^;]*)/.exec(csp)![1]!;
      expect(scriptSrc, url).not.toContain('unsafe-inline');
      expect(scriptSrc, url).not.toContain('unsafe-eval');
      expect(res.headers.get('x-content-type-options'), url).toBe('nosniff');
      expect(res.headers.get('x-frame-options'), url).toBe('SAMEORIGIN');
      expect(res.headers.get('referrer-policy'), url).toBe('no-referrer');
    }
  });
});

describe('CSRF and cross-site writes', () => {
  let session: Awaited<ReturnType<typeof cookieLogin>>;
  const writes = () =>
    enumerateApiRoutes(world.app).filter((r) => !['GET', 'HEAD', 'OPTIONS'].includes(r.method));

  beforeAll(async () => {
    session = await cookieLogin('a-leader');
    expect(session.status).toBe(200);
  });

  it('the session cookie is HttpOnly, SameSite=Strict, for the whole site', () => {
    expect(session.setCookie).toMatch(/HttpOnly/i);
    expect(session.setCookie).toMatch(/SameSite=Strict/i);
    expect(session.setCookie).toMatch(/Path=\//);
  });

  it('every state-changing route refuses a cookie request without the CSRF token', async () => {
    const wrong: string[] = [];
    for (const route of writes()) {
      const { body, headers } = sampleRequest({ doc, route, fixtures: world.fixtures });
      for (const csrf of [undefined, 'forged-token']) {
        const res = await world.request(route.method, fillPath(route.path, world.fixtures), {
          body: body ?? {},
          headers: {
            ...headers,
            cookie: `sohoa_session=${session.token}`,
            ...(csrf ? { 'x-csrf-token': csrf } : {}),
          },
        });
        // Public routes (login, setup) have no session to protect; the Origin check covers them.
        const publicRoute = route.path === '/api/auth/login' || route.path === '/api/setup';
        if (!publicRoute && (res.status !== 403 || res.json?.error?.code !== 'auth.csrf_failed')) {
          wrong.push(`${route.method} ${route.path} (csrf=${csrf}) → ${res.status}`);
        }
      }
    }
    expect(wrong).toEqual([]);
  });

  it('every state-changing route refuses a cross-site request even with a valid token', async () => {
    const wrong: string[] = [];
    for (const route of writes()) {
      const { body, headers } = sampleRequest({ doc, route, fixtures: world.fixtures });
      for (const crossSite of [
        { origin: 'https://evil.example' } as Record<string, string>,
        { origin: 'null' },
        { 'sec-fetch-site': 'cross-site' },
      ]) {
        const res = await world.request(route.method, fillPath(route.path, world.fixtures), {
          body: body ?? {},
          headers: {
            ...headers,
            cookie: `sohoa_session=${session.token}`,
            'x-csrf-token': session.csrf,
            ...crossSite,
          },
        });
        if (res.status !== 403 || res.json?.error?.code !== 'auth.cross_origin') {
          wrong.push(`${route.method} ${route.path} ${JSON.stringify(crossSite)} → ${res.status}`);
        }
      }
    }
    expect(wrong).toEqual([]);
  });

  it('a same-origin cookie request with the token works (the checks are not blanket refusals)', async () => {
    const res = await world.request('POST', '/api/cases', {
      body: { title: 'Vụ kiểm tra CSRF', kind: 'criminal' },
      headers: {
        cookie: `sohoa_session=${session.token}`,
        'x-csrf-token': session.csrf,
        origin: 'http://localhost',
        host: 'localhost',
        'sec-fetch-site': 'same-origin',
      },
    });
    expect(res.status).toBe(201);
  });
});

describe('sessions', () => {
  it('login issues a fresh session id, ignoring one planted before (no fixation), and logout ends it', async () => {
    const planted = 'attacker-chosen-session-id';
    const first = await cookieLogin('a-clerk', { cookie: `sohoa_session=${planted}` });
    expect(first.status).toBe(200);
    expect(first.token).not.toBe(planted);
    expect(first.token.length).toBeGreaterThanOrEqual(40);
    expect(
      (
        await world.request('GET', '/api/auth/me', {
          headers: { cookie: `sohoa_session=${planted}` },
        })
      ).status,
    ).toBe(401);
    // Logging in again from a logged-in browser (a cookie write: it needs the CSRF token).
    const second = await cookieLogin('a-clerk', {
      cookie: `sohoa_session=${first.token}`,
      'x-csrf-token': first.csrf,
    });
    expect(second.status).toBe(200);
    expect(second.token).not.toBe(first.token);
    const cookie = `sohoa_session=${second.token}`;
    expect((await world.request('GET', '/api/auth/me', { headers: { cookie } })).status).toBe(200);
    const out = await world.request('POST', '/api/auth/logout', {
      headers: { cookie, 'x-csrf-token': second.csrf },
    });
    expect(out.status).toBe(200);
    expect((await world.request('GET', '/api/auth/me', { headers: { cookie } })).status).toBe(401);
  });
});

describe('login throttling', () => {
  const attempt = (username: string, password: string, xff: string) =>
    world.request('POST', '/api/auth/login', {
      body: { username, password },
      headers: { 'x-forwarded-for': xff },
    });

  it('locks an account after repeated failures, even for the right password, and audits it', async () => {
    for (let i = 0; i < 4; i++) {
      expect((await attempt('b-clerk', 'wrong-password', `172.16.0.${i}`)).status).toBe(401);
    }
    const locked = await attempt('b-clerk', PASSWORD, '172.16.1.1');
    expect(locked.status).toBe(429);
    expect(locked.json.error.code).toBe('auth.too_many_attempts');
    const audited = await world.server.deps.db
      .selectFrom('audit_events')
      .select(['action', 'outcome', 'details', 'ip'])
      .where('action', '=', 'auth.login_failed')
      .where('actor_username', '=', 'b-clerk')
      .execute();
    expect(audited.filter((e) => e.outcome === 'FAILURE')).toHaveLength(4);
    expect(audited.some((e) => e.outcome === 'DENIED')).toBe(true);
  });

  it('throttles per client IP as the proxy saw it: a forged first X-Forwarded-For entry does not dodge it', async () => {
    // Three failures on different (non-existent) accounts, each with a different forged first entry.
    for (let i = 0; i < 3; i++) {
      const res = await attempt(`nobody-${i}`, 'x-wrong', `203.0.113.${i}, ${PROXY_IP}`);
      expect(res.status).toBe(401);
    }
    const blocked = await attempt('b-examiner', PASSWORD, `198.51.100.7, ${PROXY_IP}`);
    expect(blocked.status).toBe(429);
    // The forged address is never what is recorded or throttled.
    const fine = await attempt('b-examiner', PASSWORD, `${PROXY_IP}, 10.1.1.1`);
    expect(fine.status).toBe(200);
    const ips = await world.server.deps.db
      .selectFrom('audit_events')
      .select('ip')
      .where('actor_username', 'like', 'nobody-%')
      .execute();
    expect(ips.map((r) => r.ip)).toEqual([PROXY_IP, PROXY_IP, PROXY_IP]);
  });
});

describe('request bodies and uploads', () => {
  it('an oversized JSON body gets 413 with the error contract', async () => {
    const res = await world.request('POST', '/api/cases', {
      token: world.tokens['A/LEADER'],
      body: { title: 'x'.repeat(2 * 1024 * 1024), kind: 'criminal' },
    });
    expect(res.status).toBe(413);
    expect(res.json.error.code).toBe('request.too_large');
    expect(res.json.error.messages.en).toBeTruthy();
    expect(res.json.error.messages.vi).toBeTruthy();
  });

  const upload = (name: string, bytes: Uint8Array) =>
    world.app.request(
      `/api/cases/${world.normalCaseId}/volumes/3/files?name=${encodeURIComponent(name)}`,
      {
        method: 'PUT',
        headers: {
          'content-type': 'application/pdf',
          authorization: `Bearer ${world.tokens['A/CLERK']}`,
        },
        body: bytes,
      },
    );

  it('an executable named .pdf (and a traversal file name) is refused with a clear error, nothing written outside', async () => {
    const exe = Buffer.concat([Buffer.from('MZ\x90\x00\x03\x00\x00\x00'), Buffer.alloc(4096, 1)]);
    const target = path.join(os.tmpdir(), `sohoa-evil-${process.pid}.pdf`);
    for (const name of ['scan.pdf', `../../../../../../..${target}`, '..\\..\\evil.pdf']) {
      const res = await upload(name, exe);
      expect(res.status).toBe(200);
      const { results } = (await res.json()) as {
        results: Array<{ status: string; code: string; messages: { vi: string; en: string } }>;
      };
      expect(results[0]).toMatchObject({ status: 'rejected', code: 'source.unsupported_type' });
      expect(results[0]!.messages.en).toMatch(/not a supported|unsupported|không/i);
    }
    expect(existsSync(target)).toBe(false);
  });

  it('transfer package entry names with traversal, absolute paths or hidden files are refused', () => {
    for (const bad of ['../evil', '/etc/passwd', 'blobs/../../x', '.hidden', 'a/b/c', 'blobs/..']) {
      let code: string | null = null;
      try {
        checkEntryNames({ names: ['manifest.json', bad] });
      } catch (error) {
        code = isDomainError(error) ? error.code : 'other';
      }
      expect(code, bad).toBe('package.unsafe_entry');
    }
  });

  it('blob keys with traversal are refused by the disk store (never opened)', async () => {
    const root = await mkdtemp(path.join(os.tmpdir(), 'sohoa-sec-blobs-'));
    try {
      const store = createFsBlobStore({ root });
      for (const key of INVALID_BLOB_KEYS) {
        await expect(store.get({ key }), key).rejects.toMatchObject({ code: 'blob.invalid_key' });
        await expect(store.delete({ key }), key).rejects.toMatchObject({
          code: 'blob.invalid_key',
        });
      }
    } finally {
      await rm(root, { recursive: true, force: true });
    }
  });
});

describe('HTML and script injection', () => {
  const PAYLOAD = `<img src=x onerror=alert(1)><script>alert("x")</script>'"&`;

  it('case titles, parties, notes and annotation text are stored and returned as-is, as JSON', async () => {
    const token = world.tokens['A/LEADER'];
    const created = await world.request('POST', '/api/cases', {
      token,
      body: { title: PAYLOAD, kind: 'criminal', assigneeIds: [world.userIds['A/CLERK']!] },
    });
    expect(created.status).toBe(201);
    const caseId = created.json.case.id as string;
    const read = await world.request('GET', `/api/cases/${caseId}`, { token });
    expect(read.headers.get('content-type')).toMatch(/^application\/json/);
    expect(read.json.case.title).toBe(PAYLOAD);
    const note = await world.request('POST', `/api/cases/${world.normalCaseId}/annotations`, {
      token: world.tokens['A/CLERK'],
      body: {
        kind: 'note',
        pageId: world.fixtures.pageId,
        point: { x: 0.1, y: 0.1 },
        text: PAYLOAD,
      },
    });
    expect(note.status).toBe(201);
    expect(note.json.annotation.text).toBe(PAYLOAD);
  });

  it('the SPA never renders user text as HTML (no dangerouslySetInnerHTML/innerHTML/eval outside the guide renderer)', async () => {
    const webSrc = path.join(repoRoot, 'apps/web/src');
    // The guide renders bundled Markdown (our docs, not user text) through an escaping renderer.
    const ALLOWED = new Set(['components/GuidePage.tsx']);
    const offenders: string[] = [];
    const walk = async (dir: string) => {
      for (const entry of await readdir(dir, { withFileTypes: true })) {
        const full = path.join(dir, entry.name);
        if (entry.isDirectory()) {
          await walk(full);
        } else if (/\.(tsx?|jsx?)$/.test(entry.name) && !/\.test\./.test(entry.name)) {
          const text = await readFile(full, 'utf8');
          const rel = path.relative(webSrc, full);
          if (
            /dangerouslySetInnerHTML|\.innerHTML\s*=|\.outerHTML\s*=|insertAdjacentHTML|\beval\(|new Function\(/.test(
              text,
            ) &&
            !ALLOWED.has(rel)
          ) {
            offenders.push(rel);
          }
        }
      }
    };
    await walk(webSrc);
    expect(offenders).toEqual([]);
    const guide = await readFile(path.join(webSrc, 'lib/guide-render.ts'), 'utf8');
    expect(guide).toMatch(/escapeHtml/);
  });

  it('exports are downloads, never HTML a browser would render (audit CSV)', async () => {
    const res = await world.app.request('/api/audit.csv', {
      headers: { authorization: `Bearer ${world.tokens['A/ADMIN']}` },
    });
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/^text\/csv/);
    expect(res.headers.get('content-disposition')).toMatch(/^attachment/);
    expect(res.headers.get('x-content-type-options')).toBe('nosniff');
  });
});

describe('audit of reads', () => {
  it('an opened search hit is audited with the query; another unit cannot record or probe one', async () => {
    const path = `/api/cases/${world.normalCaseId}/search/opened`;
    const ok = await world.request('POST', path, {
      token: world.tokens['A/PROSECUTOR'],
      body: { pageId: world.fixtures.pageId, q: 'biên bản' },
    });
    expect(ok.status).toBe(200);
    const events = await world.server.deps.db
      .selectFrom('audit_events')
      .select(['target_id', 'details', 'actor_username'])
      .where('action', '=', 'case.search_hit_opened')
      .execute();
    expect(events).toEqual([
      {
        target_id: world.fixtures.pageId,
        details: { q: 'biên bản' },
        actor_username: 'a-prosecutor',
      },
    ]);
    const denied = await world.request('POST', path, {
      token: world.tokens['B/LEADER'],
      body: { pageId: world.fixtures.pageId, q: 'x' },
    });
    expect([403, 404]).toContain(denied.status);
    // A page of another case under this case's id is not found.
    const foreign = await world.request('POST', path, {
      token: world.tokens['A/CLERK'],
      body: { pageId: world.confidentialFixtures.pageId, q: 'x' },
    });
    expect(foreign.status).toBe(404);
  });
});
