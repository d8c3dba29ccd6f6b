import { stat } from 'node:fs/promises';
import { join } from 'node:path';
import type { Case, CaseList, Unit, User } from '@sohoa/contracts';
// eslint-disable-next-line no-restricted-imports -- the integration test boots the real server in-process; the CLI itself only talks HTTP.
import { startTestHttpServer } from '@sohoa/server/test-utils';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { closedPortUrl, createTestCli } from './cli.test-utils.ts';

const ADMIN_PASSWORD = 'Matkhau2025admin';
const USER_PASSWORD = 'Matkhau2025user';

describe('sohoa CLI against a real server', () => {
  let server: Awaited<ReturnType<typeof startTestHttpServer>>;
  /** The administrator's terminal. */
  let cli: Awaited<ReturnType<typeof createTestCli>>;
  /** The regional unit leader's terminal: ADMIN manages people, not case contents. */
  let leaderCli: Awaited<ReturnType<typeof createTestCli>>;
  // Filled in as the scenario progresses; later tests build on earlier ones.
  const ids = { root: '', regional: '', prosecutor: '', leader: '', clerk: '', case: '' };

  beforeAll(async () => {
    server = await startTestHttpServer();
    cli = await createTestCli();
    leaderCli = await createTestCli({ env: { SOHOA_URL: server.url } });
  });

  afterAll(async () => {
    await cli?.cleanup();
    await leaderCli?.cleanup();
    await server?.close();
  });

  test('setup creates the root unit and the first admin from flags and a password on stdin', async () => {
    const run = await cli.run(
      [
        'setup',
        '--url',
        server.url,
        '--unit-code',
        'VKS-HN',
        '--unit-name',
        'VKSND thành phố Hà Nội',
        '--unit-level',
        'PROVINCIAL',
        '--admin-username',
        'admin',
        '--admin-name',
        'Nguyễn Quản Trị',
        '--password-stdin',
      ],
      { stdin: `${ADMIN_PASSWORD}\n` },
    );
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    expect(run.stdout).toContain('Đã khởi tạo hệ thống.');
    expect(run.stdout).toContain('VKSND cấp tỉnh, thành phố');
  });

  test('a second setup is refused by the server with setup.already_done', async () => {
    const again = await cli.run(
      [
        'setup',
        '--url',
        server.url,
        '--unit-code',
        'X1',
        '--unit-name',
        'X',
        '--unit-level',
        'SUPREME',
        '--admin-username',
        'admin2',
        '--admin-name',
        'X',
        '--password-stdin',
      ],
      { stdin: ADMIN_PASSWORD },
    );
    expect(again.code).toBe(1);
    expect(again.stderr).toContain('Lỗi [setup.already_done]: Hệ thống đã được khởi tạo.');
  });

  test('login stores the server URL and the token in a credentials file only its owner can read', async () => {
    const run = await cli.run(
      ['login', '--url', server.url, '--username', 'admin', '--password-stdin'],
      {
        stdin: `${ADMIN_PASSWORD}\n`,
      },
    );
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    expect(run.stdout).toContain('Quản trị hệ thống');
    const file = join(cli.configDir, 'credentials.json');
    expect((await stat(file)).mode & 0o777).toBe(0o600);
    const json = await cli.run(['whoami', '--json']);
    expect(json.code).toBe(0);
    expect(json.json<{ user: User }>().user.username).toBe('admin');
    expect(json.stdout).not.toContain('token');
  });

  test('unit add creates a regional unit under the provincial root and unit list shows level names', async () => {
    const { units } = (await cli.run(['unit', 'list', '--json'])).json<{ units: Unit[] }>();
    ids.root = units.find((u) => u.code === 'VKS-HN')!.id;
    const add = await cli.run([
      'unit',
      'add',
      '--code',
      'VKS-HN-KV1',
      '--name',
      'VKSND khu vực 1 - Hà Nội',
      '--level',
      'REGIONAL',
      '--parent',
      ids.root,
      '--json',
    ]);
    expect(add.code).toBe(0);
    const { unit } = add.json<{ unit: Unit }>();
    expect(unit).toMatchObject({ code: 'VKS-HN-KV1', level: 'REGIONAL', parentId: ids.root });
    ids.regional = unit.id;

    const list = await cli.run(['unit', 'list']);
    expect(list.code).toBe(0);
    expect(list.stdout).toContain('VKSND khu vực (cấp huyện)');
    expect(list.stdout).toContain('  VKSND khu vực 1 - Hà Nội');
  });

  test('user add creates accounts with one or several roles; user list names the roles', async () => {
    const add = async (username: string, name: string, roles: string[]) => {
      const run = await cli.run(
        [
          'user',
          'add',
          '--unit',
          ids.regional,
          '--username',
          username,
          '--name',
          name,
          ...roles.flatMap((role) => ['--role', role]),
          '--password-stdin',
          '--json',
        ],
        { stdin: `${USER_PASSWORD}\n` },
      );
      expect(run.stderr).toBe('');
      expect(run.code).toBe(0);
      return run.json<{ user: User }>().user;
    };
    ids.prosecutor = (await add('ksv.an', 'Trần Văn An', ['PROSECUTOR'])).id;
    const leader = await add('vt.binh', 'Lê Thị Bình', ['LEADER', 'PROSECUTOR']);
    expect(leader.roles).toEqual(expect.arrayContaining(['LEADER', 'PROSECUTOR']));
    ids.leader = leader.id;
    ids.clerk = (await add('cv.cuong', 'Phạm Văn Cường', ['CLERK'])).id;

    const json = await cli.run(['user', 'list', '--unit', ids.regional, '--json']);
    expect(
      json
        .json<{ users: User[] }>()
        .users.map((u) => u.username)
        .sort(),
    ).toEqual(['cv.cuong', 'ksv.an', 'vt.binh']);
    const human = await cli.run(['user', 'list', '--unit', ids.regional]);
    expect(human.stdout).toContain('Kiểm sát viên');
    expect(human.stdout).toContain('Chuyên viên');
  });

  test('user add reports the server password policy in Vietnamese', async () => {
    const run = await cli.run(
      [
        'user',
        'add',
        '--unit',
        ids.regional,
        '--username',
        'yeu',
        '--name',
        'Yếu',
        '--role',
        'CLERK',
        '--password-stdin',
      ],
      { stdin: 'ngan1' },
    );
    expect(run.code).toBe(1);
    expect(run.stderr).toContain('Lỗi [auth.weak_password]: Mật khẩu phải có ít nhất 10 ký tự');
  });

  test('case create sends charges and parties parsed from their flags', async () => {
    const login = await leaderCli.run(['login', '--username', 'vt.binh', '--password-stdin'], {
      stdin: USER_PASSWORD,
    });
    expect(login.code).toBe(0);
    const run = await leaderCli.run([
      'case',
      'create',
      '--title',
      'Vụ trộm cắp tài sản tại phường Hoàn Kiếm',
      '--kind',
      'criminal',
      '--unit',
      ids.regional,
      '--number',
      '15/2025/HS',
      '--stage',
      'INVESTIGATION',
      '--confidentiality',
      'NORMAL',
      '--charge',
      'Trộm cắp tài sản:173:1',
      '--charge',
      'Tiêu thụ tài sản do người khác phạm tội mà có:323',
      '--party',
      'Nguyễn Văn A:BI_CAN',
      '--party',
      'Trần Thị B:BI_HAI',
      '--assign',
      ids.prosecutor,
      '--json',
    ]);
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    const created = run.json<{ case: Case }>().case;
    ids.case = created.id;
    // The creator is assigned by the server as well.
    expect(created.assigneeIds).toEqual(expect.arrayContaining([ids.leader, ids.prosecutor]));
    expect(created).toMatchObject({
      kind: 'criminal',
      unitId: ids.regional,
      internalNumber: '15/2025/HS',
      charges: [
        { name: 'Trộm cắp tài sản', article: 173, clause: '1', law: 'BLHS 2015' },
        { name: 'Tiêu thụ tài sản do người khác phạm tội mà có', article: 323, clause: null },
      ],
      parties: [
        { fullName: 'Nguyễn Văn A', roleCode: 'BI_CAN' },
        { fullName: 'Trần Thị B', roleCode: 'BI_HAI' },
      ],
    });
  });

  test('case list prints the API response with --json and a Vietnamese table otherwise', async () => {
    const json = await leaderCli.run(['case', 'list', '--json']);
    expect(json.code).toBe(0);
    const list = json.json<CaseList>();
    expect(list.total).toBe(1);
    expect(list.items[0]?.id).toBe(ids.case);
    expect(
      (await leaderCli.run(['case', 'list', '--kind', 'civil', '--json'])).json<CaseList>().total,
    ).toBe(0);

    const human = await leaderCli.run(['case', 'list']);
    expect(human.code).toBe(0);
    for (const text of ['Số thụ lý', '15/2025/HS', 'Hình sự', 'Điều tra', 'Thường', 'Trang 1/1']) {
      expect(human.stdout).toContain(text);
    }
  });

  test('case show prints every field with Vietnamese labels, charges cited in legal form', async () => {
    const json = await leaderCli.run(['case', 'show', ids.case, '--json']);
    expect(json.json<{ case: Case }>().case.id).toBe(ids.case);

    const human = await leaderCli.run(['case', 'show', ids.case]);
    expect(human.code).toBe(0);
    for (const text of [
      'Vụ trộm cắp tài sản tại phường Hoàn Kiếm',
      'Loại vụ án',
      'Hình sự',
      'Trộm cắp tài sản — khoản 1 Điều 173 BLHS 2015',
      'Nguyễn Văn A — Bị can',
      'Trần Thị B — Bị hại',
    ]) {
      expect(human.stdout).toContain(text);
    }
  });

  test('--lang en switches the labels to English', async () => {
    const human = await leaderCli.run(['case', 'show', ids.case, '--lang', 'en']);
    expect(human.stdout).toContain('Criminal');
    expect(human.stdout).toContain('Investigation');
    const viaEnv = await leaderCli.run(['case', 'list'], { env: { SOHOA_LANG: 'en' } });
    expect(viaEnv.stdout).toContain('Page 1/1');
  });

  test('case assign replaces the assignees', async () => {
    const run = await leaderCli.run(['case', 'assign', ids.case, ids.leader, ids.clerk, '--json']);
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    expect(run.json<{ case: Case }>().case.assigneeIds.sort()).toEqual(
      [ids.leader, ids.clerk].sort(),
    );
  });

  test('the administrator manages people, not case contents: unassigned cases stay hidden', async () => {
    const run = await cli.run(['case', 'list', '--json']);
    expect(run.code).toBe(0);
    expect(run.json<CaseList>().total).toBe(0);
    const create = await cli.run(['case', 'create', '--title', 'Vụ án', '--kind', 'civil']);
    expect(create.code).toBe(1);
    expect(create.stderr).toContain('Lỗi [access.forbidden]');
  });

  test('user disable and enable switch the account status', async () => {
    const disabled = await cli.run(['user', 'disable', ids.clerk, '--json']);
    expect(disabled.json<{ user: User }>().user.status).toBe('DISABLED');
    const enabled = await cli.run(['user', 'enable', ids.clerk]);
    expect(enabled.code).toBe(0);
    expect(enabled.stdout).toContain('Hoạt động');
  });

  test('a wrong password exits 1 with the server message in the chosen language', async () => {
    const vi = await cli.run(['login', '--username', 'admin', '--password-stdin'], {
      stdin: 'Saimatkhau123',
    });
    expect(vi.code).toBe(1);
    expect(vi.stderr).toContain(
      'Lỗi [auth.invalid_credentials]: Tên đăng nhập hoặc mật khẩu không đúng.',
    );
    expect(vi.stderr).not.toMatch(/\n\s+at /);
    const en = await cli.run(['login', '--username', 'admin', '--password-stdin', '--lang', 'en'], {
      stdin: 'Saimatkhau123',
    });
    expect(en.code).toBe(1);
    expect(en.stderr).toContain('Error [auth.invalid_credentials]: Wrong username or password.');
    // The failed logins did not replace the stored session.
    expect((await cli.run(['whoami'])).code).toBe(0);
  });

  test('an unknown case kind is a usage error (exit 2)', async () => {
    const run = await cli.run(['case', 'create', '--title', 'Vụ án', '--kind', 'piracy']);
    expect(run.code).toBe(2);
    expect(run.stderr).toContain("argument 'piracy' is invalid");
  });

  test('an unreachable server exits 3 with a message naming the URL', async () => {
    const url = await closedPortUrl();
    const run = await cli.run(['case', 'list', '--url', url]);
    expect(run.code).toBe(3);
    expect(run.stderr).toContain(`Không kết nối được tới máy chủ sohoa tại ${url}`);
    expect(run.stderr).toContain(`Cannot reach the sohoa server at ${url}`);
  });

  test('case show of an unknown id exits 1 with case.not_found', async () => {
    const run = await leaderCli.run(['case', 'show', 'case_0000000000notfound']);
    expect(run.code).toBe(1);
    expect(run.stderr).toContain('Lỗi [case.not_found]: Không tìm thấy hồ sơ vụ án.');
  });

  test('after logout the stored token is gone and commands ask to log in', async () => {
    const logout = await cli.run(['logout']);
    expect(logout.code).toBe(0);
    await expect(stat(join(cli.configDir, 'credentials.json'))).rejects.toThrow();
    const run = await cli.run(['case', 'list', '--url', server.url]);
    expect(run.code).toBe(1);
    expect(run.stderr).toContain('[auth.required]');
    expect(run.stderr).toContain('sohoa login');
  });
});
