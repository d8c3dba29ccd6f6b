import { rename, rm, stat, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { writeNewFile } from '@sohoa/processing';
import { Option } from 'commander';
import { UsageError } from '../../cli.errors.ts';
import type { ExportTarget } from './export.types.ts';

function volumeOf(value: unknown): number | undefined {
  if (value === undefined) {
    return undefined;
  }
  const n = Number(value);
  return Number.isInteger(n) && n >= 1 ? n : Number.NaN;
}

/**
 * `--pdf out.pdf [--profile pdfa|working] [--volume n] [--force] [--watermark]
 * [--annotations shared|mine|none]`: the digital case
 * file, built and verified by the server, downloaded through a temp file beside the target and
 * renamed when complete, so an interrupted download never leaves a truncated PDF under the asked
 * name. Its integrity manifest is written beside it as `out.pdf.manifest.json` (`sohoa verify`).
 */
export const pdfTarget: ExportTarget = {
  key: 'pdf',
  label: { vi: 'hồ sơ số', en: 'digital case file' },
  flags: '--pdf <file>',
  description: 'ghi hồ sơ số (PDF) ra tệp / write the digital case file (PDF)',
  addOptions: (command) => {
    command
      .addOption(
        new Option('--profile <profile>', 'pdfa: bản lưu trữ PDF/A-2b; working: bản làm việc')
          .choices(['pdfa', 'working'])
          .default('pdfa'),
      )
      .option('--volume <n>', 'chỉ xuất một tập / export one volume only')
      .addOption(
        new Option(
          '--annotations <which>',
          'kèm ghi chú, đánh dấu: shared (chia sẻ), mine (của tôi), none / include annotations',
        )
          .choices(['shared', 'mine', 'none'])
          .default('none'),
      )
      .option(
        '--watermark',
        'bản sao có dấu "BẢN SAO – họ tên – đơn vị – thời điểm" trên mọi trang / stamped copy',
      )
      .option(
        '--force',
        'xuất cả khi OCR chưa xong (bìa ghi "CHƯA HOÀN TẤT") / export before OCR finished (marked)',
      );
  },
  validate: ({ options, ctx }) => {
    if (Number.isNaN(volumeOf(options.volume))) {
      throw new UsageError({
        message: ctx.say({
          vi: '--volume phải là số tập (1, 2 …)',
          en: '--volume must be a volume number (1, 2 …)',
        }),
      });
    }
  },
  run: async ({ api, caseId, value, options }) => {
    const volume = volumeOf(options.volume);
    const profile = options.profile === 'working' ? 'working' : 'pdfa';
    const { body, headers } = await api.exportCasePdf(caseId, {
      profile,
      ...(volume !== undefined ? { volume } : {}),
      ...(options.force ? { force: true } : {}),
      ...(options.watermark ? { watermark: true } : {}),
      ...(options.annotations === 'shared' || options.annotations === 'mine'
        ? { annotations: options.annotations }
        : {}),
    });
    const target = path.resolve(value);
    const partial = path.join(path.dirname(target), `.${path.basename(target)}.part`);
    try {
      await writeNewFile({
        path: partial,
        write: (output) => pipeline(Readable.fromWeb(body), output),
      });
      await rename(partial, target);
    } catch (error) {
      await rm(partial, { force: true });
      throw error;
    }
    const manifestSha256 = headers.get('x-sohoa-manifest');
    const manifestFile = `${target}.manifest.json`;
    if (manifestSha256) {
      const { bytes } = await api.getExportManifest(caseId, manifestSha256);
      const partialManifest = `${manifestFile}.part`;
      try {
        await writeFile(partialManifest, bytes);
        await rename(partialManifest, manifestFile);
      } catch (error) {
        await rm(partialManifest, { force: true });
        throw error;
      }
    }
    const pages = Number(headers.get('x-sohoa-pages'));
    const sha256 = headers.get('x-sohoa-sha256');
    const incomplete = headers.get('x-sohoa-incomplete') === 'true';
    return {
      kind: 'pdf',
      format: 'pdf',
      file: target,
      bytes: (await stat(target)).size,
      pages,
      sha256,
      incomplete,
      profile,
      watermark: Boolean(options.watermark),
      manifest: manifestSha256 ? manifestFile : null,
      notes: [
        { vi: `${String(pages)} trang, ${profile}`, en: `${String(pages)} pages, ${profile}` },
        { vi: `SHA-256: ${sha256 ?? ''}`, en: `SHA-256: ${sha256 ?? ''}` },
        ...(manifestSha256
          ? [{ vi: `Tệp kê khai: ${manifestFile}`, en: `Manifest: ${manifestFile}` }]
          : []),
        ...(incomplete
          ? [
              {
                vi: 'Lưu ý: bản này CHƯA HOÀN TẤT (còn trang chưa OCR).',
                en: 'Note: this copy is INCOMPLETE (pages not yet OCR-ed).',
              },
            ]
          : []),
      ],
    };
  },
};
