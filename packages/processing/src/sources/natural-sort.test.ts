import { mkdir, mkdtemp, rm, symlink, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { listSourceFiles, naturalCompare } from './natural-sort.ts';

describe('naturalCompare', () => {
  it('orders numbers inside names by value', () => {
    const names = ['scan_10.jpg', 'scan_2.jpg', 'scan_1.jpg', 'scan_100.jpg', 'scan_20.jpg'];
    expect(names.sort(naturalCompare)).toEqual([
      'scan_1.jpg',
      'scan_2.jpg',
      'scan_10.jpg',
      'scan_20.jpg',
      'scan_100.jpg',
    ]);
  });

  it('ignores case first, then breaks ties deterministically', () => {
    expect(['Trang 3.png', 'trang 2.png', 'TRANG 10.png'].sort(naturalCompare)).toEqual([
      'trang 2.png',
      'Trang 3.png',
      'TRANG 10.png',
    ]);
    expect(naturalCompare('a.jpg', 'A.jpg')).not.toBe(0);
    expect(Math.sign(naturalCompare('a.jpg', 'A.jpg'))).toBe(
      -Math.sign(naturalCompare('A.jpg', 'a.jpg')),
    );
  });

  it('treats NFD and NFC spellings of a Vietnamese name as the same name', () => {
    const nfc = 'Biên bản 2.jpg'.normalize('NFC');
    const nfd = 'Biên bản 2.jpg'.normalize('NFD');
    expect(naturalCompare(nfc, nfd)).toBe(0);
  });

  it('uses Vietnamese letter order (d before đ before e)', () => {
    expect(['e.jpg', 'đ.jpg', 'd.jpg'].sort(naturalCompare)).toEqual(['d.jpg', 'đ.jpg', 'e.jpg']);
  });

  it('compares paths folder by folder', () => {
    expect(['tap_10/1.jpg', 'tap_2/9.jpg', 'tap_2/10.jpg'].sort(naturalCompare)).toEqual([
      'tap_2/9.jpg',
      'tap_2/10.jpg',
      'tap_10/1.jpg',
    ]);
  });
});

describe('listSourceFiles', () => {
  const dirs: string[] = [];
  afterAll(async () => Promise.all(dirs.map((dir) => rm(dir, { recursive: true, force: true }))));

  it('lists the supported files of one folder level in natural order, without junk or sub-folders', async () => {
    const dir = await mkdtemp(path.join(os.tmpdir(), 'sohoa-list-'));
    dirs.push(dir);
    for (const name of [
      'scan_10.jpg',
      'scan_2.JPG',
      'scan_1.tif',
      'notes.txt',
      '.DS_Store',
      'Thumbs.db',
      '._scan_3.jpg',
      'tap.pdf',
    ]) {
      await writeFile(path.join(dir, name), 'x');
    }
    await mkdir(path.join(dir, 'backup'));
    await writeFile(path.join(dir, 'backup', 'scan_0.jpg'), 'x');
    await symlink(path.join(dir, 'tap.pdf'), path.join(dir, 'link.pdf'));
    const { files } = await listSourceFiles({ dir });
    expect(files.map((f) => f.name)).toEqual([
      'scan_1.tif',
      'scan_2.JPG',
      'scan_10.jpg',
      'tap.pdf',
    ]);
    expect(files[0]).toMatchObject({ path: path.join(dir, 'scan_1.tif'), sizeBytes: 1 });
  });
});
