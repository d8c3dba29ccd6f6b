import sharp from 'sharp';
import { ProcessingError } from '../errors.ts';
import type { OcrResult, SourcePage } from '../types.ts';
import { openByteSource, type ByteSource, type SourceInput } from './byte-source.ts';
import { resolveLimits, type SourceLimits } from './limits.ts';
import { checkIndex, pagesOf, withOwnedBytes, type PageSource } from './page-source.ts';
import { scanContent, type ContentScan } from './pdf/content.ts';
import { PdfFile, PdfOpenError } from './pdf/file.ts';
import { applyMatrix, type Matrix } from './pdf/objects.ts';
import { declaredSize, extractImage } from './pdf/page-image.ts';
import { countPages, getPage, type PdfPage } from './pdf/page-tree.ts';
import { openPdfJs, pageText, renderPage, type PdfJsDocument } from './pdf/pdfjs.ts';
import { buildTextLayer, type Normalizer } from './pdf/text-layer.ts';

/** An image must cover this share of the page to be taken as the page (a scan with thin margins). */
const FULL_PAGE_COVERAGE = 0.8;

/**
 * Opens a PDF for splitting into page images. Scanned pages (one image covering the page) come out
 * as the embedded image without re-encoding; other pages are rendered with pdf.js at
 * limits.renderDpi, greyscale PNG; pages with real text also get a text layer (so OCR can be skipped).
 *
 * Refuses: `source.empty`, `source.truncated` (no %%EOF, xref or linearized length beyond the end),
 * `source.corrupt`, `source.encrypted` (a user password is needed), `source.no_pages`. Per page:
 * `source.too_many_pixels` (an image declares more than limits.maxPixels), `page.render_failed`.
 * A valid page without content gives a white page.
 *
 * @example
 * const pdf = await readPdfSource({ path: '/tmp/tap_01.pdf' });
 * const first = await pdf.readPage({ index: 0 }); // first.image.format === 'jpeg' for a scan
 * await pdf.close();
 */
export async function readPdfSource(
  input: SourceInput & { limits?: Partial<SourceLimits> },
): Promise<PageSource> {
  const limits = resolveLimits(input.limits);
  const source = openByteSource(input);
  try {
    return await openPdf(source, limits);
  } catch (error) {
    source.close();
    throw error;
  }
}

async function openPdf(source: ByteSource, limits: SourceLimits): Promise<PageSource> {
  if (source.size === 0) {
    throw new ProcessingError({ code: 'source.empty' });
  }
  const file = openFile(source, limits);
  let pdfjsDoc: Promise<PdfJsDocument> | null = null;
  const pdfjs = () => (pdfjsDoc ??= openPdfJs(source, limits));
  const destroyPdfJs = async () => {
    if (pdfjsDoc) {
      await (await pdfjsDoc.catch(() => null))?.destroy();
    }
  };
  try {
    return await pageSourceOf({ file, source, limits, pdfjs, destroyPdfJs });
  } catch (error) {
    await destroyPdfJs();
    throw error;
  }
}

async function pageSourceOf({
  file,
  source,
  limits,
  pdfjs,
  destroyPdfJs,
}: {
  file: PdfFile;
  source: ByteSource;
  limits: SourceLimits;
  pdfjs: () => Promise<PdfJsDocument>;
  destroyPdfJs: () => Promise<void>;
}): Promise<PageSource> {
  let renderOnly = false;
  if (file.encrypted) {
    // Owner-password-only files (printing restrictions) open with the empty user password: their
    // streams are encrypted, so pdf.js renders every page. Anything else needs the password.
    try {
      await pdfjs();
    } catch (error) {
      throw new ProcessingError({ code: 'source.encrypted', cause: error });
    }
    renderOnly = true;
  }
  const pageCount = safe(() => countPages(file));
  if (pageCount === 0) {
    throw new ProcessingError({ code: 'source.no_pages' });
  }
  if (!safe(() => getPage(file, 0))) {
    throw new ProcessingError({
      code: 'source.corrupt',
      details: { reason: 'first page missing' },
    });
  }
  const readPage = withOwnedBytes(async ({ index }: { index: number }): Promise<SourcePage> => {
    checkIndex(index, pageCount);
    const page = safe(() => getPage(file, index));
    if (!page) {
      throw new ProcessingError({
        code: 'page.render_failed',
        details: { index, reason: 'page object missing' },
      });
    }
    return renderOnly
      ? renderWithPdfJs({ index, page, pdfjs, limits, scan: null })
      : splitPage({ file, index, page, pdfjs, limits });
  });
  return {
    kind: 'pdf',
    pageCount,
    readPage,
    pages: pagesOf({ pageCount, readPage }),
    async close() {
      await destroyPdfJs();
      source.close();
    },
  };
}

function openFile(source: ByteSource, limits: SourceLimits): PdfFile {
  try {
    return PdfFile.open(source, { maxDecodedBytes: limits.maxContentBytes });
  } catch (error) {
    const code =
      error instanceof PdfOpenError && error.reason === 'truncated'
        ? 'source.truncated'
        : 'source.corrupt';
    throw new ProcessingError({
      code,
      cause: error,
      details: { reason: (error as Error).message },
    });
  }
}

/** Runs a parse step; any syntax failure of an opened file is `source.corrupt`. */
function safe<T>(fn: () => T): T {
  try {
    return fn();
  } catch (error) {
    if (error instanceof ProcessingError) {
      throw error;
    }
    throw new ProcessingError({
      code: 'source.corrupt',
      cause: error,
      details: { reason: (error as Error).message },
    });
  }
}

async function splitPage({
  file,
  index,
  page,
  pdfjs,
  limits,
}: {
  file: PdfFile;
  index: number;
  page: PdfPage;
  pdfjs: () => Promise<PdfJsDocument>;
  limits: SourceLimits;
}): Promise<SourcePage> {
  let scan: ContentScan;
  try {
    scan = scanContent({
      file,
      contents: page.dict.get('Contents'),
      resources: page.resources,
      maxContentBytes: limits.maxContentBytes,
    });
  } catch (error) {
    throw new ProcessingError({
      code: 'page.render_failed',
      cause: error,
      details: { index, reason: (error as Error).message },
    });
  }
  for (const { stream } of scan.images) {
    const { width, height } = declaredSize(file, stream);
    if (width * height > limits.maxPixels) {
      throw new ProcessingError({
        code: 'source.too_many_pixels',
        details: { index, width, height, maxPixels: limits.maxPixels },
      });
    }
  }
  const hasAnnotations = (() => {
    const annots = file.resolve(page.dict.get('Annots'));
    return Array.isArray(annots) && annots.length > 0;
  })();
  if (
    !scan.images.length &&
    !scan.hasText &&
    !scan.hasVector &&
    !scan.hasInlineImage &&
    !scan.undecodable &&
    !hasAnnotations
  ) {
    return { index, image: await whitePage(page, limits), textLayer: null };
  }
  const only = scan.images[0];
  if (
    scan.images.length === 1 &&
    only &&
    !scan.hasVector &&
    !scan.hasInlineImage &&
    !scan.hasVisibleText &&
    !scan.undecodable &&
    coverage(only.ctm, page) >= FULL_PAGE_COVERAGE
  ) {
    const dpi = imageDpi(file, only.stream, only.ctm);
    const image = await extractImage(file, only.stream, dpi).catch(() => null);
    if (image) {
      const textLayer = scan.hasText
        ? await textLayerOf({
            index,
            page,
            pdfjs,
            normalize: imageNormalizer(only.ctm),
            engine: 'pdf-ocr-layer',
          })
        : null;
      return { index, image: { ...image, dpi }, textLayer };
    }
  }
  return renderWithPdfJs({ index, page, pdfjs, limits, scan });
}

async function renderWithPdfJs({
  index,
  page,
  pdfjs,
  limits,
  scan,
}: {
  index: number;
  page: PdfPage;
  pdfjs: () => Promise<PdfJsDocument>;
  limits: SourceLimits;
  scan: ContentScan | null;
}): Promise<SourcePage> {
  const doc = await pdfjs();
  const jsPage = await doc.getPage((await pdfJsIndex(doc, page, index)) + 1);
  try {
    const rendered = await renderPage(doc, jsPage, limits);
    let textLayer: OcrResult | null = null;
    if (scan === null || scan.hasText) {
      const viewport = jsPage.getViewport({ scale: 1 });
      const normalize: Normalizer = (x, y) => {
        const [vx, vy] = viewport.convertToViewportPoint(x, y) as [number, number];
        return [vx / viewport.width, vy / viewport.height];
      };
      const { items, styles } = await pageText(jsPage);
      textLayer = buildTextLayer({
        items,
        styles,
        normalize,
        engine: scan && !scan.hasVisibleText ? 'pdf-ocr-layer' : 'pdf-text',
      });
    }
    return { index, image: { ...rendered, format: 'png' }, textLayer };
  } catch (error) {
    if (error instanceof ProcessingError) {
      throw error;
    }
    throw new ProcessingError({
      code: 'page.render_failed',
      cause: error,
      details: { index, reason: (error as Error).message },
    });
  } finally {
    jsPage.cleanup();
  }
}

async function textLayerOf({
  index,
  page,
  pdfjs,
  normalize,
  engine,
}: {
  index: number;
  page: PdfPage;
  pdfjs: () => Promise<PdfJsDocument>;
  normalize: Normalizer;
  engine: string;
}): Promise<OcrResult | null> {
  const doc = await pdfjs();
  const jsPage = await doc.getPage((await pdfJsIndex(doc, page, index)) + 1);
  try {
    const { items, styles } = await pageText(jsPage);
    return buildTextLayer({ items, styles, normalize, engine });
  } finally {
    jsPage.cleanup();
  }
}

/** pdf.js' index of our page (the same unless the page tree is inconsistent). */
async function pdfJsIndex(doc: PdfJsDocument, page: PdfPage, index: number): Promise<number> {
  if (page.ref) {
    const found = await doc
      .getPageIndex({ num: page.ref.num, gen: page.ref.gen })
      .catch(() => null);
    if (found !== null) {
      return found;
    }
  }
  if (index >= doc.numPages) {
    throw new ProcessingError({
      code: 'page.render_failed',
      details: { index, reason: 'page not found by the renderer' },
    });
  }
  return index;
}

function coverage(ctm: Matrix, page: PdfPage): number {
  const corners = [
    applyMatrix(ctm, 0, 0),
    applyMatrix(ctm, 1, 0),
    applyMatrix(ctm, 0, 1),
    applyMatrix(ctm, 1, 1),
  ];
  const xs = corners.map((c) => c[0]);
  const ys = corners.map((c) => c[1]);
  const [px0, py0, px1, py1] = page.box;
  const w = Math.min(Math.max(...xs), px1) - Math.max(Math.min(...xs), px0);
  const h = Math.min(Math.max(...ys), py1) - Math.max(Math.min(...ys), py0);
  return w > 0 && h > 0 ? (w * h) / ((px1 - px0) * (py1 - py0)) : 0;
}

/** Image pixels ÷ drawn size in inches (geometric mean of both axes). */
function imageDpi(
  file: PdfFile,
  stream: Parameters<typeof declaredSize>[1],
  ctm: Matrix,
): number | null {
  const { width, height } = declaredSize(file, stream);
  const drawnWidth = Math.hypot(ctm[0], ctm[1]) / 72;
  const drawnHeight = Math.hypot(ctm[2], ctm[3]) / 72;
  if (drawnWidth <= 0 || drawnHeight <= 0 || width <= 0 || height <= 0) {
    return null;
  }
  return Math.round(Math.sqrt((width / drawnWidth) * (height / drawnHeight)));
}

/** User space → [0, 1] of the image (its first row is the top of the unit square). */
function imageNormalizer(ctm: Matrix): Normalizer {
  const [a, b, c, d, e, f] = ctm;
  const det = a * d - b * c || 1;
  const inverse: Matrix = [
    d / det,
    -b / det,
    -c / det,
    a / det,
    (c * f - d * e) / det,
    (b * e - a * f) / det,
  ];
  return (x, y) => {
    const [u, v] = applyMatrix(inverse, x, y);
    return [u, 1 - v];
  };
}

async function whitePage(page: PdfPage, limits: SourceLimits): Promise<SourcePage['image']> {
  const [x0, y0, x1, y1] = page.box;
  const sideways = page.rotate === 90 || page.rotate === 270;
  const wPt = sideways ? y1 - y0 : x1 - x0;
  const hPt = sideways ? x1 - x0 : y1 - y0;
  const scale = Math.min(limits.renderDpi / 72, Math.sqrt(limits.maxRenderPixels / (wPt * hPt)));
  const widthPx = Math.max(1, Math.round(wPt * scale));
  const heightPx = Math.max(1, Math.round(hPt * scale));
  const dpi = Math.round(scale * 72);
  const bytes = await sharp(Buffer.alloc(widthPx * heightPx, 255), {
    raw: { width: widthPx, height: heightPx, channels: 1 },
  })
    .toColourspace('b-w')
    .withDensity(dpi)
    .png({ compressionLevel: 4 })
    .toBuffer();
  return { bytes, format: 'png', widthPx, heightPx, dpi };
}
