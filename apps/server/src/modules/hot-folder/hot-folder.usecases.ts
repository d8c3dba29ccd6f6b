import { createReadStream } from 'node:fs';
import { mkdir, rename, stat, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { intakeFiles, type IntakeDeps, type IntakeFileResult } from '../intake/intake.usecases.ts';
import type { RequestContext } from '../shared/request-context.ts';
import type { HotFolderRepository } from './hot-folder.repository.ts';

export interface HotFolderDeps extends IntakeDeps {
  hotFolderRepository: HotFolderRepository;
}

/** Why a file was set aside, in both languages (written to `<file>.error.txt`). */
export interface HotFolderReason {
  code: string;
  vi: string;
  en: string;
}

/** Audit context of hot-folder imports (no user: the copier dropped the file). */
export const HOT_FOLDER_CONTEXT: RequestContext = { ip: null, userAgent: 'hot-folder' };

/** Where the watcher puts what it is done with, inside case (or unit) folders; never scanned. */
export const OUTCOME_DIRS = ['processed', 'failed'] as const;
export type HotFolderOutcome = (typeof OUTCOME_DIRS)[number];

export const isOutcomeDir = (name: string) =>
  (OUTCOME_DIRS as readonly string[]).includes(name.toLowerCase());

/**
 * Names that are not (yet) scans: dotfiles, Office lock files, files still being copied by SMB
 * clients, browsers or WinSCP, and the litter Windows Explorer leaves on shares.
 */
const IGNORED_NAMES = [
  /^\./,
  /^~\$/,
  /\.(?:part|partial|filepart|tmp|crdownload)$/i,
  /^(?:thumbs\.db|desktop\.ini)$/i,
];

export function isIgnoredName(name: string): boolean {
  return IGNORED_NAMES.some((re) => re.test(name));
}

/** `tap_2`, `tap 2`, `Tập 02`, `vol_2`, `volume-2` → 2; anything else → null. */
export function parseVolumeFolder(name: string): number | null {
  // NFC: macOS clients write decomposed (NFD) names to SMB shares.
  const match = /^(?:tap|tập|vol|volume)[\s_-]*(\d{1,5})$/u.exec(
    name.normalize('NFC').trim().toLowerCase(),
  );
  const volume = match ? Number(match[1]) : null;
  return volume !== null && volume >= 1 && volume <= 10_000 ? volume : null;
}

export const HOT_FOLDER_REASONS = {
  unknownUnit: ({ unit }: { unit: string }): HotFolderReason => ({
    code: 'hot_folder.unknown_unit',
    vi: `Không có đơn vị nào mang mã "${unit}". Thư mục cấp thứ nhất phải là mã đơn vị (ví dụ HN).`,
    en: `No unit has the code "${unit}". First-level folders must be unit codes (e.g. HN).`,
  }),
  unknownCase: ({ unit, ref }: { unit: string; ref: string }): HotFolderReason => ({
    code: 'hot_folder.unknown_case',
    vi: `Đơn vị ${unit} không có hồ sơ "${ref}". Đặt tên thư mục theo số thụ lý (thay "/" bằng "_" hoặc "-"), mã hồ sơ điện tử hoặc mã hồ sơ (case_…).`,
    en: `Unit ${unit} has no case "${ref}". Name the folder after the case's internal number (with "/" written as "_" or "-"), its national code or its id (case_…).`,
  }),
  ambiguousCase: ({ unit, ref }: { unit: string; ref: string }): HotFolderReason => ({
    code: 'hot_folder.ambiguous_case',
    vi: `Tên thư mục "${ref}" khớp với nhiều hồ sơ của đơn vị ${unit}; hãy dùng mã hồ sơ (case_…).`,
    en: `The folder name "${ref}" matches several cases of unit ${unit}; use the case id (case_…).`,
  }),
  unknownSubfolder: ({ folder }: { folder: string }): HotFolderReason => ({
    code: 'hot_folder.unknown_subfolder',
    vi: `Thư mục con "${folder}" không phải là một tập: dùng tap_N (ví dụ tap_2), hoặc để tệp ngay trong thư mục hồ sơ (tập 1).`,
    en: `The subfolder "${folder}" is not a volume: use tap_N (e.g. tap_2), or put the files directly in the case folder (volume 1).`,
  }),
};

/** The case a `<unit code>/<case ref>` folder designates, or why none does. */
export async function resolveCaseFolder({
  unitFolder,
  caseFolder,
  hotFolderRepository,
}: {
  unitFolder: string;
  caseFolder: string;
  hotFolderRepository: HotFolderRepository;
}): Promise<{ caseId: string; reason: null } | { caseId: null; reason: HotFolderReason }> {
  const unitCode = unitFolder.normalize('NFC').trim();
  const { unit } = await hotFolderRepository.findUnitByCode({ code: unitCode });
  if (!unit) {
    return { caseId: null, reason: HOT_FOLDER_REASONS.unknownUnit({ unit: unitCode }) };
  }
  const ref = caseFolder.normalize('NFC').trim();
  const { caseIds } = await hotFolderRepository.findCasesByRef({ unitId: unit.id, ref });
  const [caseId, other] = caseIds;
  if (!caseId) {
    return { caseId: null, reason: HOT_FOLDER_REASONS.unknownCase({ unit: unit.code, ref }) };
  }
  if (other) {
    return { caseId: null, reason: HOT_FOLDER_REASONS.ambiguousCase({ unit: unit.code, ref }) };
  }
  return { caseId, reason: null };
}

/**
 * Imports one settled file through THE intake use case, then moves it out of the hot folder:
 * `processed/` when it was accepted or was already in the case (so a file re-submitted after a crash
 * between intake and move lands there too), `failed/` with a reason file when anything in it was
 * rejected. Other errors propagate and leave the file in place for the next scan.
 */
export async function importHotFolderFile({
  filePath,
  label,
  caseDir,
  caseId,
  volumeNumber,
  deps,
  now = new Date(),
}: {
  filePath: string;
  /** The file as the clerk sees it on the share (`HN/12_2024_HS/tap_2/scan.pdf`). */
  label: string;
  caseDir: string;
  caseId: string;
  volumeNumber: number;
  deps: HotFolderDeps;
  now?: Date;
}): Promise<{ outcome: HotFolderOutcome; to: string; results: IntakeFileResult[] }> {
  const { results } = await intakeFiles({
    actor: null,
    caseId,
    volumeNumber,
    files: [{ name: path.basename(filePath), open: () => createReadStream(filePath) }],
    context: HOT_FOLDER_CONTEXT,
    deps,
  });
  const rejected = results.filter((r) => r.status === 'rejected');
  if (rejected.length === 0) {
    const { to } = await moveAside({ filePath, dir: path.join(caseDir, 'processed'), now });
    return { outcome: 'processed', to, results };
  }
  const reason: HotFolderReason = {
    code: [...new Set(rejected.map((r) => r.code))].join(', '),
    vi: rejected.map((r) => r.messages.vi).join('\r\n'),
    en: rejected.map((r) => r.messages.en).join('\r\n'),
  };
  const { to } = await moveAside({
    filePath,
    dir: path.join(caseDir, 'failed'),
    now,
    reason: { ...reason, label },
  });
  return { outcome: 'failed', to, results };
}

/**
 * Moves a file to `<dir>/<timestamp>_<name>` by rename: atomic on one filesystem (the outcome
 * folders sit inside the watched tree), so a crash leaves the file either in place, to be
 * re-submitted (and found a duplicate), or moved, never half-copied. With a reason, writes
 * `<moved name>.error.txt` next to it.
 */
export async function moveAside({
  filePath,
  dir,
  now = new Date(),
  reason,
}: {
  filePath: string;
  dir: string;
  now?: Date;
  reason?: HotFolderReason & { label: string };
}): Promise<{ to: string }> {
  await mkdir(dir, { recursive: true });
  // No `:` in names: the shares are read from Windows.
  const stamp = now.toISOString().replace(/:/g, '-');
  const name = path.basename(filePath);
  let to = path.join(dir, `${stamp}_${name}`);
  for (let n = 1; await exists(to); n += 1) {
    to = path.join(dir, `${stamp}-${n}_${name}`);
  }
  await rename(filePath, to);
  if (reason) {
    await writeFile(`${to}.error.txt`, formatReason({ reason, now }), 'utf8');
  }
  return { to };
}

async function exists(file: string): Promise<boolean> {
  try {
    await stat(file);
    return true;
  } catch {
    return false;
  }
}

/** UTF-8 with a BOM and CRLF, so that Notepad on the clerks' Windows machines shows the accents. */
export function formatReason({
  reason,
  now,
}: {
  reason: HotFolderReason & { label: string };
  now: Date;
}): string {
  const lines = [
    'KHÔNG NẠP ĐƯỢC TỆP',
    `Tệp: ${reason.label}`,
    `Lý do: ${reason.vi}`,
    `Mã lỗi: ${reason.code}`,
    `Thời điểm: ${now.toISOString()}`,
    'Sửa lỗi rồi chép lại tệp vào thư mục hồ sơ để nạp lại.',
    '',
    'FILE NOT IMPORTED',
    `File: ${reason.label}`,
    `Reason: ${reason.en}`,
    `Error code: ${reason.code}`,
    `Time: ${now.toISOString()}`,
    'Fix the problem, then copy the file into the case folder again to re-import it.',
    '',
  ];
  return `\uFEFF${lines.join('\r\n')}`;
}
