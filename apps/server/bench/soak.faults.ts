/*
 * The kill -9 part of `npm run soak` (issue 8, "Load and faults"): on a stopped installation,
 * `sohoa backup` is SIGKILLed once its first blob copy lands, `sohoa backup verify` must call the
 * leftover incomplete, and the next backup must succeed and remove it; `sohoa restore` into a
 * fresh data dir is SIGKILLed once its first blob lands, then again once every blob is in (it is
 * building the database), and the next restore must succeed with data equal to the source (every
 * row, every blob hash). Every step is bounded in time (SOAK_FAULT_TIMEOUT_SECONDS, default 300).
 */
import { readdir } from 'node:fs/promises';
import path from 'node:path';
import {
  countFiles,
  dumpDatabase,
  hashBlobTree,
  runSohoa,
  runSohoaKilledWhen,
} from '../src/modules/backup/backup.faults.test-utils.ts';
import { exists } from '../src/modules/backup/backup.files.ts';
import { readManifest, resolveBackup } from '../src/modules/backup/backup.usecases.ts';

const TIMEOUT_MS = Number(process.env.SOAK_FAULT_TIMEOUT_SECONDS ?? 300) * 1000;

export async function killDuringBackupAndRestore({
  dataDir,
  out,
}: {
  dataDir: string;
  out: (line: string) => void;
}) {
  const target = path.join(dataDir, '..', `${path.basename(dataDir)}-backup`);
  const restored = path.join(dataDir, '..', `${path.basename(dataDir)}-restored`);
  const env = (dir: string) => ({ DATA_DIR: dir, BACKUP_TARGETS: target, LOG_LEVEL: 'warn' });
  const checks: Array<[string, boolean]> = [];
  const check = (name: string, ok: boolean) => {
    checks.push([name, ok]);
    return ok;
  };
  const bounded = { timeoutMs: TIMEOUT_MS };

  const killedBackup = await runSohoaKilledWhen({
    args: ['backup'],
    env: env(dataDir),
    when: () => exists(path.join(target, 'blobs')),
    ...bounded,
  });
  const copied = await countFiles(path.join(target, 'blobs'));
  check('backup killed mid-way', killedBackup.killed);
  out(
    `kill -9 backup after ${killedBackup.afterMs} ms: killed=${killedBackup.killed}, blobs copied before the kill: ${copied}`,
  );
  const [partialId] = await readdir(path.join(target, 'backups')).catch(() => [] as string[]);
  const partial = path.join(target, 'backups', partialId ?? 'none');
  const verifyPartial = await runSohoa(['--lang', 'en', 'backup', 'verify', partial], {});
  check(
    'verify refuses the partial backup',
    verifyPartial.code === 1 && verifyPartial.stderr.includes('backup.incomplete'),
  );
  out(
    `  backup verify <partial>: exit ${verifyPartial.code}: ${verifyPartial.stderr.trim().split('\n')[0]}`,
  );
  const t0 = Date.now();
  const backup = await runSohoa(['--json', 'backup'], env(dataDir));
  const backupOk = check(
    'next backup succeeds and cleans the partial one',
    backup.code === 0 && backup.stdout.includes(partialId ?? '?'),
  );
  out(
    `  next backup: exit ${backup.code} in ${Date.now() - t0} ms${backupOk ? `, removed ${partialId}` : `: ${backup.stderr.trim()}`}`,
  );
  const verify = await runSohoa(['backup', 'verify', target], {});
  check('next backup verifies', verify.code === 0);
  out(`  backup verify: exit ${verify.code}`);

  const blobDir = path.join(restored, 'blobs', 'sha256');
  const firstKill = await runSohoaKilledWhen({
    args: ['restore', target],
    env: env(restored),
    when: async () => (await countFiles(blobDir)) > 0,
    ...bounded,
  });
  check('restore killed during blobs', firstKill.killed);
  out(`kill -9 restore after ${firstKill.afterMs} ms (first blob): killed=${firstKill.killed}`);
  // What the backup holds: the blobs the database refers to (the store may hold more).
  const manifest = await readManifest(await resolveBackup({ dir: target }));
  const allSource = await hashBlobTree(path.join(dataDir, 'blobs'));
  const total = Object.fromEntries(
    manifest.blobs.map((b) => [b.key, allSource[b.key] ?? 'missing']),
  );
  const blobCount = manifest.blobs.length;
  const secondKill = await runSohoaKilledWhen({
    args: ['restore', target],
    env: env(restored),
    when: async () => (await countFiles(blobDir)) >= blobCount,
    ...bounded,
  });
  check('restore killed while building the database', secondKill.killed);
  out(
    `kill -9 restore after ${secondKill.afterMs} ms (all blobs in, database being built): killed=${secondKill.killed}`,
  );
  const t1 = Date.now();
  const restore = await runSohoa(['--json', 'restore', target], env(restored));
  check('next restore succeeds', restore.code === 0);
  out(
    `  next restore: exit ${restore.code} in ${Date.now() - t1} ms${restore.code === 0 ? '' : `: ${restore.stderr.trim()}`}`,
  );
  let same = false;
  if (restore.code === 0) {
    const upTo = manifest.auditHead.lastSeq ?? 0;
    const [a, b] = [
      JSON.stringify(await dumpDatabase({ dbDir: path.join(dataDir, 'db'), auditUpToSeq: upTo })),
      JSON.stringify(await dumpDatabase({ dbDir: path.join(restored, 'db'), auditUpToSeq: upTo })),
    ];
    const blobsSame =
      JSON.stringify(await hashBlobTree(path.join(restored, 'blobs'))) === JSON.stringify(total);
    same = check('restored data identical (rows and blob hashes)', a === b && blobsSame);
    out(
      `  restored vs source: rows identical=${a === b}, blobs identical=${blobsSame} (${blobCount} blobs)`,
    );
  }
  const failed = checks.filter(([, ok]) => !ok).map(([name]) => name);
  out(`kill -9 faults: ${failed.length === 0 && same ? 'PASS' : `FAIL (${failed.join('; ')})`}`);
  return { ok: failed.length === 0 && same };
}
