import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { PassThrough, Readable } from 'node:stream';
import { ZipFile } from 'yazl';
import type { Actor } from '../access/access.types.ts';
import { getCaseForActionOrThrow } from '../access/access.usecases.ts';
import type { BlobStore } from '../blobs/blobs.types.ts';
import type { CasesDeps } from '../cases/cases.usecases.ts';
import type { ExhibitsRepository } from '../exhibits/exhibits.repository.ts';
import { formatExhibitForApi } from '../exhibits/exhibits.usecases.ts';
import type { Logger } from '../shared/logger/logger.ts';
import { defineError } from '../shared/errors/errors.ts';
import type { RequestContext } from '../shared/request-context.ts';
import {
  buildCourtPackageManifest,
  COURT_PACKAGE_README,
  courtPackageDataScript,
  courtPackageHtml,
} from './court-package.manifest.ts';
import type { CourtPackageRepository } from './court-package.repository.ts';

export interface CourtPackageDeps extends CasesDeps {
  courtPackageRepository: CourtPackageRepository;
  exhibitsRepository: ExhibitsRepository;
  blobStore: BlobStore;
  logger: Logger;
  /** The built web app; the player script lies in its court-player folder. */
  webDistDir: string | null;
}

const createPlayerMissingError = defineError('court_package.player_missing');

/** Display width of the packaged page images, as the viewer's display size. */
export const COURT_PACKAGE_IMAGE_WIDTH = 1400;

/** Where `npm run build:web` writes the player (apps/web/vite.player.config.ts). */
export function courtPlayerPath(webDistDir: string | null) {
  return webDistDir ? path.join(webDistDir, 'court-player', 'court-player.js') : null;
}

async function toDisplayJpeg(bytes: Uint8Array) {
  const { default: sharp } = await import('sharp');
  return sharp(bytes)
    .resize({ width: COURT_PACKAGE_IMAGE_WIDTH, withoutEnlargement: true })
    .flatten({ background: '#ffffff' })
    .jpeg({ quality: 78, mozjpeg: false })
    .toBuffer();
}

/**
 * Prepares the offline court package of a case (export access, audited) and returns a ZIP
 * stream. Refusals happen before the first byte; page images are converted one at a time while
 * the ZIP is written, so a 1,000-page case never sits in memory.
 */
export async function exportCourtPackage({
  actor,
  caseId,
  context,
  deps,
  now = new Date(),
}: {
  actor: Actor;
  caseId: string;
  context: RequestContext;
  deps: CourtPackageDeps;
  now?: Date;
}) {
  const { case: found } = await getCaseForActionOrThrow({
    actor,
    caseId,
    action: 'export',
    context,
    ...deps,
  });
  const playerPath = courtPlayerPath(deps.webDistDir);
  if (!playerPath || !existsSync(playerPath)) {
    throw createPlayerMissingError();
  }
  const player = await readFile(playerPath);
  const { pages } = await deps.courtPackageRepository.listPages({ caseId });
  const shown = pages.filter((p) => !(p.manual?.isBlank ?? p.is_blank));
  const { exhibits } = await deps.exhibitsRepository.list({ caseId });
  const { maps } = await deps.courtPackageRepository.loadMapsForPackage({ caseId });
  const caseInfo = { id: found.id, title: found.title, number: found.internalNumber };
  const { data, pageFiles, mediaFiles } = buildCourtPackageManifest({
    caseInfo,
    pages: shown.map((p) => ({
      id: p.id,
      volume: p.volume,
      seq: p.seq,
      butLuc: p.manual?.butLuc !== undefined ? p.manual.butLuc : p.but_luc,
    })),
    exhibits: exhibits.map((row) => formatExhibitForApi({ row })),
    maps,
    generatedAt: now,
  });
  await deps.auditRepository.record({
    event: {
      action: 'case.court_package.exported',
      actor,
      targetKind: 'case',
      targetId: caseId,
      caseId,
      unitId: found.unitId,
      context,
      details: { pages: shown.length, exhibits: exhibits.length },
    },
  });

  const zip = new ZipFile();
  const folder = `phien-toa-${(found.internalNumber ?? found.id).replace(/[^\w.-]+/g, '-')}`;
  const at = (name: string) => `${folder}/${name}`;
  zip.addBuffer(
    Buffer.from(courtPackageHtml({ role: 'presenter', title: found.title })),
    at('index.html'),
    { mtime: now },
  );
  zip.addBuffer(
    Buffer.from(courtPackageHtml({ role: 'audience', title: found.title })),
    at('audience.html'),
    { mtime: now },
  );
  zip.addBuffer(Buffer.from(courtPackageDataScript(data)), at('data.js'), { mtime: now });
  zip.addBuffer(player, at('court-player.js'), { mtime: now });
  zip.addBuffer(Buffer.from(COURT_PACKAGE_README), at('DOC-TRUOC.txt'), { mtime: now });
  const keyOf = new Map(shown.map((p) => [p.id, p.upright_blob_key ?? p.original_blob_key]));
  const lazy = (name: string, produce: () => Promise<Buffer | Readable>) =>
    zip.addReadStreamLazy(at(name), { mtime: now, compress: false }, (cb) => {
      produce().then(
        (out) => cb(null, out instanceof Readable ? out : Readable.from([out])),
        (error: unknown) => cb(error as Error, null as never),
      );
    });
  for (const file of pageFiles) {
    lazy(file.name, async () => {
      const key = keyOf.get(file.pageId);
      if (!key) {
        return Buffer.alloc(0);
      }
      const { bytes } = await deps.blobStore.getBytes({ key });
      return toDisplayJpeg(bytes);
    });
  }
  const mediaKey = new Map(exhibits.map((e) => [e.id, e.media_blob_key]));
  for (const file of mediaFiles) {
    lazy(
      file.name,
      async () => (await deps.blobStore.get({ key: mediaKey.get(file.exhibitId)! })).stream,
    );
  }
  zip.end();
  const output = new PassThrough();
  zip.outputStream.on('error', (error: Error) => output.destroy(error));
  zip.outputStream.pipe(output);
  return { fileName: `${folder}.zip`, stream: output, pageCount: shown.length };
}
