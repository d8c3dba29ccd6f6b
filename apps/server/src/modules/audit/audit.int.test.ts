import type { Role } from '@sohoa/contracts';
import { readSheet } from 'read-excel-file/node';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Actor } from '../access/access.types.ts';
import { createTestJobRunner, createTestServer } from '../app/server.test-utils.ts';
import type { ServerDependencies } from '../app/server.types.ts';
import { hashPassword } from '../auth/auth.passwords.ts';
import { getDbVariants } from '../database/database.test-utils.ts';
import { listPages } from '../pages/pages.usecases.ts';
import {
  createScriptedPageProcessor,
  ingestScriptedCase,
} from '../pipeline/scripted-page-processor.test-utils.ts';
import { SYSTEM_CONTEXT } from '../shared/request-context.ts';

/*
 * The audit views over HTTP: a province with two districts. Leaders see their subtree, IT admins
 * theirs, a district leader never sees the other district, other roles see nothing; exports are
 * CSV/XLSX and audited; page image views are batched into one event per case and user; every
 * event written through the app keeps the chain intact.
 */
const variants = await getDbVariants();
const PASSWORD = 'matkhau2025audit';

describe.each(variants)('audit views on %s', (variant) => {
  let server: Awaited<ReturnType<typeof createTestServer>>;
  let deps: ServerDependencies;
  let runner: ReturnType<typeof createTestJobRunner>;
  const unitIds = new Map<string, string>();
  const actors = new Map<string, Actor>();
  const tokens = new Map<string, string>();
  let caseA: string;

  const get = (who: string, path: string) =>
    server.app.request(path, { headers: { authorization: `Bearer ${tokens.get(who)}` } });

  beforeAll(async () => {
    server = await createTestServer({
      variant,
      pageProcessor: createScriptedPageProcessor({ structure: 'none' }),
    });
    deps = server.deps;
    runner = createTestJobRunner({ deps });
    await runner.start();
    const unit = async (code: string, parent: string | null) => {
      const { unit: created } = await deps.unitsRepository.create({
        unit: {
          code,
          name: code,
          level: parent ? 'REGIONAL' : 'PROVINCIAL',
          parentId: parent ? unitIds.get(parent)! : null,
        },
      });
      unitIds.set(code, created.id);
    };
    await unit('PROV', null);
    await unit('D1', 'PROV');
    await unit('D2', 'PROV');
    const { hash } = await hashPassword({ password: PASSWORD, cost: 4 });
    const user = async (username: string, unitCode: string, roles: Role[]) => {
      const { user: created } = await deps.usersRepository.create({
        user: {
          unitId: unitIds.get(unitCode)!,
          username,
          fullName: username,
          roles,
          passwordHash: hash,
        },
      });
      actors.set(username, { userId: created.id, username, unitId: created.unitId, roles });
      const res = await server.app.request('/api/auth/login', {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'x-forwarded-for': '10.1.1.1' },
        body: JSON.stringify({ username, password: PASSWORD, bearer: true }),
      });
      expect(res.status).toBe(200);
      tokens.set(username, ((await res.json()) as { token: string }).token);
    };
    await user('provleader', 'PROV', ['LEADER']);
    await user('it', 'PROV', ['IT_SUPPORT']);
    await user('d1leader', 'D1', ['LEADER']);
    await user('d2leader', 'D2', ['LEADER']);
    await user('d1clerk', 'D1', ['CLERK']);
    ({ caseId: caseA } = await ingestScriptedCase({
      deps,
      actor: actors.get('d1clerk')!,
      volumes: [
        [
          { text: 'Trang 1', butLuc: 1 },
          { text: 'Trang 2', butLuc: 2 },
        ],
      ],
    }));
    expect((await get('d1clerk', `/api/cases/${caseA}`)).status).toBe(200);
  }, 180_000);
  afterAll(async () => {
    await runner?.stop();
    await server?.close();
  });

  type Listed = {
    events: Array<{
      action: string;
      actorUsername: string;
      caseId: string | null;
      actorRoles: string[];
      ip: string | null;
    }>;
  };
  const list = async (who: string, query: string) => {
    const res = await get(who, `/api/audit${query}`);
    return { status: res.status, body: (await res.json()) as Listed };
  };

  it('shows a leader the events of their subtree, with who, role, unit and IP', async () => {
    const { status, body } = await list('provleader', `?caseId=${caseA}&action=case.read`);
    expect(status).toBe(200);
    expect(body.events).toHaveLength(1);
    expect(body.events[0]).toMatchObject({ actorUsername: 'd1clerk', actorRoles: ['CLERK'] });
    const logins = await list('provleader', '?action=auth.login');
    expect(logins.body.events.map((e) => e.actorUsername).sort()).toEqual(
      ['d1clerk', 'd1leader', 'd2leader', 'it', 'provleader'].sort(),
    );
  });

  it('keeps a district leader inside their district', async () => {
    const own = await list('d1leader', `?caseId=${caseA}`);
    expect(own.body.events.length).toBeGreaterThan(0);
    const other = await list('d2leader', `?caseId=${caseA}`);
    expect(other.status).toBe(200);
    expect(other.body.events).toEqual([]);
    expect((await list('d2leader', `?unitId=${unitIds.get('D1')}`)).status).toBe(403);
    expect((await list('d1leader', `?unitId=${unitIds.get('PROV')}`)).status).toBe(403);
  });

  it('refuses the trail to roles that do not oversee it', async () => {
    expect((await list('d1clerk', '')).status).toBe(403);
    expect((await get('d1leader', '/api/audit/verify')).status).toBe(403);
  });

  it('batches page image views into one event per case and user', async () => {
    const clerk = actors.get('d1clerk')!;
    const { pages } = await listPages({
      actor: clerk,
      caseId: caseA,
      context: SYSTEM_CONTEXT,
      deps,
    });
    for (const page of [...pages, ...pages, pages[0]!]) {
      const res = await get('d1clerk', `/api/cases/${caseA}/pages/${page.id}/image`);
      expect(res.status).toBe(200);
    }
    // Grid thumbnails are not page reads.
    await get('d1clerk', `/api/cases/${caseA}/pages/${pages[0]!.id}/image?size=thumb`);
    expect((await list('d1leader', '?action=case.pages_viewed')).body.events).toEqual([]);
    await deps.pageViewAudit.flush();
    const { body } = await list('d1leader', '?action=case.pages_viewed');
    expect(body.events).toHaveLength(1);
    expect(body.events[0]).toMatchObject({
      actorUsername: 'd1clerk',
      caseId: caseA,
      details: { pages: 2, views: 5, pageIds: pages.map((p) => p.id) },
    });
  });

  it('exports CSV and XLSX of what the viewer may see, and audits the export', async () => {
    const csv = await get('provleader', `/api/audit.csv?caseId=${caseA}`);
    expect(csv.status).toBe(200);
    expect(csv.headers.get('content-type')).toContain('text/csv');
    const text = await csv.text();
    const lines = text.trim().split('\r\n');
    expect(lines[0]).toContain('Hành động');
    expect(lines.some((l) => l.includes('case.read') && l.includes('d1clerk'))).toBe(true);

    const xlsx = await get('it', `/api/audit.xlsx?unitId=${unitIds.get('D1')}`);
    expect(xlsx.status).toBe(200);
    const rows = await readSheet(Buffer.from(await xlsx.arrayBuffer()));
    expect(rows.length).toBeGreaterThan(2);
    expect(
      rows.slice(1).every((r) => typeof r[13] === 'string' && String(r[13]).length === 64),
    ).toBe(true);
    expect((await get('d2leader', `/api/audit.csv?unitId=${unitIds.get('D1')}`)).status).toBe(403);

    const exported = await list('provleader', '?action=audit.exported');
    expect(exported.body.events.map((e) => e.actorUsername).sort()).toEqual(['it', 'provleader']);
  });

  it('keeps the chain intact through everything the app wrote', async () => {
    const res = await get('it', '/api/audit/verify');
    expect(res.status).toBe(200);
    const result = (await res.json()) as { ok: boolean; checked: number };
    expect(result.ok).toBe(true);
    expect(result.checked).toBeGreaterThan(10);
  });
});
