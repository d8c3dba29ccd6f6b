import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Actor } from '../access/access.types.ts';
import {
  createTestDependencies,
  createTestJobRunner,
  seedUnitWithClerk,
} from '../app/server.test-utils.ts';
import type { ServerDependencies } from '../app/server.types.ts';
import { createTestDatabase } from '../database/database.test-utils.ts';
import {
  createScriptedPageProcessor,
  ingestScriptedCase,
  type ScriptedPage,
} from '../pipeline/scripted-page-processor.test-utils.ts';
import { SYSTEM_CONTEXT } from '../shared/request-context.ts';
import { getIntegrityReport, listPages } from './pages.usecases.ts';

/*
 * The integrity report over a whole case, with a scripted page processor, so numbering rules are
 * tested exactly and fast.
 */
type FakePage = ScriptedPage;
const fakeProcessor = createScriptedPageProcessor({ structure: 'none' });

describe('bút lục integrity of a case', () => {
  let deps: ServerDependencies;
  let close: () => Promise<void>;
  let actor: Actor;
  let runner: ReturnType<typeof createTestJobRunner>;

  beforeAll(async () => {
    const database = await createTestDatabase();
    close = database.close;
    deps = createTestDependencies({ db: database.db, pageProcessor: fakeProcessor });
    runner = createTestJobRunner({ deps });
    const seeded = await seedUnitWithClerk({ deps });
    actor = seeded.actor;
    await runner.start();
  });
  afterAll(async () => {
    await runner.stop();
    await close();
  });

  async function ingest(volumes: FakePage[][]) {
    const { caseId } = await ingestScriptedCase({ deps, actor, volumes });
    return caseId;
  }

  const cover = (from: number, to: number): FakePage => ({
    text: `HỒ SƠ VỤ ÁN\nTừ bút lục số ${String(from).padStart(2, '0')} đến bút lục số ${to}`,
    butLuc: null,
  });
  const sheet = (n: number | null): FakePage => ({ text: 'BIÊN BẢN', butLuc: n });
  const blank: FakePage = { text: '', butLuc: null, blank: true };

  it('checks the ranges stated on volume covers and finds nothing wrong in a clean file', async () => {
    const caseId = await ingest([
      [cover(1, 3), sheet(1), blank, sheet(2), sheet(3)],
      [cover(4, 5), sheet(4), sheet(5)],
    ]);
    const { report } = await getIntegrityReport({ actor, caseId, context: SYSTEM_CONTEXT, deps });
    expect(report).toMatchObject({
      anomalies: [],
      direction: 'ascending',
      highestButLuc: 5,
      statedSheets: 5,
      statedMatches: true,
      blankPages: 1,
      complete: true,
    });
    expect(report.statedRanges.map((r) => [r.volume, r.matches])).toEqual([
      [1, true],
      [2, true],
    ]);
  });

  it('reports a cover that disagrees, a gap, a duplicate and infers a missing stamp', async () => {
    const caseId = await ingest([
      [cover(1, 6), sheet(1), sheet(null), sheet(3), sheet(3), sheet(6)],
    ]);
    const { report } = await getIntegrityReport({ actor, caseId, context: SYSTEM_CONTEXT, deps });
    expect(report.statedMatches).toBe(true);
    expect(report.anomalies.map((a) => [a.type, a.butluc])).toEqual(
      expect.arrayContaining([
        ['missing', 2],
        ['duplicate', 3],
        ['skip', 4],
      ]),
    );
    const { pages } = await listPages({ actor, caseId, context: SYSTEM_CONTEXT, deps });
    expect(pages[2]).toMatchObject({ butLuc: 2, butLucSource: 'INFERRED' });

    const short = await ingest([[cover(1, 9), sheet(1), sheet(2)]]);
    const { report: shortReport } = await getIntegrityReport({
      actor,
      caseId: short,
      context: SYSTEM_CONTEXT,
      deps,
    });
    expect(shortReport.statedMatches).toBe(false);
    expect(shortReport.statedRanges[0]).toMatchObject({
      stated: { from: 1, to: 9 },
      actual: { from: 1, to: 2 },
      matches: false,
    });
  });
});
