import { ROLES, type Role } from '@sohoa/contracts';
import { createTestServer } from '../modules/app/server.test-utils.ts';
import type { Db } from '../modules/database/database.ts';
import { generateId } from '../modules/shared/ids/ids.ts';
import { seedCaseDocuments } from '../modules/timeline/timeline.test-utils.ts';

export const PASSWORD = 'MatKhau2026';
/** A marker in unit A's titles and OCR text: it must never show up in another unit's responses. */
export const SECRET_MARKER = 'zzbimatdonvia';

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- tests read untyped JSON
type Json = any;

export type ApiRoute = { method: string; path: string };

/**
 * Every API route the application serves, read from the router itself (not a hand-written list):
 * routes added by any module are covered as soon as they are registered. Middleware entries and
 * the `/api/*` catch-all are left out.
 */
export function enumerateApiRoutes(app: {
  routes: ReadonlyArray<{ method: string; path: string }>;
}): ApiRoute[] {
  const seen = new Set<string>();
  const routes: ApiRoute[] = [];
  for (const { method, path } of app.routes) {
    if (method === 'ALL' || !path.startsWith('/api/') || path.includes('*')) {
      continue;
    }
    const key = `${method} ${path}`;
    if (!seen.has(key)) {
      seen.add(key);
      routes.push({ method, path });
    }
  }
  return routes;
}

export const paramNamesOf = (path: string) =>
  [...path.matchAll(/:([A-Za-z0-9_]+)/g)].map((m) => m[1]!);

/** Fills `:param` segments from `fixtures`; throws a clear message for an unknown parameter name. */
export function fillPath(path: string, fixtures: Record<string, string>): string {
  return path.replace(/:([A-Za-z0-9_]+)(\{[^}]*\})?/g, (_, name: string) => {
    const value = fixtures[name];
    if (value === undefined) {
      throw new Error(
        `Route parameter ":${name}" in ${path} has no fixture: add "${name}" to the fixture map in apps/server/src/security/security.test-utils.ts so the access-control matrix covers this route.`,
      );
    }
    return encodeURIComponent(value);
  });
}

/**
 * A minimal body that passes validation, built from the route's OpenAPI JSON schema, so the call
 * reaches the authorisation check instead of stopping at a 400.
 */
export function sampleFromSchema(schema: Json, doc: Json, depth = 0): unknown {
  if (!schema || depth > 8) {
    return undefined;
  }
  if (schema.$ref) {
    const name = String(schema.$ref).split('/').at(-1)!;
    return sampleFromSchema(doc.components?.schemas?.[name], doc, depth + 1);
  }
  if (schema.default !== undefined) {
    return schema.default;
  }
  if (schema.const !== undefined) {
    return schema.const;
  }
  if (schema.enum) {
    return schema.enum[0];
  }
  const variants = schema.oneOf ?? schema.anyOf;
  if (variants) {
    const nonNull = variants.find((v: Json) => v.type !== 'null') ?? variants[0];
    return sampleFromSchema(nonNull, doc, depth + 1);
  }
  if (schema.allOf) {
    return Object.assign({}, ...schema.allOf.map((s: Json) => sampleFromSchema(s, doc, depth + 1)));
  }
  const type = Array.isArray(schema.type)
    ? schema.type.find((t: string) => t !== 'null')
    : schema.type;
  switch (type) {
    case 'object': {
      const out: Record<string, unknown> = {};
      for (const name of schema.required ?? []) {
        out[name] = sampleFromSchema(schema.properties?.[name], doc, depth + 1);
      }
      return out;
    }
    case 'array': {
      const n = schema.minItems ?? 0;
      return Array.from({ length: n }, () => sampleFromSchema(schema.items, doc, depth + 1));
    }
    case 'integer':
    case 'number':
      return (
        schema.minimum ?? (schema.exclusiveMinimum !== undefined ? schema.exclusiveMinimum + 1 : 1)
      );
    case 'boolean':
      return false;
    case 'string': {
      if (schema.format === 'date') {
        return '2026-01-01';
      }
      if (schema.format === 'date-time') {
        return '2026-01-01T00:00:00.000Z';
      }
      if (schema.format === 'uuid') {
        return '00000000-0000-4000-8000-000000000000';
      }
      const len = Math.max(schema.minLength ?? 1, 1);
      return 'x'.repeat(Math.min(len, schema.maxLength ?? len));
    }
    default:
      return undefined;
  }
}

/**
 * Bodies the schema sampler cannot build (discriminated unions that need real ids). A write route
 * answering `400 request.invalid` in the matrix needs an entry here.
 */
export const BODY_FIXTURES: Record<string, (f: Record<string, string>) => unknown> = {
  'POST /api/cases/:caseId/annotations': (f) => ({
    kind: 'note',
    pageId: f.pageId,
    point: { x: 0.5, y: 0.5 },
    text: 'x',
  }),
  'POST /api/cases/:caseId/structure/edits': (f) => ({ op: 'split', pageId: f.pageId }),
  'POST /api/cases/:caseId/search/opened': (f) => ({ pageId: f.pageId, q: 'x' }),
  'POST /api/cases/:caseId/exhibits': (f) => ({ kind: 'page', pageId: f.pageId, label: 'x' }),
  'POST /api/cases/:caseId/hearings': () => ({ heldOn: '2026-11-02', court: 'x' }),
};

/** Headers a route's protocol needs (tus appends bytes with its own content type). */
export const HEADER_FIXTURES: Record<string, Record<string, string>> = {
  'PATCH /api/uploads/:uploadId': {
    'content-type': 'application/offset+octet-stream',
    'upload-offset': '0',
  },
};

/** The JSON body and query a route expects, from the OpenAPI document (empty when undocumented). */
export function sampleRequest({
  doc,
  route,
  fixtures = {},
}: {
  doc: Json;
  route: ApiRoute;
  fixtures?: Record<string, string>;
}) {
  const openApiPath = route.path.replace(/:([A-Za-z0-9_]+)/g, '{$1}');
  const operation = doc.paths?.[openApiPath]?.[route.method.toLowerCase()];
  const bodySchema = operation?.requestBody?.content?.['application/json']?.schema;
  const override = BODY_FIXTURES[`${route.method} ${route.path}`];
  const body = override
    ? override(fixtures)
    : bodySchema
      ? sampleFromSchema(bodySchema, doc)
      : undefined;
  const query = new URLSearchParams();
  for (const p of operation?.parameters ?? []) {
    if (p.in === 'query' && p.required) {
      const value = sampleFromSchema(p.schema, doc);
      query.set(
        p.name,
        typeof value === 'string' || typeof value === 'number' ? String(value) : 'x',
      );
    }
  }
  return {
    body,
    query: query.toString(),
    headers: HEADER_FIXTURES[`${route.method} ${route.path}`] ?? {},
  };
}

async function seedPages(db: Db, caseId: string, count: number) {
  const { volume } = await db
    .insertInto('volumes')
    .values({ id: generateId({ prefix: 'vol' }), case_id: caseId, number: 1, title: null })
    .returning('id')
    .executeTakeFirstOrThrow()
    .then((v) => ({ volume: v }));
  const sourceId = generateId({ prefix: 'src' });
  await db
    .insertInto('source_files')
    .values({
      id: sourceId,
      case_id: caseId,
      volume_id: volume.id,
      sha256: caseId
        .slice(-8)
        .padEnd(64, '0')
        .replace(/[^0-9a-f]/g, 'a'),
      blob_key: 'none',
      original_name: 'scan.pdf',
      media_type: 'application/pdf',
      size_bytes: 1,
    })
    .execute();
  const ids: string[] = [];
  for (let i = 0; i < count; i++) {
    const id = generateId({ prefix: 'pg' });
    await db
      .insertInto('pages')
      .values({
        id,
        case_id: caseId,
        volume_id: volume.id,
        source_file_id: sourceId,
        source_index: i,
        seq: i + 1,
        status: 'DONE',
        but_luc: i + 1,
        width_px: 1000,
        height_px: 1400,
        ocr_text: `Biên bản ${SECRET_MARKER} trang ${i + 1}`,
        ocr_words: JSON.stringify([
          { text: SECRET_MARKER, confidence: 90, box: [0.1, 0.1, 0.3, 0.12] },
        ]),
      })
      .execute();
    ids.push(id);
  }
  await seedCaseDocuments({
    db,
    caseId,
    volumeId: volume.id,
    documents: [{ typeCode: 'BB_GHI_LOI_KHAI', date: null, firstSeq: 1, lastSeq: count }],
  });
  return { pageIds: ids, volumeId: volume.id };
}

export type SecurityWorld = Awaited<ReturnType<typeof createSecurityWorld>>;

/**
 * Two sibling units A and B under a provincial root, one user per role in each, a NORMAL case of A
 * (with pages, a document and a shared note) and a CONFIDENTIAL case of A assigned to A's clerk only.
 */
export async function createSecurityWorld({
  settings = {},
}: {
  settings?: Parameters<typeof createTestServer>[0] extends infer O
    ? O extends { settings?: infer S }
      ? S
      : never
    : never;
} = {}) {
  const server = await createTestServer({ settings });
  const { app } = server;
  const tokens: Record<string, string> = {};
  const userIds: Record<string, string> = {};

  const request = async (
    method: string,
    path: string,
    {
      token,
      body,
      headers = {},
    }: { token?: string; body?: unknown; headers?: Record<string, string> } = {},
  ) => {
    const response = await app.request(path, {
      method,
      headers: {
        'content-type': 'application/json',
        // The resumable upload protocol (tus) refuses requests without its version header.
        'tus-resumable': '1.0.0',
        ...(token ? { authorization: `Bearer ${token}` } : {}),
        ...headers,
      },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });
    const text = await response.text();
    let json: Json = null;
    try {
      json = text ? JSON.parse(text) : null;
    } catch {
      json = null;
    }
    return { status: response.status, json, text, headers: response.headers };
  };
  const login = async (username: string) => {
    const res = await request('POST', '/api/auth/login', {
      body: { username, password: PASSWORD, bearer: true },
    });
    if (res.status !== 200) {
      throw new Error(`login ${username}: ${res.status} ${res.text}`);
    }
    return res.json.token as string;
  };

  const setup = await request('POST', '/api/setup', {
    body: {
      unit: { code: 'TINH', name: 'Tỉnh', level: 'PROVINCIAL' },
      admin: { username: 'root', fullName: 'Quản trị', password: PASSWORD },
    },
  });
  tokens.root = await login('root');
  const unitIds: Record<'A' | 'B', string> = { A: '', B: '' };
  for (const code of ['A', 'B'] as const) {
    const created = await request('POST', '/api/units', {
      token: tokens.root,
      body: {
        code: `KV${code}`,
        name: `Khu vực ${code}`,
        level: 'REGIONAL',
        parentId: setup.json.unit.id,
      },
    });
    unitIds[code] = created.json.unit.id;
    for (const role of ROLES) {
      const username = `${code}-${role}`.toLowerCase().replace('_', '-');
      const user = await request('POST', '/api/users', {
        token: tokens.root,
        body: {
          unitId: unitIds[code],
          username,
          fullName: `${code} ${role}`,
          roles: [role],
          password: PASSWORD,
        },
      });
      if (user.status !== 201) {
        throw new Error(`create ${username}: ${user.status} ${user.text}`);
      }
      userIds[`${code}/${role}`] = user.json.user.id;
      tokens[`${code}/${role}`] = await login(username);
    }
  }
  const createCase = async (title: string, confidentiality: 'NORMAL' | 'CONFIDENTIAL') => {
    const res = await request('POST', '/api/cases', {
      token: tokens['A/LEADER'],
      body: {
        title,
        kind: 'criminal',
        confidentiality,
        assigneeIds: [userIds['A/CLERK']!],
      },
    });
    if (res.status !== 201) {
      throw new Error(`create case: ${res.status} ${res.text}`);
    }
    return res.json.case.id as string;
  };
  const fixturesFor = async (caseId: string) => {
    const { pageIds } = await seedPages(server.deps.db, caseId, 2);
    const note = await request('POST', `/api/cases/${caseId}/annotations`, {
      token: tokens['A/CLERK'],
      body: {
        kind: 'note',
        pageId: pageIds[0],
        point: { x: 0.5, y: 0.5 },
        text: `Ghi chú ${SECRET_MARKER}`,
        visibility: 'shared',
      },
    });
    if (note.status !== 201) {
      throw new Error(`create note: ${note.status} ${note.text}`);
    }
    const upload = await request('POST', '/api/uploads', {
      token: tokens['A/CLERK'],
      headers: {
        'upload-length': '100',
        'upload-metadata': Object.entries({ filename: 'scan.pdf', caseId, volume: '1' })
          .map(([k, v]) => `${k} ${Buffer.from(v).toString('base64')}`)
          .join(','),
      },
    });
    const uploadId = upload.headers.get('location')?.split('/').at(-1);
    if (upload.status !== 201 || !uploadId) {
      throw new Error(`create upload: ${upload.status} ${upload.text}`);
    }
    const created = async (path: string, body: unknown, key: string) => {
      const res = await request('POST', `/api/cases/${caseId}/${path}`, {
        token: tokens['A/CLERK'],
        body,
      });
      if (res.status !== 201) {
        throw new Error(`create ${path}: ${res.status} ${res.text}`);
      }
      return (res.json[key] as { id: string }).id;
    };
    const mapId = await created('maps', { title: `Sơ đồ ${SECRET_MARKER}` }, 'map');
    const exhibitId = await created(
      'exhibits',
      { kind: 'page', pageId: pageIds[0], label: `Tài liệu ${SECRET_MARKER}` },
      'exhibit',
    );
    const hearingId = await created(
      'hearings',
      { heldOn: '2026-11-01', court: `Tòa án ${SECRET_MARKER}` },
      'hearing',
    );
    const started = await request('POST', `/api/cases/${caseId}/presentations`, {
      token: tokens['A/CLERK'],
    });
    if (started.status !== 201) {
      throw new Error(`start presentation: ${started.status} ${started.text}`);
    }
    const presentation = started.json.presentation as { id: string; code: string };
    const documentId = (
      await server.deps.db
        .selectFrom('documents')
        .select('id')
        .where('case_id', '=', caseId)
        .executeTakeFirstOrThrow()
    ).id;
    /*
     * THE fixture map: one value per route parameter name. A route with a parameter missing here
     * fails the matrix with a message naming it. Ids of objects that need a long pipeline to exist
     * (structure edits, integrity explanations, uploads, export manifests) are well-formed ids
     * that exist nowhere: the route must still answer 403/404, never 2xx or 5xx.
     */
    return {
      caseId,
      pageId: pageIds[0]!,
      annotationId: note.json.annotation.id as string,
      documentId,
      volumeNumber: '1',
      volumeId: 'vol_doesnotexist0000',
      userId: userIds['A/CLERK']!,
      unitId: unitIds.A,
      editId: generateId({ prefix: 'edt' }),
      explanationId: 'anx_doesnotexist0000000',
      uploadId,
      jobId: generateId({ prefix: 'job' }),
      sha256: 'a'.repeat(64),
      fileName: 'scan.pdf',
      mapId,
      exhibitId,
      hearingId,
      targetId: generateId({ prefix: 'tgt' }),
      presentationId: presentation.id,
      code: presentation.code,
    } as Record<string, string>;
  };
  const normalCaseId = await createCase(`Vụ trộm ${SECRET_MARKER}`, 'NORMAL');
  const confidentialCaseId = await createCase(`Vụ mật ${SECRET_MARKER}`, 'CONFIDENTIAL');
  const fixtures = await fixturesFor(normalCaseId);
  const confidentialFixtures = await fixturesFor(confidentialCaseId);

  return {
    server,
    app,
    request,
    login,
    tokens,
    userIds,
    unitIds,
    normalCaseId,
    confidentialCaseId,
    fixtures,
    confidentialFixtures,
    roles: ROLES as readonly Role[],
    close: () => server.close(),
  };
}
