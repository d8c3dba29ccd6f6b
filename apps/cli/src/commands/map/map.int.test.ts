import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { setupUnitWithClerk } from '@sohoa/api-client/test-utils';
import { createApiClient, type ApiClient } from '@sohoa/api-client';
// eslint-disable-next-line no-restricted-imports -- the integration test boots the real server in-process; the CLI itself only talks HTTP.
import { startTestHttpServer } from '@sohoa/server/test-utils';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { createTestCli } from '../../cli.test-utils.ts';

const PASSWORD = 'Matkhau2025user';

describe('sohoa map … against a real server', () => {
  let server: Awaited<ReturnType<typeof startTestHttpServer>>;
  let cli: Awaited<ReturnType<typeof createTestCli>>;
  let api: ApiClient;
  let caseId: string;
  let dir: string;

  beforeAll(async () => {
    server = await startTestHttpServer({});
    const { loginClerk } = await setupUnitWithClerk({ baseUrl: server.url, password: PASSWORD });
    api = await loginClerk();
    caseId = (
      await api.createCase({
        title: 'Vụ cố ý gây thương tích',
        kind: 'criminal',
        parties: [{ fullName: 'Đỗ Văn Hải', roleCode: 'BI_CAN' }],
      })
    ).case.id;
    dir = await mkdtemp(path.join(tmpdir(), 'sohoa-cli-map-'));
    const token = (
      await createApiClient({ baseUrl: server.url }).login({
        username: 'clerk',
        password: PASSWORD,
      })
    ).token;
    cli = await createTestCli({ env: { SOHOA_URL: server.url, SOHOA_TOKEN: token ?? '' } });
  });
  afterAll(async () => {
    await cli?.cleanup();
    await server?.close();
    await rm(dir, { recursive: true, force: true });
  });

  test('drafts a map, exports it as XMind and imports the file back as a second map', async () => {
    const drafted = await cli.run(['--json', 'map', 'draft', caseId]);
    expect(drafted.code).toBe(0);
    const mapId = drafted.json<{ map: { id: string } }>().map.id;
    const out = path.join(dir, 'so-do.xmind');
    const exported = await cli.run([
      'map',
      'export',
      caseId,
      mapId,
      '--format',
      'xmind',
      '--out',
      out,
    ]);
    expect(exported.code).toBe(0);
    expect((await readFile(out)).subarray(0, 2).toString('latin1')).toBe('PK');
    const imported = await cli.run(['map', 'import', caseId, out]);
    expect(imported.code).toBe(0);
    const listed = await cli.run(['map', 'list', caseId]);
    expect(listed.stdout.trim().split('\n')).toHaveLength(2);
    expect(listed.stdout).toContain('Sơ đồ vụ án');
    const bad = await cli.run(['map', 'import', caseId, path.join(dir, 'x.docx')]);
    expect(bad.code).not.toBe(0);
  });
});
