import { mkdir, readdir, stat } from 'node:fs/promises';
import path from 'node:path';
import type { Logger } from '../shared/logger/logger.ts';
import {
  HOT_FOLDER_REASONS,
  importHotFolderFile,
  isIgnoredName,
  isOutcomeDir,
  moveAside,
  parseVolumeFolder,
  resolveCaseFolder,
  type HotFolderDeps,
  type HotFolderOutcome,
} from './hot-folder.usecases.ts';

/** What one scan did; paths are relative to the root. */
export interface HotFolderScanReport {
  processed: string[];
  failed: string[];
  /** Seen but not settled yet, or waiting before a retry. */
  waiting: string[];
}

export interface HotFolder {
  /** Stops polling and waits for the scan in progress. */
  stop(): Promise<void>;
  /** Runs one scan now (after the one in progress, if any); used by tests. */
  scanOnce(): Promise<HotFolderScanReport>;
}

interface Candidate {
  path: string;
  label: string;
  /** null: the file sits in a subfolder that does not name a volume. */
  volume: number | null;
  folder: string;
}

const MAX_RETRY_DELAY_MS = 10 * 60_000;

const isFile = (file: string) =>
  stat(file).then(
    (info) => info.isFile(),
    () => false,
  );
const naturalOrder = new Intl.Collator('en', { numeric: true }).compare;

/**
 * Watches `<root>/<unit code>/<case ref>/[tap_N/]<files>` (scan-to-folder from office copiers) and
 * imports what settles there.
 *
 * It polls: copiers write to SMB/NFS shares, where inotify (fs.watch) never hears about changes
 * made by other machines. A file is taken once its size and mtime stayed the same over one full
 * poll interval (copiers create the file and then write it page by page); an empty file waits
 * longer (ten intervals, at least a minute) since some copiers create it before scanning. Files of
 * one folder are imported in natural name order (`scan2` before `scan10`), which sets the page
 * order in the volume. Nothing here throws out of a scan: bad folders, permission errors and files
 * that vanish are logged and skipped, unexpected failures are retried with a growing delay.
 *
 * @example
 * const hotFolder = startHotFolder({ root: '/srv/scan', pollMs: 2000, deps, logger });
 * await hotFolder.stop();
 */
export function startHotFolder({
  root,
  pollMs,
  deps,
  logger,
  now = () => Date.now(),
}: {
  root: string;
  pollMs: number;
  deps: HotFolderDeps;
  logger: Logger;
  now?: () => number;
}): HotFolder {
  const seen = new Map<string, { size: number; mtimeMs: number; since: number }>();
  const retries = new Map<string, { failures: number; notBefore: number }>();
  const warned = new Set<string>();
  let rootReady = false;

  const warnOnce = (key: string, details: Record<string, unknown>, message: string) => {
    if (!warned.has(key)) {
      warned.add(key);
      logger.warn(details, message);
    }
  };
  const rel = (file: string) => path.relative(root, file).split(path.sep).join('/');

  async function readEntries(dir: string): Promise<{ dirs: string[]; files: string[] }> {
    try {
      const entries = await readdir(dir, { withFileTypes: true });
      warned.delete(`dir:${dir}`);
      const visible = entries.filter((e) => !isIgnoredName(e.name));
      return {
        dirs: visible.filter((e) => e.isDirectory()).map((e) => e.name),
        // Symbolic links are stat-ed later: a dangling one just never settles.
        files: visible.filter((e) => e.isFile() || e.isSymbolicLink()).map((e) => e.name),
      };
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code;
      if (code !== 'ENOENT' || dir === root) {
        warnOnce(`dir:${dir}`, { dir, code }, 'hot folder: cannot read folder');
      }
      return { dirs: [], files: [] };
    }
  }

  async function settleState(file: string): Promise<'ready' | 'waiting' | 'gone'> {
    let info;
    try {
      info = await stat(file);
    } catch {
      seen.delete(file);
      return 'gone';
    }
    if (!info.isFile()) {
      return 'gone';
    }
    const t = now();
    const previous = seen.get(file);
    if (!previous || previous.size !== info.size || previous.mtimeMs !== info.mtimeMs) {
      seen.set(file, { size: info.size, mtimeMs: info.mtimeMs, since: t });
      return 'waiting';
    }
    const settle = info.size === 0 ? Math.max(pollMs * 10, 60_000) : pollMs;
    const retry = retries.get(file);
    return t - previous.since >= settle && (!retry || t >= retry.notBefore) ? 'ready' : 'waiting';
  }

  async function collect(caseDir: string): Promise<Candidate[]> {
    const { dirs, files } = await readEntries(caseDir);
    const found: Array<{ name: string; volume: number | null; folder: string }> = files.map(
      (name) => ({ name, volume: 1, folder: '' }),
    );
    for (const sub of dirs.filter((d) => !isOutcomeDir(d))) {
      const inner = await readEntries(path.join(caseDir, sub));
      const volume = parseVolumeFolder(sub);
      found.push(
        ...inner.files.map((name) => ({ name: path.join(sub, name), volume, folder: sub })),
      );
      if (inner.dirs.length > 0) {
        warnOnce(
          `nested:${caseDir}/${sub}`,
          { dir: rel(path.join(caseDir, sub)) },
          'hot folder: folders inside a volume folder are ignored',
        );
      }
    }
    return found
      .sort((a, b) => (a.volume ?? 0) - (b.volume ?? 0) || naturalOrder(a.name, b.name))
      .map((f) => ({
        ...f,
        path: path.join(caseDir, f.name),
        label: rel(path.join(caseDir, f.name)),
      }));
  }

  async function handleFile({
    file,
    unitDir,
    caseDir,
    resolved,
  }: {
    file: Candidate;
    unitDir: string;
    caseDir: string;
    resolved: Awaited<ReturnType<typeof resolveCaseFolder>>;
  }): Promise<HotFolderOutcome | null> {
    const at = new Date(now());
    try {
      let outcome: HotFolderOutcome = 'failed';
      if (resolved.caseId === null) {
        // No case to hold it: set aside under the unit folder, with the reason next to it.
        await moveAside({
          filePath: file.path,
          dir: path.join(unitDir, 'failed'),
          now: at,
          reason: { ...resolved.reason, label: file.label },
        });
      } else if (file.volume === null) {
        await moveAside({
          filePath: file.path,
          dir: path.join(caseDir, 'failed'),
          now: at,
          reason: {
            ...HOT_FOLDER_REASONS.unknownSubfolder({ folder: file.folder }),
            label: file.label,
          },
        });
      } else {
        const imported = await importHotFolderFile({
          filePath: file.path,
          label: file.label,
          caseDir,
          caseId: resolved.caseId,
          volumeNumber: file.volume,
          deps,
          now: at,
        });
        outcome = imported.outcome;
        const { results } = imported;
        logger.info(
          { file: file.label, caseId: resolved.caseId, outcome, results },
          'hot folder: imported',
        );
      }
      seen.delete(file.path);
      retries.delete(file.path);
      return outcome;
    } catch (error) {
      if (!(await isFile(file.path))) {
        // Moved or deleted behind our back (or by another watcher on the same share).
        seen.delete(file.path);
        retries.delete(file.path);
        logger.info({ file: file.label }, 'hot folder: file vanished while being imported');
        return null;
      }
      const failures = (retries.get(file.path)?.failures ?? 0) + 1;
      const delay = Math.min(pollMs * 2 ** failures, MAX_RETRY_DELAY_MS);
      retries.set(file.path, { failures, notBefore: now() + delay });
      logger.error(
        { err: error, file: file.label, failures, retryInMs: delay },
        'hot folder: import failed, will retry',
      );
      return null;
    }
  }

  async function scanCaseFolder({
    unitName,
    caseName,
    report,
    present,
  }: {
    unitName: string;
    caseName: string;
    report: HotFolderScanReport;
    /** Every candidate path met in this scan, to forget the others. */
    present: Set<string>;
  }) {
    const unitDir = path.join(root, unitName);
    const caseDir = path.join(unitDir, caseName);
    const ready: Candidate[] = [];
    for (const file of await collect(caseDir)) {
      present.add(file.path);
      const state = await settleState(file.path);
      if (state === 'ready') {
        ready.push(file);
      } else if (state === 'waiting') {
        report.waiting.push(file.label);
      }
    }
    if (ready.length === 0) {
      return;
    }
    let resolved;
    try {
      resolved = await resolveCaseFolder({
        unitFolder: unitName,
        caseFolder: caseName,
        hotFolderRepository: deps.hotFolderRepository,
      });
      warned.delete(`resolve:${caseDir}`);
    } catch (error) {
      warnOnce(
        `resolve:${caseDir}`,
        { err: error, dir: rel(caseDir) },
        'hot folder: cannot look the case up, will retry',
      );
      report.waiting.push(...ready.map((f) => f.label));
      return;
    }
    for (const file of ready) {
      const outcome = await handleFile({ file, unitDir, caseDir, resolved });
      (outcome ? report[outcome] : report.waiting).push(file.label);
    }
  }

  async function scan(): Promise<HotFolderScanReport> {
    const report: HotFolderScanReport = { processed: [], failed: [], waiting: [] };
    if (!rootReady) {
      await mkdir(root, { recursive: true }).then(
        () => (rootReady = true),
        (error: unknown) =>
          warnOnce(
            `mkdir:${root}`,
            { err: error, root },
            'hot folder: cannot create the root folder',
          ),
      );
    }
    const present = new Set<string>();
    for (const unitName of (await readEntries(root)).dirs) {
      const unitDir = path.join(root, unitName);
      const { dirs, files } = await readEntries(unitDir);
      if (files.length > 0) {
        warnOnce(
          `strays:${unitDir}`,
          { dir: unitName, files },
          'hot folder: files must be inside a case folder; left alone',
        );
      }
      for (const caseName of dirs.filter((d) => !isOutcomeDir(d))) {
        await scanCaseFolder({ unitName, caseName, report, present });
      }
    }
    for (const file of [...seen.keys(), ...retries.keys()]) {
      if (!present.has(file)) {
        seen.delete(file);
        retries.delete(file);
      }
    }
    return report;
  }

  let chain: Promise<unknown> = Promise.resolve();
  let timer: NodeJS.Timeout | null = null;
  let stopped = false;

  const scanOnce = () => {
    const run = chain.then(scan);
    chain = run.catch(() => undefined);
    return run;
  };
  const tick = () => {
    timer = null;
    void scanOnce()
      .catch((error: unknown) => logger.error({ err: error }, 'hot folder: scan failed'))
      .finally(schedule);
  };
  function schedule() {
    if (!stopped) {
      timer = setTimeout(tick, pollMs);
      timer.unref();
    }
  }

  logger.info({ root, pollMs }, 'hot folder: watching (polling)');
  schedule();
  return {
    scanOnce,
    stop: async () => {
      stopped = true;
      if (timer) {
        clearTimeout(timer);
      }
      await chain;
    },
  };
}
