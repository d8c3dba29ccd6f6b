import { createHash } from 'node:crypto';
import { createWriteStream } from 'node:fs';
import { rename, rm } from 'node:fs/promises';
import path from 'node:path';
import { Readable, Transform } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type { ExportTarget } from './export.types.ts';

/**
 * `--court-package out.zip`: the offline court package (issue 7 §6) — presenter and audience
 * windows, page images and the exhibit list, to run from a USB drive with no server and no network.
 */
export const courtPackageTarget: ExportTarget = {
  key: 'courtPackage',
  label: { vi: 'gói trình chiếu tại phiên tòa', en: 'court presentation package' },
  flags: '--court-package <file>',
  description:
    'gói trình chiếu ngoại tuyến tại phiên tòa (.zip) / offline court presentation package (.zip)',
  validate: () => undefined,
  run: async ({ api, caseId, value }) => {
    const out = path.resolve(value);
    const { stream } = await api.downloadCourtPackage(caseId);
    const partial = `${out}.part`;
    const hash = createHash('sha256');
    let bytes = 0;
    const meter = new Transform({
      transform(chunk: Buffer, _encoding, callback) {
        hash.update(chunk);
        bytes += chunk.length;
        callback(null, chunk);
      },
    });
    try {
      await pipeline(Readable.fromWeb(stream), meter, createWriteStream(partial));
      await rename(partial, out);
    } catch (error) {
      await rm(partial, { force: true });
      throw error;
    }
    const sha256 = hash.digest('hex');
    return {
      kind: 'court-package',
      format: 'zip',
      file: out,
      bytes,
      sha256,
      notes: [
        {
          vi: 'Giải nén rồi mở index.html (không cần mạng).',
          en: 'Unzip, then open index.html (no network needed).',
        },
      ],
    };
  },
};
