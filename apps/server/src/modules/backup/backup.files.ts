import { createHash, randomUUID } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { mkdir, open, readdir, rename, rm, stat } from 'node:fs/promises';
import path from 'node:path';
import { Transform, type Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { writeNewFile } from '@sohoa/processing';

/** SHA-256 and size of a file, streamed. */
export async function hashFile(file: string): Promise<{ sha256: string; bytes: number }> {
  const hash = createHash('sha256');
  let bytes = 0;
  for await (const chunk of createReadStream(file)) {
    const buffer = chunk as Buffer;
    hash.update(buffer);
    bytes += buffer.length;
  }
  return { sha256: hash.digest('hex'), bytes };
}

/**
 * Writes `source` to `target` through a temp file in the same folder, fsyncs it and renames it into
 * place, so a crash (kill -9) never leaves a half-written file under the final name. Returns the
 * SHA-256 and size of what was written.
 */
export async function writeFileAtomically({
  source,
  target,
  through = [],
  tempDir,
}: {
  source: Readable;
  target: string;
  through?: Transform[];
  /**
   * Where the temp file goes (same filesystem as `target`); by default beside it. Its name
   * carries our pid, so a later run can tell a dead process's leftover from a live one's.
   */
  tempDir?: string;
}): Promise<{ sha256: string; bytes: number }> {
  await mkdir(path.dirname(target), { recursive: true });
  const folder = tempDir ?? path.dirname(target);
  await mkdir(folder, { recursive: true });
  const temp = path.join(
    folder,
    `.${process.pid}-${randomUUID()}-${path.basename(target)}.partial`,
  );
  const hash = createHash('sha256');
  let bytes = 0;
  const tap = new Transform({
    transform(chunk: Buffer, _encoding, done) {
      hash.update(chunk);
      bytes += chunk.length;
      done(null, chunk);
    },
  });
  try {
    await writeNewFile({
      path: temp,
      flags: 'wx',
      write: (output) => pipeline([source, ...through, tap, output]),
    });
    const handle = await open(temp, 'r');
    try {
      await handle.sync();
    } finally {
      await handle.close();
    }
    await rename(temp, target);
  } catch (error) {
    await rm(temp, { force: true });
    throw error;
  }
  return { sha256: hash.digest('hex'), bytes };
}

/** Writes a small file under a temp name, fsyncs it and its folder, renames it into place. */
export async function writeSmallFileAtomically({ file, text }: { file: string; text: string }) {
  const temp = path.join(path.dirname(file), `.${path.basename(file)}.${process.pid}.partial`);
  const handle = await open(temp, 'w', 0o644);
  try {
    await handle.writeFile(text, 'utf8');
    await handle.sync();
  } finally {
    await handle.close();
  }
  await rename(temp, file);
  await syncDir(path.dirname(file));
}

/** fsync on a folder: makes the renames done in it durable (best effort where unsupported). */
export async function syncDir(dir: string) {
  const handle = await open(dir, 'r').catch(() => null);
  await handle?.sync().catch(() => undefined);
  await handle?.close();
}

/** Whether a process with this pid runs on this machine (signal 0 probes without signalling). */
export function isProcessAlive(pid: number): boolean {
  if (!Number.isInteger(pid) || pid <= 0) {
    return false;
  }
  if (pid === process.pid) {
    return true;
  }
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    // EPERM: it exists but belongs to another user.
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

export async function exists(file: string): Promise<boolean> {
  return stat(file).then(
    () => true,
    () => false,
  );
}

/** Sub-folders of `dir` (none when it does not exist). */
export async function listDirs(dir: string): Promise<string[]> {
  const entries = await readdir(dir, { withFileTypes: true }).catch(() => []);
  return entries.filter((e) => e.isDirectory()).map((e) => e.name);
}
