import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestCli } from '../../cli.test-utils.ts';

/*
 * The command's wiring: flags, and the server-side refusals printed as one bilingual line with
 * exit 1. The migration itself is tested in apps/server (store-migration.int.test.ts).
 */
describe('sohoa migrate-store', () => {
  let cli: Awaited<ReturnType<typeof createTestCli>>;
  beforeAll(async () => {
    cli = await createTestCli();
  });
  afterAll(() => cli.cleanup());

  it('needs --to and --blobs (usage error, exit 2)', async () => {
    const run = await cli.run(['migrate-store', '--blobs', 's3://sohoa-hn']);
    expect(run.code).toBe(2);
    expect(run.stderr).toContain('--to');
  });

  it('refuses a target that is not PostgreSQL, in both languages', async () => {
    const run = await cli.run(
      ['migrate-store', '--to', 'mysql://x@y/z', '--blobs', 's3://sohoa-hn'],
      { env: { DATA_DIR: cli.configDir } },
    );
    expect(run.code).toBe(1);
    expect(run.stderr).toContain('[store_migration.invalid_target]');
    expect(run.stderr).toContain('--to phải là');
    expect(run.stderr).toContain('--to must be');
  });

  it('refuses a directory without an embedded database', async () => {
    const run = await cli.run(
      ['migrate-store', '--to', 'postgres://x@127.0.0.1:1/z', '--blobs', 's3://sohoa-hn'],
      { env: { DATA_DIR: cli.configDir } },
    );
    expect(run.code).toBe(1);
    expect(run.stderr).toContain('[store_migration.source_missing]');
  });
});
