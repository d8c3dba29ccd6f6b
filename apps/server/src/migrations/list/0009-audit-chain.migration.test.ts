import { sql } from 'kysely';
import { describe, expect, it } from 'vitest';
import { createAuditRepository } from '../../modules/audit/audit.repository.ts';
import { verifyAuditChain } from '../../modules/audit/audit.usecases.ts';
import { createDatabase } from '../../modules/database/database.ts';
import { migrations } from '../migrations.registry.ts';
import { runMigrations } from '../migrations.usecases.ts';

describe('migration 0009-audit-chain', () => {
  it('chains the events written before it, so the verifier accepts them and new ones follow', async () => {
    const { db, close } = await createDatabase({ driver: 'pglite', dataDir: null });
    try {
      const before = migrations.filter((m) => m.name < '0009');
      await runMigrations({ db, migrations: before });
      for (const [i, action] of ['auth.login', 'case.read', 'auth.logout'].entries()) {
        // Written as the old repository did: default occurred_at (microseconds), no hashes.
        await sql`
          INSERT INTO audit_events (id, actor_username, action, details)
          VALUES (${`aud_old${i}`}, 'kiemsat', ${action}, ${JSON.stringify({ i, note: 'cũ' })}::jsonb)
        `.execute(db);
      }
      await runMigrations({ db });
      const audit = createAuditRepository({ db });
      await audit.record({ event: { action: 'auth.login', attemptedUsername: 'moi' } });
      const result = await verifyAuditChain({ auditRepository: audit });
      expect(result).toMatchObject({ ok: true, checked: 4 });
      const { events } = await audit.chainPage({ afterSeq: null });
      expect(events.map((e) => e.id).slice(0, 3)).toEqual(['aud_old0', 'aud_old1', 'aud_old2']);
      expect(events.every((e) => e.hash?.length === 64)).toBe(true);
    } finally {
      await close();
    }
  }, 120_000);
});
