import { afterEach, beforeEach, describe, expect, test } from 'vitest';
import { closedPortUrl, createTestCli } from './cli.test-utils.ts';

describe('runCli without a server', () => {
  let cli: Awaited<ReturnType<typeof createTestCli>>;
  beforeEach(async () => {
    cli = await createTestCli();
  });
  afterEach(async () => {
    await cli.cleanup();
  });

  test('an unknown case kind is a usage error (exit 2) naming the allowed kinds', async () => {
    const run = await cli.run(['case', 'create', '--title', 'Vụ án', '--kind', 'piracy']);
    expect(run.code).toBe(2);
    expect(run.stderr).toContain('criminal, civil');
    expect(run.stdout).toBe('');
  });

  test('serve with a wrong setting stops with a message naming the variable', async () => {
    const run = await cli.run(['serve', '--port', '8080'], {
      env: { DATABASE_URL: 'mysql://db/x' },
    });
    expect(run.code).toBe(1);
    expect(run.stderr).toContain('Lỗi [config.invalid]');
    expect(run.stderr).toContain('DATABASE_URL="mysql://db/x"');
    expect(run.stderr).not.toMatch(/\n\s+at /);
  });

  test('an unreachable server exits 3 with a Vietnamese and English message naming the URL', async () => {
    const url = await closedPortUrl();
    const run = await cli.run(['unit', 'list', '--url', url]);
    expect(run.code).toBe(3);
    expect(run.stderr).toContain(`Không kết nối được tới máy chủ sohoa tại ${url}`);
    expect(run.stderr).toContain(`Cannot reach the sohoa server at ${url}`);
    expect(run.stderr).not.toMatch(/\n\s+at /);
  });

  test('setup without a terminal names every missing flag before contacting the server', async () => {
    const run = await cli.run(['setup', '--unit-code', 'HN', '--password-stdin'], {
      env: { SOHOA_URL: await closedPortUrl() },
    });
    expect(run.code).toBe(2);
    expect(run.stderr).toContain('--unit-name, --unit-level, --admin-username, --admin-name');
  });

  test('a password is never defaulted: without --password-stdin or a terminal it is an error', async () => {
    const run = await cli.run(['login', '--username', 'admin']);
    expect(run.code).toBe(2);
    expect(run.stderr).toContain('--password-stdin');
  });

  test('--help and --version succeed', async () => {
    expect((await cli.run(['--version'])).code).toBe(0);
    const help = await cli.run(['case', 'list', '--help']);
    expect(help.code).toBe(0);
    expect(help.stdout).toContain('--page-size');
  });

  test('logout without a stored session says so and succeeds', async () => {
    const run = await cli.run(['logout']);
    expect(run.code).toBe(0);
    expect(run.stdout).toContain('Chưa đăng nhập.');
  });
});
