import { randomBytes } from 'node:crypto';
import { rename, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';

/**
 * Writes `bytes` to `file` through a temporary file in the same folder and a rename, so a failed
 * or interrupted export never leaves a half-written file under the requested name.
 */
export async function writeFileAtomically({ file, bytes }: { file: string; bytes: Uint8Array }) {
  const temp = path.join(
    path.dirname(file),
    `.${path.basename(file)}.${randomBytes(6).toString('hex')}.part`,
  );
  try {
    await writeFile(temp, bytes);
    await rename(temp, file);
  } catch (error) {
    await rm(temp, { force: true });
    throw error;
  }
  return { file: path.resolve(file), bytes: bytes.byteLength };
}

/** "12,3 kB" / "1,2 MB" (Vietnamese decimal comma) or "12.3 kB" in English. */
export function formatSize({ bytes, lang }: { bytes: number; lang: 'vi' | 'en' }) {
  const [value, unit] = bytes >= 1024 * 1024 ? [bytes / 1024 / 1024, 'MB'] : [bytes / 1024, 'kB'];
  return `${value.toLocaleString(lang === 'vi' ? 'vi-VN' : 'en-GB', { maximumFractionDigits: 1 })} ${unit}`;
}
