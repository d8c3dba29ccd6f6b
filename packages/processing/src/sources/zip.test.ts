import { mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeZip, type ZipTestEntry } from './containers.test-utils.ts';
import { errorOf } from './fixtures.test-utils.ts';
import { expandZip } from './zip.ts';

let root: string;
let counter = 0;

beforeAll(async () => {
  root = await mkdtemp(path.join(os.tmpdir(), 'sohoa-zip-'));
});
afterAll(async () => rm(root, { recursive: true, force: true }));

async function zipOnDisk(entries: ZipTestEntry[]) {
  counter += 1;
  const zipPath = path.join(root, `in-${counter}.zip`);
  await writeFile(zipPath, makeZip(entries));
  return { zipPath, outDir: path.join(root, `out-${counter}`) };
}

const file = (name: string, text = name): ZipTestEntry => ({
  name,
  data: new Uint8Array(Buffer.from(text)),
});

describe('expandZip', () => {
  it('extracts the scans in natural order of their path and skips folders, junk and other files', async () => {
    const { zipPath, outDir } = await zipOnDisk([
      { name: 'ho_so/' },
      file('ho_so/scan_10.jpg'),
      file('ho_so/scan_2.jpg'),
      file('ho_so/Scan_1.JPG'),
      file('ho_so/tap_01.pdf'),
      file('__MACOSX/ho_so/._scan_2.jpg'),
      file('ho_so/.DS_Store'),
      file('ho_so/Thumbs.db'),
      file('ho_so/ghi_chu.txt'),
      file('ho_so/cu.zip'),
    ]);
    const { entries, skipped } = await expandZip({ path: zipPath, outDir });
    expect(entries.map((e) => e.name)).toEqual([
      'ho_so/Scan_1.JPG',
      'ho_so/scan_2.jpg',
      'ho_so/scan_10.jpg',
      'ho_so/tap_01.pdf',
    ]);
    expect(skipped).toEqual([
      { name: 'ho_so/ghi_chu.txt', reason: 'unsupported' },
      { name: 'ho_so/cu.zip', reason: 'nested_zip' },
    ]);
    for (const entry of entries) {
      expect(await readFile(entry.path, 'utf8')).toBe(entry.name);
      expect(entry.sizeBytes).toBe(Buffer.byteLength(entry.name));
      expect(path.dirname(entry.path)).toBe(outDir);
    }
  });

  it('decodes names: UTF-8 flagged, UTF-8 unflagged (NFD from macOS), CP437', async () => {
    const { zipPath, outDir } = await zipOnDisk([
      { ...file('Biên bản 1.jpg'), utf8: true },
      { name: Buffer.from('Biên bản 2.jpg'.normalize('NFD'), 'utf8'), data: new Uint8Array(3) },
      { name: Buffer.from([0x82, 0x2e, 0x6a, 0x70, 0x67]), data: new Uint8Array(3) },
    ]);
    const { entries } = await expandZip({ path: zipPath, outDir });
    expect(entries.map((e) => e.name)).toEqual(['Biên bản 1.jpg', 'Biên bản 2.jpg', 'é.jpg']);
  });

  it.each([
    ['../evil.txt'],
    ['ho_so/../../evil.jpg'],
    ['..\\evil.jpg'],
    ['/etc/evil.jpg'],
    ['C:\\Windows\\evil.jpg'],
  ])('refuses the whole ZIP when an entry path is unsafe: %s', async (name) => {
    const { zipPath, outDir } = await zipOnDisk([
      file('scan_1.jpg'),
      file(name),
      file('scan_2.jpg'),
    ]);
    const error = await errorOf(() => expandZip({ path: zipPath, outDir }));
    expect(error.code).toBe('source.zip_unsafe_path');
    await expect(readdir(outDir)).rejects.toThrow();
  });

  it('refuses symbolic links', async () => {
    const { zipPath, outDir } = await zipOnDisk([
      file('scan_1.jpg'),
      { ...file('link.jpg', '/etc/passwd'), unixMode: 0o120777 },
    ]);
    expect((await errorOf(() => expandZip({ path: zipPath, outDir }))).code).toBe(
      'source.zip_unsafe_path',
    );
  });

  it('refuses a bomb by the bytes actually inflated and removes what it had written', async () => {
    const bomb = new Uint8Array(8 * 1024 * 1024);
    const { zipPath, outDir } = await zipOnDisk([
      file('a_scan_1.jpg'),
      { name: 'b_scan_2.tif', data: bomb },
    ]);
    const limits = { zipRatioMinBytes: 1024 * 1024, maxZipEntryRatio: 100 };
    const error = await errorOf(() => expandZip({ path: zipPath, outDir, limits }));
    expect(error.code).toBe('source.zip_bomb');
    expect(error.details).toMatchObject({
      name: 'b_scan_2.tif',
      reason: 'compression ratio over the limit',
    });
    await expect(readdir(outDir)).rejects.toThrow();
  });

  it('refuses a bomb with the default limits before inflating it all', async () => {
    const { zipPath, outDir } = await zipOnDisk([
      { name: 'scan.tif', data: new Uint8Array(48 * 1024 * 1024) },
    ]);
    const error = await errorOf(() => expandZip({ path: zipPath, outDir }));
    expect(error.code).toBe('source.zip_bomb');
  });

  it('refuses ZIPs whose total inflated size is over the cap', async () => {
    const { zipPath, outDir } = await zipOnDisk([
      file('scan_1.jpg', 'x'.repeat(600)),
      file('scan_2.jpg', 'y'.repeat(600)),
    ]);
    expect(
      (
        await errorOf(() =>
          expandZip({ path: zipPath, outDir, limits: { maxZipTotalBytes: 1000 } }),
        )
      ).code,
    ).toBe('source.zip_bomb');
  });

  it('refuses too many entries', async () => {
    const { zipPath, outDir } = await zipOnDisk([file('1.jpg'), file('2.jpg'), file('3.jpg')]);
    expect(
      (await errorOf(() => expandZip({ path: zipPath, outDir, limits: { maxZipEntries: 2 } })))
        .code,
    ).toBe('source.zip_bomb');
  });

  it('refuses a ZIP without any scan', async () => {
    const { zipPath, outDir } = await zipOnDisk([
      file('ghi_chu.txt'),
      { name: 'thu_muc/' },
      file('.DS_Store'),
    ]);
    expect((await errorOf(() => expandZip({ path: zipPath, outDir }))).code).toBe(
      'source.zip_empty',
    );
  });

  it('refuses encrypted scans and unknown compression methods', async () => {
    const encrypted = await zipOnDisk([{ ...file('scan.jpg'), method: 0, encrypted: true }]);
    expect(
      (await errorOf(() => expandZip({ path: encrypted.zipPath, outDir: encrypted.outDir }))).code,
    ).toBe('source.zip_encrypted');
    const bzip2 = await zipOnDisk([{ ...file('scan.jpg'), method: 12 }]);
    expect(
      (await errorOf(() => expandZip({ path: bzip2.zipPath, outDir: bzip2.outDir }))).code,
    ).toBe('source.zip_unsupported');
  });

  it('refuses a file that is not a ZIP as corrupt', async () => {
    const zipPath = path.join(root, 'not.zip');
    await writeFile(zipPath, 'PK\x03\x04 but nothing else');
    expect(
      (await errorOf(() => expandZip({ path: zipPath, outDir: path.join(root, 'not-out') }))).code,
    ).toBe('source.corrupt');
  });
});
