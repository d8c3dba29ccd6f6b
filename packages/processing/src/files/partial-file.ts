import { createWriteStream, type WriteStream } from 'node:fs';
import { rm } from 'node:fs/promises';

/**
 * Removes a half-written file once its write stream has closed, never before: a write stream
 * destroyed before its `open()` completed still creates the file afterwards, so a removal run in
 * between leaves an empty file behind. A pipeline whose source fails at once rejects that early.
 */
export async function discardPartialFile({ output, path }: { output: WriteStream; path: string }) {
  if (!output.closed) {
    const closed = new Promise<void>((resolve) => output.once('close', () => resolve()));
    output.destroy();
    await closed;
  }
  await rm(path, { force: true });
}

/**
 * Writes a new file through `write` (typically a stream pipeline ending in `output`); when it
 * fails, nothing of the file remains and the error is rethrown unchanged.
 *
 * @example
 * await writeNewFile({ path: tempPath, write: (output) => pipeline(upload, meter, output) });
 */
export async function writeNewFile<T>({
  path,
  flags = 'w',
  write,
}: {
  path: string;
  /** `'wx'` refuses to overwrite an existing file. */
  flags?: 'w' | 'wx';
  write: (output: WriteStream) => Promise<T>;
}): Promise<T> {
  const output = createWriteStream(path, { flags });
  try {
    return await write(output);
  } catch (error) {
    await discardPartialFile({ output, path });
    throw error;
  }
}
