import { createReadStream } from 'node:fs';
import {
  appendFile,
  mkdir,
  mkdtemp,
  readdir,
  readFile,
  rm,
  symlink,
  writeFile,
} from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { createTestDependencies } from '../app/server.test-utils.ts';
import { createTestDatabase, getDbVariants } from '../database/database.test-utils.ts';
import { intakeFiles } from '../intake/intake.usecases.ts';
import { createSilentLogger } from '../shared/logger/logger.ts';
import { createHotFolderRepository } from './hot-folder.repository.ts';
import { createFakePageProcessor, fakePdf } from './hot-folder.test-utils.ts';
import { HOT_FOLDER_CONTEXT, type HotFolderDeps } from './hot-folder.usecases.ts';
import { startHotFolder, type HotFolder } from './hot-folder.watcher.ts';

/*
 * The hot folder on a real database and a real directory tree, driven scan by scan with a fake
 * clock: `<root>/<unit code>/<case ref>/[tap_N/]<files>` → intake → processed/ or failed/.
 */
const variants = await getDbVariants();
const POLL = 60_000;
const STAMPED = /^\d{4}-\d\d-\d\dT\d\d-\d\d-\d\d\.\d{3}Z(?:-\d+)?_/;

describe.each(variants)('hot folder on %s', (variant) => {
  let deps: HotFolderDeps;
  let closeDb: () => Promise<void>;
  const cases: Record<string, string> = {};
  let root: string;
  let clock: number;
  let hot: HotFolder;

  beforeAll(async () => {
    const database = await createTestDatabase({ variant });
    closeDb = database.close;
    deps = {
      ...createTestDependencies({ db: database.db, pageProcessor: createFakePageProcessor() }),
      hotFolderRepository: createHotFolderRepository({ db: database.db }),
    };
    const { unit } = await deps.unitsRepository.create({
      unit: { code: 'HN', name: 'VKSND TP Hà Nội', level: 'PROVINCIAL', parentId: null },
    });
    const newCase = async (
      key: string,
      codes: { nationalCode?: string; internalNumber?: string },
    ) => {
      const { case: created } = await deps.casesRepository.create({
        fields: {
          unitId: unit.id,
          title: `Vụ án ${key}`,
          kind: 'criminal',
          nationalCode: codes.nationalCode ?? null,
          internalNumber: codes.internalNumber ?? null,
          charges: [],
          stage: 'INVESTIGATION',
          confidentiality: 'NORMAL',
          parties: [],
        },
        createdBy: null,
        assigneeIds: [],
      });
      cases[key] = created.id;
    };
    await newCase('A', { internalNumber: '12/2024/HS' });
    await newCase('B', { nationalCode: '79-2024-000123' });
    await newCase('C', {});
    await newCase('D1', { internalNumber: '5/2024' });
    await newCase('D2', { internalNumber: '5/2024' });
  });
  afterAll(async () => closeDb());

  beforeEach(async () => {
    root = await mkdtemp(path.join(os.tmpdir(), 'sohoa-hot-'));
    clock = Date.UTC(2026, 0, 15, 8, 30);
    hot = startHotFolder({
      root,
      pollMs: POLL,
      deps,
      logger: createSilentLogger(),
      now: () => clock,
    });
  });
  afterEach(async () => {
    vi.restoreAllMocks();
    await hot.stop();
    await rm(root, { recursive: true, force: true });
  });

  const put = async (relative: string, content: Buffer | string) => {
    const file = path.join(root, relative);
    await mkdir(path.dirname(file), { recursive: true });
    await writeFile(file, content);
    return file;
  };
  /** Two scans one full interval apart: what was dropped before the first is taken by the second. */
  const settle = async () => {
    await hot.scanOnce();
    clock += POLL;
    return hot.scanOnce();
  };
  const list = async (relative: string) => {
    try {
      return (await readdir(path.join(root, relative))).sort();
    } catch {
      return [];
    }
  };
  const sourcesOf = (caseId: string) =>
    deps.db
      .selectFrom('source_files')
      .innerJoin('volumes', 'volumes.id', 'source_files.volume_id')
      .select(['volumes.number as volume', 'source_files.original_name as name'])
      .where('source_files.case_id', '=', caseId)
      .orderBy('source_files.created_at')
      .execute();

  it('imports a file once its size and time stayed unchanged for a full interval, then moves it to processed/', async () => {
    await put('HN/12_2024_HS/scan1.pdf', fakePdf('scan1'));
    expect((await hot.scanOnce()).waiting).toEqual(['HN/12_2024_HS/scan1.pdf']);
    clock += POLL - 1;
    expect((await hot.scanOnce()).waiting).toEqual(['HN/12_2024_HS/scan1.pdf']);
    clock += 1;
    expect(await hot.scanOnce()).toEqual({
      processed: ['HN/12_2024_HS/scan1.pdf'],
      failed: [],
      waiting: [],
    });
    expect(await list('HN/12_2024_HS')).toEqual(['processed']);
    const moved = await list('HN/12_2024_HS/processed');
    expect(moved).toEqual(['2026-01-15T08-31-00.000Z_scan1.pdf']);
    expect(await sourcesOf(cases.A!)).toEqual([{ volume: 1, name: 'scan1.pdf' }]);
  });

  it('waits while the copier is still writing the file', async () => {
    const file = await put('HN/12_2024_HS/growing.pdf', fakePdf('growing, first pages'));
    await hot.scanOnce();
    await appendFile(file, 'more pages\n');
    clock += POLL;
    expect((await hot.scanOnce()).waiting).toEqual(['HN/12_2024_HS/growing.pdf']);
    clock += POLL;
    expect((await hot.scanOnce()).processed).toEqual(['HN/12_2024_HS/growing.pdf']);
  });

  it('sends tap_N, tập N and vol_N to volume N and finds the case by number, national code or id', async () => {
    await put('HN/12-2024-HS/tap_2/a.pdf', fakePdf('a'));
    // macOS writes decomposed accents (NFD) to shares.
    await put(`HN/12_2024_hs/${'Tập 3'.normalize('NFD')}/b.pdf`, fakePdf('b'));
    await put('HN/79-2024-000123/vol_4/c.pdf', fakePdf('c'));
    await put(`hn/${cases.C!}/d.pdf`, fakePdf('d'));
    const report = await settle();
    expect(report.failed).toEqual([]);
    expect(report.processed).toHaveLength(4);
    expect(await sourcesOf(cases.A!)).toEqual(
      expect.arrayContaining([
        { volume: 2, name: 'a.pdf' },
        { volume: 3, name: 'b.pdf' },
      ]),
    );
    expect(await sourcesOf(cases.B!)).toEqual([{ volume: 4, name: 'c.pdf' }]);
    expect(await sourcesOf(cases.C!)).toEqual([{ volume: 1, name: 'd.pdf' }]);
    // Volume files are moved to the case folder's processed/, the volume folder stays for the next scans.
    expect(await list('HN/12-2024-HS/tap_2')).toEqual([]);
    expect(await list('HN/12-2024-HS/processed')).toEqual([expect.stringMatching(/_a\.pdf$/)]);
  });

  it('imports the files of a folder in natural name order', async () => {
    for (const name of ['scan10.pdf', 'scan9.pdf', 'scan1.pdf']) {
      await put(`HN/${cases.C!}/tap_7/${name}`, fakePdf(`order ${name}`));
    }
    expect((await settle()).processed).toEqual([
      `HN/${cases.C!}/tap_7/scan1.pdf`,
      `HN/${cases.C!}/tap_7/scan9.pdf`,
      `HN/${cases.C!}/tap_7/scan10.pdf`,
    ]);
  });

  it('never touches temporary, partial or hidden files', async () => {
    const names = ['~$scan.pdf', 'scan.pdf.part', 'scan.tmp', '.DS_Store', 'Thumbs.db'];
    for (const name of names) {
      await put(`HN/12_2024_HS/${name}`, fakePdf(name));
    }
    await put('HN/.hidden/x.pdf', fakePdf('hidden'));
    expect(await settle()).toEqual({ processed: [], failed: [], waiting: [] });
    expect(await list('HN/12_2024_HS')).toEqual([...names].sort());
  });

  it('moves a rejected file to failed/ with the reason in Vietnamese and English', async () => {
    await put('HN/12_2024_HS/tap_5/ghi-chu.txt', 'không phải bản chụp');
    expect((await settle()).failed).toEqual(['HN/12_2024_HS/tap_5/ghi-chu.txt']);
    const failed = await list('HN/12_2024_HS/failed');
    expect(failed).toEqual([
      expect.stringMatching(new RegExp(`${STAMPED.source}ghi-chu\\.txt$`)),
      expect.stringMatching(/_ghi-chu\.txt\.error\.txt$/),
    ]);
    const reason = await readFile(path.join(root, 'HN/12_2024_HS/failed', failed[1]!), 'utf8');
    expect(reason.startsWith('\uFEFF')).toBe(true);
    expect(reason).toContain('Định dạng tệp không được hỗ trợ');
    expect(reason).toContain('Unsupported file type');
    expect(reason).toContain('source.unsupported_type');
    expect(reason).toContain('HN/12_2024_HS/tap_5/ghi-chu.txt');
  });

  it('sets files of an unknown unit, an unknown or ambiguous case aside in the unit folder, with a reason', async () => {
    await put('ZZ/1_2024/x.pdf', fakePdf('x'));
    await put('HN/999_2099/y.pdf', fakePdf('y'));
    await put('HN/5_2024/z.pdf', fakePdf('z'));
    await put('HN/12_2024_HS/misc/w.pdf', fakePdf('w'));
    const report = await settle();
    expect(report.failed.sort()).toEqual([
      'HN/12_2024_HS/misc/w.pdf',
      'HN/5_2024/z.pdf',
      'HN/999_2099/y.pdf',
      'ZZ/1_2024/x.pdf',
    ]);
    const reasonIn = async (dir: string, name: string) => {
      const file = (await list(dir)).find((f) => f.endsWith(`_${name}.error.txt`));
      return readFile(path.join(root, dir, file!), 'utf8');
    };
    expect(await reasonIn('ZZ/failed', 'x.pdf')).toMatch(/hot_folder\.unknown_unit[\s\S]*"ZZ"/);
    expect(await reasonIn('HN/failed', 'y.pdf')).toContain('hot_folder.unknown_case');
    expect(await reasonIn('HN/failed', 'z.pdf')).toContain('hot_folder.ambiguous_case');
    expect(await reasonIn('HN/12_2024_HS/failed', 'w.pdf')).toContain('tap_N');
    // The failed/ folders are not scanned again.
    clock += POLL;
    expect(await hot.scanOnce()).toEqual({ processed: [], failed: [], waiting: [] });
  });

  it('after a crash between intake and move, the re-submitted file is a duplicate and goes to processed/', async () => {
    const file = await put('HN/12_2024_HS/tap_9/crash.pdf', fakePdf('crash'));
    // What the dead process did before it could move the file.
    const first = await intakeFiles({
      actor: null,
      caseId: cases.A!,
      volumeNumber: 9,
      files: [{ name: 'crash.pdf', open: () => createReadStream(file) }],
      context: HOT_FOLDER_CONTEXT,
      deps,
    });
    expect(first.results).toMatchObject([{ status: 'accepted' }]);
    const intake = vi.spyOn(deps.intakeRepository, 'findSourceBySha');
    expect((await settle()).processed).toEqual(['HN/12_2024_HS/tap_9/crash.pdf']);
    expect(intake).toHaveBeenCalledTimes(1);
    expect((await sourcesOf(cases.A!)).filter((s) => s.name === 'crash.pdf')).toHaveLength(1);
    expect(await list('HN/12_2024_HS/processed')).toContainEqual(
      expect.stringMatching(/_crash\.pdf$/),
    );
  });

  it('goes on past dangling links, stray files and files that vanish, and imports the rest', async () => {
    await put('README.txt', 'root files are ignored');
    await put('HN/stray.pdf', fakePdf('stray'));
    await mkdir(path.join(root, 'HN/12_2024_HS'), { recursive: true });
    await symlink(path.join(root, 'nowhere.pdf'), path.join(root, 'HN/12_2024_HS/link.pdf'));
    const vanishing = await put('HN/12_2024_HS/vanishing.pdf', fakePdf('vanishing'));
    await put('HN/12_2024_HS/good.pdf', fakePdf('good'));
    await hot.scanOnce();
    await rm(vanishing);
    clock += POLL;
    expect(await hot.scanOnce()).toEqual({
      processed: ['HN/12_2024_HS/good.pdf'],
      failed: [],
      waiting: [],
    });
    expect(await list('HN')).toEqual(['12_2024_HS', 'stray.pdf']);
  });

  it('keeps a file whose case lookup or intake failed unexpectedly, and retries it later', async () => {
    await put('HN/12_2024_HS/retry.pdf', fakePdf('retry'));
    vi.spyOn(deps.hotFolderRepository, 'findUnitByCode').mockRejectedValueOnce(
      new Error('database unavailable'),
    );
    expect((await settle()).waiting).toEqual(['HN/12_2024_HS/retry.pdf']);
    vi.spyOn(deps.pageProcessor, 'inspectSource').mockRejectedValueOnce(new Error('pool crashed'));
    clock += POLL;
    expect((await hot.scanOnce()).waiting).toEqual(['HN/12_2024_HS/retry.pdf']);
    // Retried after a growing delay (two intervals after the first failure), not at every scan.
    clock += POLL;
    expect((await hot.scanOnce()).waiting).toEqual(['HN/12_2024_HS/retry.pdf']);
    clock += POLL;
    expect((await hot.scanOnce()).processed).toEqual(['HN/12_2024_HS/retry.pdf']);
  });

  it('polls on its own until stopped', async () => {
    await hot.stop();
    const live = startHotFolder({ root, pollMs: 50, deps, logger: createSilentLogger() });
    try {
      await put(`HN/${cases.C!}/live.pdf`, fakePdf('live'));
      await vi.waitFor(async () => expect(await list(`HN/${cases.C!}/processed`)).toHaveLength(1), {
        timeout: 10_000,
        interval: 50,
      });
    } finally {
      await live.stop();
    }
  });
});
