import type { Db } from '../database/database.ts';
import { generateId } from '../shared/ids/ids.ts';
import type { ServerDependencies } from '../app/server.types.ts';

export const COURT_TEST_PASSWORD = 'MatKhau2026';

/** Pages of a case straight in the database (processed, with bút lục 1…count). */
export async function seedCasePages({
  deps,
  caseId,
  count,
  imageKey = 'none',
}: {
  deps: ServerDependencies;
  caseId: string;
  count: number;
  imageKey?: string;
}) {
  const db: Db = deps.db;
  const { volume } = await deps.volumesRepository.create({ caseId, number: 1, title: null });
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
      blob_key: imageKey,
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
        original_blob_key: imageKey,
        ocr_text: `Trang ${i + 1}`,
      })
      .execute();
    ids.push(id);
  }
  return { pageIds: ids };
}

/**
 * Setup (unit HN + a regional unit below), users clerk/prosecutor/leader of HN and a stranger
 * (clerk of the regional unit), and a case created by the clerk. `request` is `app.request` or
 * a fetch against a listening server.
 */
export async function seedCourtUsers({
  request,
}: {
  request: (path: string, init: RequestInit) => Promise<Response> | Response;
}) {
  const tokens: Record<string, string> = {};
  const json = async (path: string, method: string, body: unknown, who?: string) => {
    const response = await request(path, {
      method,
      headers: {
        'content-type': 'application/json',
        ...(who ? { authorization: `Bearer ${tokens[who]}` } : {}),
      },
      body: JSON.stringify(body),
    });
    // eslint-disable-next-line @typescript-eslint/no-explicit-any -- tests read untyped JSON
    return (await response.json()) as any;
  };
  const login = async (username: string) => {
    tokens[username] = (
      await json('/api/auth/login', 'POST', {
        username,
        password: COURT_TEST_PASSWORD,
        bearer: true,
      })
    ).token as string;
  };
  const setup = await json('/api/setup', 'POST', {
    unit: { code: 'HN', name: 'Hà Nội', level: 'PROVINCIAL' },
    admin: { username: 'admin', fullName: 'Admin', password: COURT_TEST_PASSWORD },
  });
  await login('admin');
  const other = await json(
    '/api/units',
    'POST',
    { code: 'KV1', name: 'Khu vực 1', level: 'REGIONAL', parentId: setup.unit.id },
    'admin',
  );
  for (const [username, unitId, role] of [
    ['clerk', setup.unit.id, 'CLERK'],
    ['prosecutor', setup.unit.id, 'PROSECUTOR'],
    ['leader', setup.unit.id, 'LEADER'],
    ['stranger', other.unit.id, 'CLERK'],
  ] as const) {
    await json(
      '/api/users',
      'POST',
      {
        unitId,
        username,
        fullName: `Cán bộ ${username}`,
        roles: [role],
        password: COURT_TEST_PASSWORD,
      },
      'admin',
    );
    await login(username);
  }
  const caseId = (
    await json('/api/cases', 'POST', { title: 'Trộm cắp tài sản', kind: 'criminal' }, 'clerk')
  ).case.id as string;
  return { tokens, caseId, unitId: setup.unit.id as string };
}
