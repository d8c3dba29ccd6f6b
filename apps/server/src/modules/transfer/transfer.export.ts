import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { Readable, Transform, type Writable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { ZipFile } from 'yazl';
import type { Actor } from '../access/access.types.ts';
import { getCaseForActionOrThrow } from '../access/access.usecases.ts';
import { buildBlobKey } from '../blobs/blobs.models.ts';
import { createCaseNotFoundError } from '../cases/cases.errors.ts';
import type { RequestContext } from '../shared/request-context.ts';
import {
  createBlobMissingError,
  createCaseNotReadyError,
  createEntryMismatchError,
} from './transfer.errors.ts';
import {
  blobEntryName,
  EXTRA_ENTRY,
  MANIFEST_ENTRY,
  PACKAGE_FORMAT,
  PAGES_ENTRY,
  sealManifest,
  type ManifestBody,
  type PackageEntry,
} from './transfer.manifest.ts';
import {
  annotationsOf,
  exhibitsOf,
  mapsOf,
  caseOf,
  documentsOf,
  editsOf,
  pageLineOf,
  sha256OfKey,
  sourcesOf,
  volumesOf,
} from './transfer.rows.ts';
import { forEachConcurrently } from './transfer.concurrency.ts';
import type { TransferDeps } from './transfer.types.ts';

/** Blobs opened ahead of the one being written. */
const OPEN_AHEAD = 4;

/** A file produced elsewhere (the PDF, the index) carried in the package under `name`. */
export interface ExtraFile {
  name: string;
  path: string;
}

/**
 * Checks the right to export, that processing is over and that every blob the case uses is in
 * the store — all before a byte is written, so a refused export leaves no partial file — and
 * audits the export. Returns the writer of the ZIP.
 */
export async function prepareCasePackage({
  actor,
  caseId,
  context,
  deps,
}: {
  actor: Actor;
  caseId: string;
  context: RequestContext;
  deps: TransferDeps;
}) {
  const { case: found } = await getCaseForActionOrThrow({
    actor,
    caseId,
    action: 'export',
    context,
    ...deps,
  });
  const { unfinished } = await deps.pagesRepository.countUnfinished({ caseId });
  if (unfinished > 0) {
    throw createCaseNotReadyError({ unfinishedPages: unfinished });
  }
  const repo = deps.transferRepository;
  const { found: caseRows } = await repo.getCaseForExport({ caseId });
  if (!caseRows) {
    throw createCaseNotFoundError();
  }
  const sources = sourcesOf(await repo.listSources({ caseId }));
  const blobs = new Map<string, string>(); // sha256 → what uses it (named in errors)
  for (const s of sources) {
    blobs.set(s.sha256, `source ${s.originalName}`);
  }
  for (const p of await repo.listPageBlobs({ caseId })) {
    for (const key of [p.original_blob_key, p.upright_blob_key]) {
      const sha = sha256OfKey(key);
      if (key && !sha) {
        throw createBlobMissingError({ entry: `page ${p.id}`, problem: `unexpected key ${key}` });
      }
      if (sha && !blobs.has(sha)) {
        blobs.set(sha, `page ${p.id} (volume ${p.volume}, position ${p.seq})`);
      }
    }
  }
  const exhibits = exhibitsOf(await repo.listExhibits({ caseId }));
  for (const e of exhibits) {
    if (e.media && !blobs.has(e.media.sha256)) {
      blobs.set(e.media.sha256, `exhibit ${e.id} (${e.label})`);
    }
  }
  await forEachConcurrently({
    items: [...blobs],
    concurrency: 8,
    run: async ([sha, usedBy]) => {
      if (!(await deps.blobStore.exists({ key: buildBlobKey({ sha256: sha }).key })).exists) {
        throw createBlobMissingError({ entry: usedBy, problem: `blob ${sha} missing` });
      }
    },
  });
  const body: Omit<ManifestBody, 'entries' | 'createdAt' | 'pages'> = {
    format: PACKAGE_FORMAT,
    generator: { name: 'sohoa', version: deps.settings.version },
    origin: {
      unit: { code: caseRows.row.unit_code, name: caseRows.row.unit_name },
      exportedBy: {
        username: actor.username,
        fullName:
          (await deps.usersRepository.getById({ userId: actor.userId })).user?.fullName ??
          actor.username,
      },
    },
    case: caseOf(caseRows),
    volumes: volumesOf(await repo.listVolumes({ caseId })),
    sources,
    documents: documentsOf(await repo.listDocuments({ caseId })),
    edits: editsOf(await repo.listEdits({ caseId })),
    annotations: annotationsOf(await repo.listAnnotations({ caseId })),
    maps: mapsOf(await repo.listMaps({ caseId })),
    exhibits,
  };
  await deps.auditRepository.record({
    event: {
      action: 'case.exported',
      actor,
      targetKind: 'case',
      targetId: caseId,
      caseId,
      unitId: found.unitId,
      context,
      details: { format: 'package', volumes: body.volumes.length, blobs: blobs.size },
    },
  });
  return {
    fileName: `${caseId}.sohoa.zip`,
    write: ({ output, extraFiles = [], now = new Date() }: WriteArgs) =>
      writePackage({ caseId, body, blobShas: [...blobs.keys()], output, extraFiles, now, deps }),
  };
}

interface WriteArgs {
  output: Writable;
  extraFiles?: ExtraFile[];
  now?: Date;
}

/**
 * Exports a whole case as a transfer package (ZIP) written to `output` as a stream: blobs are
 * piped from the store one at a time and pages read in batches, so memory does not grow with the
 * case. Read access to export is needed; the export is audited (`case.exported`, format package).
 *
 * @example
 * await exportCasePackage({ actor, caseId, output: createWriteStream('case.zip'), context, deps,
 *   extraFiles: [{ name: 'case.pdf', path: '/tmp/case.pdf' }] });
 */
export async function exportCasePackage({
  actor,
  caseId,
  output,
  extraFiles,
  context,
  deps,
  now,
}: {
  actor: Actor;
  caseId: string;
  context: RequestContext;
  deps: TransferDeps;
} & WriteArgs) {
  const { write } = await prepareCasePackage({ actor, caseId, context, deps });
  return write({ output, ...(extraFiles ? { extraFiles } : {}), ...(now ? { now } : {}) });
}

/** Hashes and counts what passes; `onEnd` may refuse the content (its error fails the ZIP). */
function meter(onEnd: (result: { sha256: string; sizeBytes: number }) => void) {
  const hash = createHash('sha256');
  let sizeBytes = 0;
  return new Transform({
    transform(chunk: Buffer, _encoding, callback) {
      hash.update(chunk);
      sizeBytes += chunk.length;
      callback(null, chunk);
    },
    flush(callback) {
      try {
        onEnd({ sha256: hash.digest('hex'), sizeBytes });
        callback();
      } catch (error) {
        callback(error as Error);
      }
    },
  });
}

async function writePackage({
  caseId,
  body,
  blobShas,
  output,
  extraFiles,
  now,
  deps,
}: {
  caseId: string;
  body: Omit<ManifestBody, 'entries' | 'createdAt' | 'pages'>;
  blobShas: string[];
  output: Writable;
  extraFiles: ExtraFile[];
  now: Date;
  deps: TransferDeps;
}): Promise<{ entries: PackageEntry[]; pages: number }> {
  for (const extra of extraFiles) {
    if (
      !EXTRA_ENTRY.test(extra.name) ||
      extra.name === MANIFEST_ENTRY ||
      extra.name === PAGES_ENTRY
    ) {
      throw new Error(`invalid extra file name: ${extra.name}`);
    }
  }
  const zip = new ZipFile();
  const failed = (error: unknown) => zip.emit('error', error);
  const entries: PackageEntry[] = [];
  let pageCount = 0;
  // Each source is opened only when the ZIP reaches it (lazy): one open blob at a time.
  const add = (
    name: string,
    kind: PackageEntry['kind'] | null,
    open: () => Promise<Readable>,
    options: { compress?: boolean; expectedSha256?: string } = {},
  ) =>
    zip.addReadStreamLazy(name, { mtime: now, compress: options.compress ?? true }, (cb) => {
      open().then(
        (source) => {
          const metered = meter((result) => {
            if (options.expectedSha256 && result.sha256 !== options.expectedSha256) {
              throw createEntryMismatchError({ entry: name, problem: 'stored blob altered' });
            }
            if (kind) {
              entries.push({ name, kind, ...result });
            }
          });
          source.on('error', failed);
          metered.on('error', failed);
          cb(null, source.pipe(metered));
        },
        (error: unknown) => cb(error, null as never),
      );
    });

  const repo = deps.transferRepository;
  add(PAGES_ENTRY, 'pages', () =>
    Promise.resolve(
      Readable.from(
        (async function* () {
          for await (const batch of repo.iteratePages({ caseId })) {
            pageCount += batch.length;
            yield Buffer.from(batch.map((p) => `${JSON.stringify(pageLineOf(p))}\n`).join(''));
          }
        })(),
      ),
    ),
  );
  // The ZIP is written one entry after the other: the next few blobs are opened ahead (not read),
  // so that opening files overlaps with writing instead of adding up.
  const opened = new Map<string, Promise<Readable>>();
  const openBlob = (sha: string | undefined) => {
    if (sha && !opened.has(sha)) {
      const stream = deps.blobStore
        .get({ key: buildBlobKey({ sha256: sha }).key })
        .then((r) => r.stream);
      stream.catch(() => undefined); // reported when its turn comes
      opened.set(sha, stream);
    }
  };
  blobShas.forEach((sha, i) => {
    // Images and PDFs are compressed already: stored as they are.
    add(
      blobEntryName(sha),
      'blob',
      () => {
        openBlob(sha);
        const stream = opened.get(sha)!;
        opened.delete(sha);
        for (let ahead = 1; ahead <= OPEN_AHEAD; ahead++) {
          openBlob(blobShas[i + ahead]);
        }
        return stream;
      },
      { compress: false, expectedSha256: sha },
    );
  });
  for (const extra of extraFiles) {
    add(extra.name, 'extra', () => Promise.resolve(createReadStream(extra.path)), {
      compress: false,
    });
  }
  // Last: by then every other entry has been written and hashed.
  add(MANIFEST_ENTRY, null, () => {
    const { manifest } = sealManifest({
      body: {
        ...body,
        createdAt: now.toISOString(),
        pages: { entry: PAGES_ENTRY, count: pageCount },
        entries,
      },
    });
    return Promise.resolve(Readable.from([Buffer.from(JSON.stringify(manifest, null, 1))]));
  });
  zip.end();
  await new Promise<void>((resolve, reject) => {
    zip.on('error', (error: Error) => {
      for (const stream of opened.values()) {
        stream.then(
          (s) => s.destroy(),
          () => undefined,
        );
      }
      (zip.outputStream as unknown as Readable).destroy(error);
      reject(error);
    });
    pipeline(zip.outputStream as unknown as Readable, output).then(resolve, reject);
  });
  return { entries, pages: pageCount };
}
