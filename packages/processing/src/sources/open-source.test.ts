import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeZip } from './containers.test-utils.ts';
import { errorOf, jpegPage, makeJpeg, makePng, pdfWithImages } from './fixtures.test-utils.ts';
import { extractPage, inspectSource, openSource } from './open-source.ts';

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), 'sohoa-open-'));
});
afterAll(async () => rm(dir, { recursive: true, force: true }));

async function saved(name: string, bytes: Uint8Array) {
  const filePath = path.join(dir, name);
  await writeFile(filePath, bytes);
  return { path: filePath, fileName: name, sizeBytes: bytes.byteLength };
}

describe('inspectSource / extractPage', () => {
  it('identifies a PDF by content and counts its pages; extractPage takes one page', async () => {
    const jpeg = await makeJpeg({ width: 50, height: 70 });
    const file = await saved(
      'tap_01.pdf',
      await pdfWithImages([
        jpegPage(jpeg, { width: 50, height: 70 }),
        jpegPage(jpeg, { width: 50, height: 70 }),
      ]),
    );
    expect(await inspectSource(file)).toEqual({ kind: 'pdf', extensionKind: 'pdf', pageCount: 2 });
    const page = await extractPage({ path: file.path, kind: 'pdf', index: 1 });
    expect(page.index).toBe(1);
    expect(Buffer.compare(page.image.bytes, jpeg)).toBe(0);
  });

  it('accepts a PNG named .pdf as one PNG page', async () => {
    const file = await saved('scan_tap_03.pdf', await makePng());
    expect(await inspectSource(file)).toEqual({ kind: 'png', extensionKind: 'pdf', pageCount: 1 });
  });

  it('reports a ZIP without opening it as pages', async () => {
    const file = await saved('ho_so.zip', makeZip([{ name: 'a.jpg', data: new Uint8Array(3) }]));
    expect(await inspectSource(file)).toEqual({ kind: 'zip', extensionKind: 'zip', pageCount: 0 });
    await expect(openSource({ path: file.path, kind: 'zip' })).rejects.toThrow(RangeError);
  });

  it('refuses empty and unsupported files', async () => {
    expect(
      (await errorOf(async () => inspectSource(await saved('empty.pdf', new Uint8Array(0))))).code,
    ).toBe('source.empty');
    const notes = await saved('notes.jpg', new Uint8Array(Buffer.from('Danh sách bút lục')));
    expect((await errorOf(() => inspectSource(notes))).code).toBe('source.unsupported_type');
  });
});
