import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { isPublicApiRoute } from '../modules/app/middlewares/auth.middleware.ts';
import {
  createSecurityWorld,
  enumerateApiRoutes,
  fillPath,
  paramNamesOf,
  sampleRequest,
  SECRET_MARKER,
  type ApiRoute,
  type SecurityWorld,
} from './security.test-utils.ts';

/*
 * The access-control matrix over EVERY API route, enumerated from the router (so routes added by
 * any module are covered at merge): anonymous calls get 401 except the public allow-list; a user of
 * unit B (every role) calling a route with unit A's ids gets 403/404, never 2xx or 5xx; users of A
 * who are neither assigned nor leader get 403/404 on A's confidential case (IDOR inside one unit).
 */
let world: SecurityWorld;
let routes: ApiRoute[];
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- the OpenAPI document, read untyped
let doc: any;

beforeAll(async () => {
  world = await createSecurityWorld();
  routes = enumerateApiRoutes(world.app);
  doc = world.app.getOpenAPI31Document({
    openapi: '3.1.0',
    info: { title: 'sohoa', version: 'test' },
  });
});
afterAll(async () => world?.close());

const describeRoute = (r: ApiRoute) => `${r.method} ${r.path}`;
// Read-only calls first, then writes, deletes last: a broken rule shows on the first leak, not a cascade.
const ORDER: Record<string, number> = { GET: 0, HEAD: 0, POST: 1, PUT: 1, PATCH: 1, DELETE: 2 };

async function callAs({
  route,
  token,
  fixtures,
}: {
  route: ApiRoute;
  token: string | undefined;
  fixtures: Record<string, string>;
}) {
  const { body, query, headers } = sampleRequest({ doc, route, fixtures });
  const path = fillPath(route.path, fixtures) + (query ? `?${query}` : '');
  const writes = route.method !== 'GET' && route.method !== 'HEAD';
  return world.request(route.method, path, {
    ...(token ? { token } : {}),
    ...(writes ? { body: body ?? {} } : {}),
    headers,
  });
}

describe('route enumeration', () => {
  it('finds the API routes of every module, and every route parameter has a fixture', () => {
    expect(routes.length).toBeGreaterThan(40);
    const missing = routes.flatMap((r) =>
      paramNamesOf(r.path)
        .filter((p) => world.fixtures[p] === undefined)
        .map((p) => `${describeRoute(r)} → :${p}`),
    );
    expect(missing, 'route parameters without a fixture (add them to the fixture map)').toEqual([]);
  });
});

describe('anonymous callers', () => {
  it('get 401 on every API route except the public allow-list', async () => {
    const wrong: string[] = [];
    for (const route of routes) {
      if (isPublicApiRoute(route)) {
        continue;
      }
      const res = await callAs({ route, token: undefined, fixtures: world.fixtures });
      if (res.status !== 401 || res.json?.error?.code !== 'auth.required') {
        wrong.push(`${describeRoute(route)} → ${res.status} ${res.text.slice(0, 120)}`);
      }
    }
    expect(wrong).toEqual([]);
  });

  it('an unknown API path is also 401 for anonymous callers (private by default)', async () => {
    const res = await world.request('GET', '/api/does-not-exist');
    expect(res.status).toBe(401);
  });
});

describe('cross-unit matrix: users of unit B against unit A objects', () => {
  it('lists and searches without ids never show unit A data to unit B', async () => {
    const lists = routes.filter((r) => r.method === 'GET' && paramNamesOf(r.path).length === 0);
    const leaks: string[] = [];
    for (const route of lists) {
      for (const role of world.roles) {
        const res = await callAs({
          route,
          token: world.tokens[`B/${role}`],
          fixtures: world.fixtures,
        });
        if (res.status >= 500) {
          leaks.push(`${role} ${describeRoute(route)} → ${res.status}`);
        }
        for (const secret of [SECRET_MARKER, world.normalCaseId, world.confidentialCaseId]) {
          if (res.text.includes(secret)) {
            leaks.push(`${role} ${describeRoute(route)} shows ${secret}`);
          }
        }
      }
      // Search with the marker itself as the query.
      if (route.path.includes('search')) {
        const res = await world.request('GET', `${route.path}?q=${SECRET_MARKER}`, {
          token: world.tokens['B/LEADER'],
        });
        if (res.text.includes(SECRET_MARKER)) {
          leaks.push(`search ${route.path} shows the marker to B`);
        }
      }
    }
    expect(leaks).toEqual([]);
  });

  it('every role of B gets 403/404 (never 2xx, never 5xx) on every route with an id of A', async () => {
    const withIds = routes
      .filter((r) => paramNamesOf(r.path).length > 0)
      .sort((a, b) => (ORDER[a.method] ?? 1) - (ORDER[b.method] ?? 1));
    expect(withIds.length).toBeGreaterThan(30);
    const wrong: string[] = [];
    for (const route of withIds) {
      for (const role of world.roles) {
        const res = await callAs({
          route,
          token: world.tokens[`B/${role}`],
          fixtures: world.fixtures,
        });
        if (res.status !== 403 && res.status !== 404) {
          wrong.push(
            `${role} ${describeRoute(route)} → ${res.status} ${res.text.slice(0, 160)}${res.status === 400 ? ' (add a body to BODY_FIXTURES)' : ''}`,
          );
        }
      }
    }
    expect(wrong).toEqual([]);
  });
});

describe('IDOR inside one unit: the confidential case of A', () => {
  const OUTSIDERS = ['PROSECUTOR', 'EXAMINER', 'STEERING', 'ADMIN', 'IT_SUPPORT'] as const;

  it('users of A who are not assigned (and not leader) get 403/404 on every case route', async () => {
    const caseRoutes = routes
      .filter((r) => paramNamesOf(r.path).includes('caseId'))
      .sort((a, b) => (ORDER[a.method] ?? 1) - (ORDER[b.method] ?? 1));
    const wrong: string[] = [];
    for (const route of caseRoutes) {
      for (const role of OUTSIDERS) {
        const token = world.tokens[`A/${role}`];
        if (!token) {
          continue;
        }
        const res = await callAs({ route, token, fixtures: world.confidentialFixtures });
        if (res.status !== 403 && res.status !== 404) {
          wrong.push(
            `${role} ${describeRoute(route)} → ${res.status} ${res.text.slice(0, 160)}${res.status === 400 ? ' (add a body to BODY_FIXTURES)' : ''}`,
          );
        }
      }
    }
    expect(wrong).toEqual([]);
  });

  it('an id of the NORMAL case cannot be swapped into a route of another case (page, annotation)', async () => {
    const crossed = {
      ...world.confidentialFixtures,
      // The confidential case's route, but objects of the normal case and vice versa.
      caseId: world.normalCaseId,
      pageId: world.confidentialFixtures.pageId!,
      annotationId: world.confidentialFixtures.annotationId!,
    };
    const mixed = routes.filter((r) => {
      const p = paramNamesOf(r.path);
      return p.includes('caseId') && (p.includes('pageId') || p.includes('annotationId'));
    });
    expect(mixed.length).toBeGreaterThan(0);
    const wrong: string[] = [];
    for (const route of mixed) {
      // A's prosecutor may read the normal case, but the page/annotation belongs to the confidential one.
      const res = await callAs({ route, token: world.tokens['A/PROSECUTOR'], fixtures: crossed });
      if (res.status !== 403 && res.status !== 404) {
        wrong.push(`${describeRoute(route)} → ${res.status} ${res.text.slice(0, 160)}`);
      }
    }
    expect(wrong).toEqual([]);
  });

  it('the fixtures are real: the assigned clerk of A does read the case, page and annotation', async () => {
    const f = world.confidentialFixtures;
    const token = world.tokens['A/CLERK'];
    expect((await world.request('GET', `/api/cases/${f.caseId}`, { token })).status).toBe(200);
    expect(
      (await world.request('GET', `/api/cases/${f.caseId}/pages/${f.pageId}/text`, { token }))
        .status,
    ).toBe(200);
    const notes = await world.request('GET', `/api/cases/${f.caseId}/annotations`, { token });
    expect(notes.text).toContain(f.annotationId);
  });
});
