import { open, unlink, type FileHandle } from 'node:fs/promises';
import { dirname } from 'node:path';

export function hasErrorCode(error: unknown, code: string): boolean {
  return error instanceof Error && 'code' in error && error.code === code;
}

/** A `.catch` handler turning one expected errno (`ENOENT`, `EEXIST`) into a value. */
export function recoverErrorCode<T>({ code, value }: { code: string; value: T }) {
  return (error: unknown): T => {
    if (hasErrorCode(error, code)) {
      return value;
    }
    throw error;
  };
}

/** `filehandle.write` may write fewer bytes than asked (full disk, signals): loop until done. */
export async function writeAll({ handle, chunk }: { handle: FileHandle; chunk: Uint8Array }) {
  let offset = 0;
  while (offset < chunk.byteLength) {
    const { bytesWritten } = await handle.write(chunk, offset, chunk.byteLength - offset);
    offset += bytesWritten;
  }
}

/** Removes a file if present; cleanup must never mask the error that triggered it. */
export async function removeQuietly({ path }: { path: string }) {
  await unlink(path).catch(() => undefined);
}

/**
 * Makes new directory entries survive a power cut: fsync `dir` and, when `mkdir` created
 * directories (`firstCreated`), the parent of each of them. Windows cannot open a directory for
 * fsync, and NTFS journals metadata anyway, so it is skipped there.
 */
export async function syncDirectories({
  dir,
  firstCreated,
}: {
  dir: string;
  firstCreated?: string | undefined;
}) {
  if (process.platform === 'win32') {
    return;
  }
  const dirs = [dir];
  const stopAt = firstCreated === undefined ? dir : dirname(firstCreated);
  for (let current = dir; current !== stopAt && current !== dirname(current);) {
    current = dirname(current);
    dirs.push(current);
  }
  for (const path of dirs) {
    const handle = await open(path, 'r');
    try {
      await handle.sync();
    } finally {
      await handle.close();
    }
  }
}
