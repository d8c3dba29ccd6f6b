import { createRequire } from 'node:module';
import path from 'node:path';
import type * as PdfJsModule from 'pdfjs-dist/legacy/build/pdf.mjs';
import sharp from 'sharp';
import { ProcessingError } from '../../errors.ts';
import { readAll, type ByteSource } from '../byte-source.ts';
import type { SourceLimits } from '../limits.ts';
import type { TextItemLike } from './text-layer.ts';

type PdfJs = typeof PdfJsModule;
export type PdfJsDocument = Awaited<ReturnType<PdfJs['getDocument']>['promise']>;
export type PdfJsPage = Awaited<ReturnType<PdfJsDocument['getPage']>>;

/** The canvas copy pdf.js itself loads (PROBE §5: a second @napi-rs/canvas in-process segfaults). */
interface NodeCanvasFactory {
  create(
    width: number,
    height: number,
  ): {
    canvas: unknown;
    context: {
      getImageData(x: number, y: number, w: number, h: number): { data: Uint8ClampedArray };
    };
  };
  destroy(pair: { canvas: unknown; context: unknown }): void;
}

let pdfjsPromise: Promise<PdfJs> | null = null;

/** pdf.js is loaded on first need only: a scanned PDF of JPEG pages never pays for it. */
function loadPdfJs(): Promise<PdfJs> {
  pdfjsPromise ??= import('pdfjs-dist/legacy/build/pdf.mjs');
  return pdfjsPromise;
}

const assetDir = (() => {
  let dir: string | null = null;
  return () => {
    dir ??= path.dirname(createRequire(import.meta.url).resolve('pdfjs-dist/package.json'));
    return dir;
  };
})();

const IN_MEMORY_LIMIT = 16 * 1024 * 1024;

/**
 * Opens a PDF in pdf.js (fake worker, same thread). Small files are handed over whole (a copy: pdf.js
 * detaches what it is given); large ones through a range transport, so pdf.js too reads only what a
 * page needs.
 */
export async function openPdfJs(source: ByteSource, limits: SourceLimits): Promise<PdfJsDocument> {
  const pdfjs = await loadPdfJs();
  const dir = assetDir();
  const common = {
    isEvalSupported: false,
    disableFontFace: true,
    useSystemFonts: false,
    standardFontDataUrl: `${path.join(dir, 'standard_fonts')}/`,
    cMapUrl: `${path.join(dir, 'cmaps')}/`,
    cMapPacked: true,
    wasmUrl: `${path.join(dir, 'wasm')}/`,
    iccUrl: `${path.join(dir, 'iccs')}/`,
    verbosity: pdfjs.VerbosityLevel.ERRORS,
    maxImageSize: limits.maxPixels,
    password: '',
  };
  let params;
  if (source.size <= IN_MEMORY_LIMIT) {
    params = { ...common, data: readAll(source).slice() };
  } else {
    class SourceTransport extends pdfjs.PDFDataRangeTransport {
      override requestDataRange(begin: number, end: number): void {
        setImmediate(() => {
          let chunk: Uint8Array;
          try {
            chunk = source.read(begin, end - begin).slice();
          } catch {
            // The source was closed while pdf.js still had a request in flight: nothing to answer.
            return;
          }
          this.onDataRange(begin, chunk);
        });
      }
    }
    params = {
      ...common,
      range: new SourceTransport(source.size, new Uint8Array(0)),
      length: source.size,
      rangeChunkSize: 256 * 1024,
      disableAutoFetch: true,
      disableStream: true,
    };
  }
  const task = pdfjs.getDocument(params);
  try {
    return await task.promise;
  } catch (error) {
    await task.destroy();
    const name = (error as Error | undefined)?.name;
    throw new ProcessingError({
      code: name === 'PasswordException' ? 'source.encrypted' : 'source.corrupt',
      cause: error,
    });
  }
}

/** The text items of a page in user space, and the font metrics pdf.js found. */
export async function pageText(page: PdfJsPage): Promise<{
  items: TextItemLike[];
  styles: Record<string, { ascent?: number; descent?: number }>;
}> {
  const content = await page.getTextContent();
  const items = content.items.filter((item): item is typeof item & TextItemLike => 'str' in item);
  return { items, styles: content.styles };
}

/**
 * Renders a page to a greyscale image at `dpi` (lowered to stay under limits.maxRenderPixels).
 * PNG keeps text edges exact for OCR; the page is white-backed (pdf.js' default background).
 */
export async function renderPage(
  doc: PdfJsDocument,
  page: PdfJsPage,
  limits: SourceLimits,
): Promise<{ bytes: Uint8Array; widthPx: number; heightPx: number; dpi: number }> {
  const base = page.getViewport({ scale: 1 });
  const area = base.width * base.height;
  const scale = Math.min(
    limits.renderDpi / 72,
    Math.sqrt(limits.maxRenderPixels / Math.max(area, 1)),
  );
  const viewport = page.getViewport({ scale });
  const width = Math.max(1, Math.round(viewport.width));
  const height = Math.max(1, Math.round(viewport.height));
  const factory = doc.canvasFactory as NodeCanvasFactory;
  const pair = factory.create(width, height);
  try {
    await page.render({ canvas: pair.canvas as never, viewport, intent: 'print' }).promise;
    const rgba = pair.context.getImageData(0, 0, width, height).data;
    const dpi = Math.round(scale * 72);
    const bytes = await sharp(rgba, { raw: { width, height, channels: 4 } })
      .removeAlpha()
      .toColourspace('b-w')
      .withDensity(dpi)
      .png({ compressionLevel: 4 })
      .toBuffer();
    return { bytes, widthPx: width, heightPx: height, dpi };
  } finally {
    factory.destroy(pair);
  }
}
