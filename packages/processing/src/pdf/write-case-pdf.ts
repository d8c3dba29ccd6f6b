import { createHash } from 'node:crypto';
import { createRequire } from 'node:module';
import path from 'node:path';
import type { Writable } from 'node:stream';
import PDFDocument from 'pdfkit';
import { ProcessingError } from '../errors.ts';
import { destinationName, drawFrontMatter } from './front-matter.ts';
import { expandPageLabels, pageLabelRanges, type PageLabelRange } from './page-labels.ts';
import type {
  CasePdfInfo,
  ExportAnnotation,
  ExportPage,
  FrontMatter,
  OutlineNode,
  PdfProfile,
} from './pdf.types.ts';
import { pageGeometry, placeAnnotationBoxes, placeWords, type FontExtent } from './text-layer.ts';
import { watermarkPlacement, watermarkText, type WatermarkInfo } from './watermark.ts';

const require = createRequire(import.meta.url);
const fontDir = path.join(path.dirname(require.resolve('dejavu-fonts-ttf/package.json')), 'ttf');
/** DejaVu Serif covers every Vietnamese letter as a precomposed glyph (NFC in, NFC out). */
export const CASE_PDF_FONTS = {
  regular: path.join(fontDir, 'DejaVuSerif.ttf'),
  bold: path.join(fontDir, 'DejaVuSerif-Bold.ttf'),
};

/** Bytes the PDF may hold ahead of a slow disk before page production waits. */
const MAX_BUFFERED = 16 * 1024 * 1024;

type Doc = InstanceType<typeof PDFDocument>;
type Ref = ReturnType<Doc['ref']>;
/** The parts of PDFKit used below its public API (pinned version; covered by the tests). */
interface PdfKitInternals {
  _root: { data: Record<string, unknown> };
  _font: {
    id: string;
    ascender: number;
    descender: number;
    ref(): Ref;
    encode(text: string): [string[], Array<{ advanceWidth: number }>];
  };
  page: {
    dictionary: Ref & { data: Record<string, unknown> };
    fonts: Record<string, Ref>;
    xobjects: Record<string, Ref>;
    annotations: Ref[];
  };
}

export interface WriteCasePdfResult {
  pageCount: number;
  frontMatterPages: number;
  /** The label of every page as a viewer shows it. */
  labels: string[];
  outlineCount: number;
  bytes: number;
  /** SHA-256 (hex) of the file as written. */
  sha256: string;
  /** Content pages that had a text layer. */
  pagesWithText: number;
}

/**
 * Writes the digital case file to `output` as the pages arrive: front matter (cover sheet, index
 * with links), then each scanned page with its image as stored, /Rotate to show it upright and an
 * invisible OCR text layer (render mode 3) in an embedded, subset DejaVu font with ToUnicode, so
 * search and copy give NFC Vietnamese. Page labels are the bút lục, the outline is section →
 * document. Memory stays bounded: a page's objects are written when the next page begins, and
 * production waits while `output` is behind (measured: ~150 MB RSS at 5,000 pages).
 *
 * Throws ProcessingError `export.write_failed` when `output` fails (disk full…); whatever the
 * page iterator throws is passed on. Either way the caller discards the partial output.
 *
 * @example
 * const out = fs.createWriteStream(tmp);
 * await writeCasePdf({ pages, outline, frontMatter, info, profile: 'pdfa', output: out });
 */
export async function writeCasePdf({
  pages,
  outline,
  frontMatter,
  info,
  profile,
  output,
  watermark = null,
}: {
  pages: AsyncIterable<ExportPage> | Iterable<ExportPage>;
  outline: OutlineNode[];
  frontMatter: FrontMatter | null;
  info: CasePdfInfo;
  profile: PdfProfile;
  output: Writable;
  /** Makes a copy (bản sao): every page stamped for this person; null (default) = the master. */
  watermark?: WatermarkInfo | null;
}): Promise<WriteCasePdfResult> {
  const doc = new PDFDocument({
    autoFirstPage: false,
    compress: true,
    pdfVersion: '1.7',
    font: CASE_PDF_FONTS.regular,
    ...(profile === 'pdfa' ? { subset: 'PDF/A-2b' as const } : {}),
    info: {
      Title: xmpSafe(info.title),
      Author: xmpSafe(info.unitName),
      Subject: xmpSafe(`Hồ sơ vụ án${info.caseCode ? ` ${info.caseCode}` : ''} – ${info.unitName}`),
      Keywords: xmpSafe([info.caseCode, info.unitName, 'hồ sơ vụ án'].filter(Boolean).join('; ')),
      Creator: 'sohoa',
      Producer: 'sohoa',
      CreationDate: info.createdAt,
    },
  });
  const internals = doc as unknown as Doc & PdfKitInternals;
  let failure: unknown = null;
  let bytes = 0;
  const onError = (error: unknown) => {
    failure ??= error;
  };
  output.on('error', onError);
  const hash = createHash('sha256');
  doc.on('data', (chunk: Uint8Array) => {
    bytes += chunk.byteLength;
    hash.update(chunk);
  });
  doc.pipe(output);
  const assertWritable = () => {
    if (failure) {
      throw new ProcessingError({
        code: 'export.write_failed',
        message: (failure as Error).message,
        cause: failure,
      });
    }
  };
  const waitForOutput = async () => {
    // Let other work of the process run between pages (a server answers requests meanwhile).
    await new Promise<void>((resolve) => setImmediate(resolve));
    while (internals.readableLength > MAX_BUFFERED && !failure) {
      await new Promise<void>((resolve) => {
        if (output.writableNeedDrain) {
          const done = () => {
            output.off('drain', done);
            output.off('error', done);
            resolve();
          };
          output.on('drain', done);
          output.on('error', done);
        } else {
          setImmediate(resolve);
        }
      });
    }
    assertWritable();
  };

  const front = frontMatter
    ? drawFrontMatter({ doc, front: frontMatter, fonts: CASE_PDF_FONTS })
    : { pages: 0 };
  doc.font(CASE_PDF_FONTS.regular);
  const font = internals._font;
  const extent: FontExtent = { ascent: font.ascender / 1000, descent: font.descender / 1000 };
  const targets = new Set(
    (frontMatter?.index ?? []).flatMap((r) =>
      r.targetPageIndex === null ? [] : [r.targetPageIndex],
    ),
  );
  const stamp = watermark ? watermarkText({ watermark }) : null;
  const pageRefs: Ref[] = [];
  const frontRefs: Ref[] = [];
  const labels: string[] = [];
  let pagesWithText = 0;
  // Front matter pages are already in the page tree; remember them for the outline.
  const kids = (internals._root.data.Pages as { data: { Kids: Ref[] } }).data.Kids;
  frontRefs.push(...kids);

  // for-await takes sync iterables too; the cast only helps the linter's type inference.
  for await (const page of pages as AsyncIterable<ExportPage>) {
    const index = pageRefs.length;
    const { width, height } = pageGeometry(page.image);
    doc.addPage({ size: [width, height], margin: 0 });
    const current = (internals as PdfKitInternals).page;
    pageRefs.push(current.dictionary);
    if (page.rotation !== 0) {
      current.dictionary.data.Rotate = page.rotation;
    }
    // PDFKit starts each page flipped to a top-left origin; page content here uses PDF's own.
    if (page.image.format === 'png') {
      doc.image(Buffer.from(page.image.bytes), 0, 0, { width, height });
    }
    doc.addContent(`q 1 0 0 -1 0 ${num(height)} cm`);
    if (page.image.format === 'jpeg') {
      drawJpeg({ doc, internals, page, width, height });
    }
    const placed = placeWords({ page, font: extent });
    if (placed.length > 0) {
      pagesWithText++;
      current.fonts[font.id] ??= font.ref();
      doc.addContent(textLayerOperators({ placed, font }));
    }
    doc.addContent('Q');
    if (stamp) {
      drawStamp({ doc, stamp, width, height, rotation: page.rotation });
    }
    for (const annotation of page.annotations ?? []) {
      addAnnotation({ doc, internals, page, annotation });
    }
    if (targets.has(index)) {
      doc.addNamedDestination(destinationName(index));
    }
    labels.push(page.label);
    await waitForOutput();
  }
  if (pageRefs.length === 0 && front.pages === 0) {
    throw new ProcessingError({ code: 'export.no_pages', message: 'No page to export' });
  }

  const ranges = pageLabelRanges({ frontMatterPages: front.pages, labels });
  internals._root.data.PageLabels = { Nums: ranges.flatMap(labelEntry) };
  const outlineCount = writeOutline({
    doc,
    internals,
    nodes: [
      ...(front.pages > 0
        ? [
            { title: 'Bìa bản số hóa', ref: frontRefs[0]! },
            ...('indexPage' in front && front.indexPage !== null
              ? [{ title: 'Mục lục', ref: frontRefs[front.indexPage]! }]
              : []),
          ].map((n) => ({ title: n.title, pageIndex: null, ref: n.ref }))
        : []),
      ...outline,
    ],
    pageRefs,
  });

  const finished = new Promise<void>((resolve, reject) => {
    output.once('finish', resolve);
    output.once('error', reject);
  });
  doc.end();
  try {
    await finished;
  } catch (error) {
    onError(error);
  }
  assertWritable();
  const pageCount = front.pages + pageRefs.length;
  return {
    pageCount,
    frontMatterPages: front.pages,
    labels: expandPageLabels({ ranges, pageCount }),
    outlineCount,
    bytes,
    sha256: hash.digest('hex'),
    pagesWithText,
  };
}

/** The light diagonal stamp of a copy, over the image and the text layer. */
function drawStamp({
  doc,
  stamp,
  width,
  height,
  rotation,
}: {
  doc: Doc;
  stamp: string;
  width: number;
  height: number;
  rotation: ExportPage['rotation'];
}) {
  doc.font(CASE_PDF_FONTS.bold).fontSize(1);
  const place = watermarkPlacement({
    width,
    height,
    rotation,
    textWidthAtSize1: doc.widthOfString(stamp),
  });
  doc.fontSize(place.fontSize);
  const textWidth = doc.widthOfString(stamp);
  doc.save();
  doc.rotate(place.angle, { origin: [place.cx, place.cy] });
  doc.fillColor('#b00000').fillOpacity(0.2);
  doc.text(stamp, place.cx - textWidth / 2, place.cy - place.fontSize / 2, {
    lineBreak: false,
  });
  doc.restore();
  doc.font(CASE_PDF_FONTS.regular);
}

const NOTE_SIZE = 18;

/**
 * A reader's annotation as a PDF annotation: /Highlight with one quadrilateral per box, or a /Text
 * note (pop-up) at the first box's upper-left corner. Each carries its own appearance stream
 * (PDF/A wants one) and the Print flag, so it shows and prints the same in every reader.
 */
function addAnnotation({
  doc,
  internals,
  page,
  annotation,
}: {
  doc: Doc;
  internals: PdfKitInternals;
  page: ExportPage;
  annotation: ExportAnnotation;
}) {
  const placed = placeAnnotationBoxes({ page, boxes: annotation.boxes });
  if (placed.length === 0) {
    return;
  }
  const [r, g, b] = annotation.color.map((c) => Math.round((c / 255) * 1000) / 1000) as [
    number,
    number,
    number,
  ];
  const text = annotation.text ? new String(annotation.text.normalize('NFC')) : null;
  const common = {
    Type: 'Annot',
    C: [r, g, b],
    T: new String(annotation.author.normalize('NFC')),
    ...(text ? { Contents: text } : {}),
  };
  let dict: Record<string, unknown>;
  let bbox: [number, number, number, number];
  let content: string;
  let resources: Record<string, unknown> = {};
  if (annotation.kind === 'highlight') {
    bbox = [
      Math.min(...placed.map((p) => p.rect[0])),
      Math.min(...placed.map((p) => p.rect[1])),
      Math.max(...placed.map((p) => p.rect[2])),
      Math.max(...placed.map((p) => p.rect[3])),
    ];
    dict = {
      ...common,
      Subtype: 'Highlight',
      F: 4,
      Rect: bbox,
      QuadPoints: placed.flatMap((p) => p.quad),
      CA: 0.4,
    };
    // Quadrilaterals filled translucent in multiply mode: the scan stays readable beneath.
    resources = { ExtGState: { GS0: { Type: 'ExtGState', ca: 0.4, CA: 0.4, BM: 'Multiply' } } };
    content = [
      '/GS0 gs',
      `${num(r)} ${num(g)} ${num(b)} rg`,
      ...placed.map(({ quad: q }) =>
        [
          `${num(q[0])} ${num(q[1])} m`,
          `${num(q[2])} ${num(q[3])} l`,
          `${num(q[6])} ${num(q[7])} l`,
          `${num(q[4])} ${num(q[5])} l h f`,
        ].join(' '),
      ),
    ].join('\n');
  } else {
    const [x, y] = [placed[0]!.quad[0], placed[0]!.quad[1]];
    bbox = [x, y - NOTE_SIZE, x + NOTE_SIZE, y];
    dict = { ...common, Subtype: 'Text', Name: 'Comment', F: 4 | 8 | 16, Rect: bbox, Open: false };
    content = [
      `${num(r)} ${num(g)} ${num(b)} rg 0.3 0.3 0.3 RG 1 w`,
      `${num(bbox[0] + 0.5)} ${num(bbox[1] + 0.5)} ${NOTE_SIZE - 1} ${NOTE_SIZE - 1} re B`,
      `0.3 0.3 0.3 RG ${num(bbox[0] + 4)} ${num(bbox[1] + 12)} m ${num(bbox[0] + 14)} ${num(bbox[1] + 12)} l S`,
      `${num(bbox[0] + 4)} ${num(bbox[1] + 8)} m ${num(bbox[0] + 14)} ${num(bbox[1] + 8)} l S`,
      `${num(bbox[0] + 4)} ${num(bbox[1] + 4)} m ${num(bbox[0] + 10)} ${num(bbox[1] + 4)} l S`,
    ].join('\n');
  }
  const appearance = doc.ref({
    Type: 'XObject',
    Subtype: 'Form',
    BBox: bbox,
    Resources: resources,
  });
  appearance.write(content);
  endRef(appearance);
  const ref = doc.ref({ ...dict, AP: { N: appearance }, P: internals.page.dictionary });
  internals.page.annotations.push(ref);
  endRef(ref);
}

/** Info and XMP share these strings and PDFKit writes them into XML unescaped. */
const xmpSafe = (s: string) => s.replace(/[<>&]/g, ' ').normalize('NFC');

function labelEntry(range: PageLabelRange): unknown[] {
  switch (range.style) {
    case 'decimal':
      return [range.start, { S: 'D', St: range.first }];
    case 'roman':
      return [range.start, { S: 'r' }];
    case 'text':
      // PDFKit writes String objects as PDF text strings (plain strings become names).
      return [range.start, { P: new String(range.text) }];
  }
}

function drawJpeg({
  doc,
  internals,
  page,
  width,
  height,
}: {
  doc: Doc;
  internals: PdfKitInternals;
  page: ExportPage;
  width: number;
  height: number;
}) {
  // JPEG embedded byte for byte (DCTDecode); PDFKit's image() would also apply EXIF orientation,
  // which the pipeline does not, so the object is written here.
  const { components } = jpegInfo(page.image.bytes);
  const image = doc.ref({
    Type: 'XObject',
    Subtype: 'Image',
    Width: page.image.widthPx,
    Height: page.image.heightPx,
    BitsPerComponent: 8,
    ColorSpace: components === 1 ? 'DeviceGray' : components === 4 ? 'DeviceCMYK' : 'DeviceRGB',
    Filter: 'DCTDecode',
    ...(components === 4 ? { Decode: [1, 0, 1, 0, 1, 0, 1, 0] } : {}),
  });
  image.end(
    Buffer.from(page.image.bytes.buffer, page.image.bytes.byteOffset, page.image.bytes.byteLength),
  );
  const name = 'Im1';
  internals.page.xobjects[name] = image;
  doc.addContent(`q ${num(width)} 0 0 ${num(height)} 0 0 cm /${name} Do Q`);
}

/** Size and colour components of a JPEG, from its frame header (SOFn). */
export function jpegInfo(bytes: Uint8Array): {
  widthPx: number;
  heightPx: number;
  components: number;
} {
  let pos = 2;
  while (pos + 9 < bytes.length) {
    if (bytes[pos] !== 0xff) {
      pos++;
      continue;
    }
    const marker = bytes[pos + 1]!;
    const isSof = marker >= 0xc0 && marker <= 0xcf && ![0xc4, 0xc8, 0xcc].includes(marker);
    if (isSof) {
      return {
        heightPx: (bytes[pos + 5]! << 8) | bytes[pos + 6]!,
        widthPx: (bytes[pos + 7]! << 8) | bytes[pos + 8]!,
        components: bytes[pos + 9]!,
      };
    }
    if (
      marker === 0xd8 ||
      marker === 0x01 ||
      (marker >= 0xd0 && marker <= 0xd7) ||
      marker === 0xff
    ) {
      pos += marker === 0xff ? 1 : 2;
      continue;
    }
    pos += 2 + ((bytes[pos + 2]! << 8) | bytes[pos + 3]!);
  }
  throw new ProcessingError({ code: 'export.bad_image', message: 'JPEG without a frame header' });
}

const endRef = (ref: Ref) => (ref as unknown as { end(): void }).end();

const num = (n: number) => (Math.abs(n) < 1e-6 ? '0' : String(Math.round(n * 1000) / 1000));

/** Invisible words: render mode 3, one text matrix per word, Tz stretching the glyphs to the box. */
function textLayerOperators({
  placed,
  font,
}: {
  placed: ReturnType<typeof placeWords>;
  font: PdfKitInternals['_font'];
}): string {
  const parts = ['BT', '3 Tr'];
  let size = -1;
  let spaceHex: string | null = null;
  for (const w of placed) {
    const [hex, positions] = font.encode(w.text);
    const natural = (positions.reduce((s, p) => s + p.advanceWidth, 0) / 1000) * w.fontSize;
    const tz = natural > 0 ? Math.min(1000, Math.max(5, (100 * w.width) / natural)) : 100;
    if (w.fontSize !== size) {
      size = w.fontSize;
      parts.push(`/${font.id} ${num(size)} Tf`);
    }
    const a = (w.angle * Math.PI) / 180;
    const cos = Math.cos(a);
    const sin = Math.sin(a);
    let text = hex.join('');
    if (w.spaceAfter) {
      spaceHex ??= font.encode(' ')[0].join('');
      text += spaceHex;
    }
    parts.push(
      `${num(tz)} Tz ${num(cos)} ${num(sin)} ${num(-sin)} ${num(cos)} ${num(w.x)} ${num(w.y)} Tm <${text}> Tj`,
    );
  }
  parts.push('ET');
  return parts.join('\n');
}

/** The outline as hand-built dictionaries (PDFKit's own only points at the page being drawn). */
function writeOutline({
  doc,
  internals,
  nodes,
  pageRefs,
}: {
  doc: Doc;
  internals: PdfKitInternals;
  nodes: Array<OutlineNode & { ref?: Ref }>;
  pageRefs: Ref[];
}): number {
  const firstPage = (node: OutlineNode & { ref?: Ref }): Ref | null => {
    if (node.ref) {
      return node.ref;
    }
    if (node.pageIndex !== null && pageRefs[node.pageIndex]) {
      return pageRefs[node.pageIndex]!;
    }
    for (const child of node.children ?? []) {
      const found = firstPage(child);
      if (found) {
        return found;
      }
    }
    return null;
  };
  let count = 0;
  const build = (items: Array<OutlineNode & { ref?: Ref }>, parent: Ref): Ref[] => {
    const refs = items.map(() => doc.ref({}));
    items.forEach((item, i) => {
      count++;
      const ref = refs[i]! as Ref & { data: Record<string, unknown> };
      ref.data.Title = new String(item.title.normalize('NFC'));
      ref.data.Parent = parent;
      const target = firstPage(item);
      if (target) {
        ref.data.Dest = [target, 'Fit'];
      }
      if (i > 0) {
        ref.data.Prev = refs[i - 1];
      }
      if (i < refs.length - 1) {
        ref.data.Next = refs[i + 1];
      }
      const children = build(item.children ?? [], ref);
      if (children.length > 0) {
        ref.data.First = children[0];
        ref.data.Last = children[children.length - 1];
        ref.data.Count = children.length;
      }
    });
    refs.forEach(endRef);
    return refs;
  };
  if (nodes.length === 0) {
    return 0;
  }
  const root = doc.ref({ Type: 'Outlines' }) as Ref & { data: Record<string, unknown> };
  const top = build(nodes, root);
  root.data.First = top[0];
  root.data.Last = top[top.length - 1];
  root.data.Count = count;
  endRef(root);
  internals._root.data.Outlines = root;
  internals._root.data.PageMode = 'UseOutlines';
  return count;
}
