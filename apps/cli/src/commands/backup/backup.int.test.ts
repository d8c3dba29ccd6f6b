import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PGlite } from '@electric-sql/pglite';
import { pg_trgm } from '@electric-sql/pglite/contrib/pg_trgm';
import { unaccent } from '@electric-sql/pglite/contrib/unaccent';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestCli } from '../../cli.test-utils.ts';

/*
 * The admin commands end to end on an embedded (PGlite) installation on disk, as an operator
 * runs them with the server stopped: backup into two targets, verify, status, audit verify
 * (intact, then after a DBA edits one row: exit 1 naming it), restore into a fresh DATA_DIR.
 */
describe('sohoa backup, restore and audit verify', () => {
  let root: string;
  let cli: Awaited<ReturnType<typeof createTestCli>>;
  let envA: Record<string, string>;

  beforeAll(async () => {
    root = await mkdtemp(join(tmpdir(), 'sohoa-cli-backup-'));
    envA = {
      DATA_DIR: join(root, 'a'),
      LOG_LEVEL: 'silent',
      BACKUP_TARGETS: `${join(root, 't1')},${join(root, 't2')}`,
    };
    cli = await createTestCli({ env: envA });
    expect((await cli.run(['migrate'])).code).toBe(0);
  }, 240_000);
  afterAll(async () => {
    await cli?.cleanup();
    await rm(root, { recursive: true, force: true });
  });

  it('backs up into both targets, verifies them and reports them fresh', async () => {
    const backup = await cli.run(['--json', 'backup']);
    expect(backup.code, backup.stderr).toBe(0);
    expect(backup.json<{ dirs: string[] }>().dirs).toHaveLength(2);
    const verify = await cli.run(['backup', 'verify', join(root, 't2')]);
    expect(verify.code, verify.stderr).toBe(0);
    const status = await cli.run(['backup', 'status']);
    expect(status.code, status.stderr).toBe(0);
    expect(status.stdout).toContain('✓');
    const lonely = await cli.run(['backup', 'status'], {
      env: { BACKUP_TARGETS: join(root, 't1') },
    });
    expect(lonely.code).toBe(1);
  }, 240_000);

  it('audit verify passes, then names the row a DBA edited', async () => {
    const intact = await cli.run(['audit', 'verify']);
    expect(intact.code, intact.stderr).toBe(0);
    expect(intact.stdout).toMatch(/intact|nguyên vẹn/);

    // A DBA with the owner's rights: trigger off, one row edited.
    const pglite = await PGlite.create(join(root, 'a', 'db'), {
      extensions: { unaccent, pg_trgm },
    });
    await pglite.exec('ALTER TABLE audit_events DISABLE TRIGGER audit_events_append_only_rows');
    await pglite.exec(
      `UPDATE audit_events SET details = '{"targets":[]}'::jsonb WHERE action = 'backup.created'`,
    );
    const { rows } = await pglite.query<{ seq: number }>(
      `SELECT seq FROM audit_events WHERE action = 'backup.created'`,
    );
    await pglite.close();

    const broken = await cli.run(['--lang', 'en', 'audit', 'verify']);
    expect(broken.code).toBe(1);
    expect(broken.stderr).toContain(`AUDIT CHAIN BROKEN at event #${rows[0]!.seq}`);
    expect(broken.stderr).toContain('the event was edited');
  }, 240_000);

  it('restores into a fresh data folder; run again it reports the restore done; it refuses a data folder holding other data', async () => {
    const envB = { DATA_DIR: join(root, 'b'), BACKUP_TARGETS: '' };
    const restored = await cli.run(['--json', 'restore', join(root, 't1')], { env: envB });
    expect(restored.code, restored.stderr).toBe(0);
    expect(restored.json<{ restored: Record<string, number> }>().restored.audit_events).toBe(0);
    const again = await cli.run(['--lang', 'en', 'restore', join(root, 't1')], { env: envB });
    expect(again.code, again.stderr).toBe(0);
    expect(again.stdout).toContain('had already been fully restored here (nothing changed)');
    // The source installation: its audit trail goes on after the backup, so it is other data.
    const foreign = await cli.run(['restore', join(root, 't1')]);
    expect(foreign.code).toBe(1);
    expect(foreign.stderr).toContain('backup.restore_target_not_empty');
  }, 240_000);
});
