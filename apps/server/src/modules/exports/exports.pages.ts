import { jpegInfo, type ExportPage, type OcrWord } from '@sohoa/processing';
import type { BlobStore } from '../blobs/blobs.types.ts';
import { createSourceMissingError } from './exports.errors.ts';
import type { ExportPageRow, ExportsRepository } from './exports.repository.ts';

const BATCH = 32;

const isJpeg = (b: Uint8Array) => b[0] === 0xff && b[1] === 0xd8;
const isPng = (b: Uint8Array) => b[0] === 0x89 && b[1] === 0x50 && b[2] === 0x4e && b[3] === 0x47;

/**
 * Which image a page shows and how its words lie on it. The original scan is kept whenever it is a
 * JPEG (byte for byte: no generation loss, the evidence as scanned, and no upright copy to read):
 * /Rotate turns it upright and the text layer is tilted by the measured skew to lie on the words.
 * Other originals (TIFF G4, PNG) use the pipeline's upright JPEG, on which the words were read.
 */
export async function toExportPage({
  row,
  label,
  original,
  upright,
}: {
  row: ExportPageRow;
  label: string;
  original: Uint8Array | null;
  upright: () => Promise<Uint8Array | null>;
}): Promise<ExportPage> {
  const done = row.status === 'DONE';
  const frame =
    row.upright_width_px && row.upright_height_px
      ? { widthPx: row.upright_width_px, heightPx: row.upright_height_px }
      : null;
  const words: OcrWord[] = done ? (row.ocr_words ?? []) : [];
  const toPixels = (f: { widthPx: number; heightPx: number }) =>
    words.map((w) => ({
      text: w.text,
      box: [
        w.box[0] * f.widthPx,
        w.box[1] * f.heightPx,
        w.box[2] * f.widthPx,
        w.box[3] * f.heightPx,
      ] as [number, number, number, number],
    }));
  if (original && isJpeg(original)) {
    const { widthPx, heightPx } = jpegInfo(original);
    const rotation = (done ? row.rotation : 0) as ExportPage['rotation'];
    const turned = rotation === 90 || rotation === 270;
    const textFrame =
      frame ?? (turned ? { widthPx: heightPx, heightPx: widthPx } : { widthPx, heightPx });
    return {
      image: { bytes: original, format: 'jpeg', widthPx, heightPx, dpi: row.dpi },
      rotation,
      skewDegrees: done ? (row.skew_degrees ?? 0) : 0,
      textFrame,
      words: toPixels(textFrame),
      label,
    };
  }
  const uprightBytes = done ? await upright() : null;
  if (uprightBytes && isJpeg(uprightBytes)) {
    const { widthPx, heightPx } = jpegInfo(uprightBytes);
    return {
      image: { bytes: uprightBytes, format: 'jpeg', widthPx, heightPx, dpi: row.dpi },
      rotation: 0,
      words: toPixels({ widthPx, heightPx }),
      label,
    };
  }
  if (!original) {
    throw createSourceMissingError();
  }
  const { default: sharp } = await import('sharp');
  if (isPng(original)) {
    const meta = await sharp(original).metadata();
    return {
      image: {
        bytes: original,
        format: 'png',
        widthPx: meta.width,
        heightPx: meta.height,
        dpi: row.dpi,
      },
      rotation: 0,
      words: [],
      label,
    };
  }
  // A TIFF page not processed yet (forced export): converted once, so it can be shown at all.
  const { data, info } = await sharp(original)
    .jpeg({ quality: 85 })
    .toBuffer({ resolveWithObject: true });
  return {
    image: {
      bytes: new Uint8Array(data),
      format: 'jpeg',
      widthPx: info.width,
      heightPx: info.height,
      dpi: row.dpi,
    },
    rotation: 0,
    words: [],
    label,
  };
}

/**
 * The pages of an export, read from the database a batch at a time with their blobs fetched in
 * parallel inside a batch. `onPage` learns which page is being produced (errors name it).
 */
export async function* streamExportPages({
  caseId,
  volume,
  labels,
  exportsRepository,
  blobStore,
  onPage,
}: {
  caseId: string;
  volume: number | null;
  labels: string[];
  exportsRepository: ExportsRepository;
  blobStore: BlobStore;
  onPage: (row: ExportPageRow, index: number) => void;
}): AsyncGenerator<ExportPage> {
  let after: { volume: number; seq: number } | null = null;
  let index = 0;
  for (;;) {
    const { pages } = await exportsRepository.listExportPages({
      caseId,
      volume,
      after,
      limit: BATCH,
    });
    if (pages.length === 0) {
      return;
    }
    const originals = pages.map((row) =>
      row.original_blob_key
        ? blobStore.getBytes({ key: row.original_blob_key }).then((r) => r.bytes)
        : Promise.resolve(null),
    );
    // Failed fetches are reported when their page comes up, not as unhandled rejections.
    for (const p of originals) {
      p.catch(() => undefined);
    }
    for (const [i, row] of pages.entries()) {
      onPage(row, index);
      const original = await originals[i]!;
      yield await toExportPage({
        row,
        label: labels[index] ?? String(index + 1),
        original,
        upright: async () =>
          row.upright_blob_key
            ? (await blobStore.getBytes({ key: row.upright_blob_key })).bytes
            : null,
      });
      index++;
    }
    const last = pages[pages.length - 1]!;
    after = { volume: last.volume, seq: last.seq };
  }
}
