import { createWriteStream, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fileSource } from '../sources/byte-source.ts';
import { resolveLimits } from '../sources/limits.ts';
import { openPdfJs } from '../sources/pdf/pdfjs.ts';
import { renderPage } from '../testing/fixtures.test-utils.ts';
import type { ExportPage } from './pdf.types.ts';
import { placeAnnotationBoxes } from './text-layer.ts';
import { writeCasePdf } from './write-case-pdf.ts';

const DPI = 100;
const W = Math.round((210 / 25.4) * DPI);
const H = Math.round((297 / 25.4) * DPI);

let dir: string;
let upright: Uint8Array;
let sideways: Uint8Array;

beforeAll(async () => {
  dir = mkdtempSync(path.join(tmpdir(), 'sohoa-annot-'));
  upright = await renderPage({ butLuc: 1, dpi: DPI });
  sideways = await renderPage({ butLuc: 2, dpi: DPI, rotateDegrees: 90 });
}, 60_000);
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const REGION: [number, number, number, number] = [0.1, 0.2, 0.6, 0.3];

function pages(): ExportPage[] {
  return [
    {
      image: { bytes: upright, format: 'jpeg', widthPx: W, heightPx: H, dpi: DPI },
      rotation: 0,
      words: [],
      label: '1',
      annotations: [
        {
          kind: 'highlight',
          boxes: [REGION],
          color: [255, 235, 59],
          text: 'Chữ ký không khớp',
          author: 'Nguyễn Văn An',
        },
        {
          kind: 'note',
          boxes: [[0.5, 0.5, 0.5, 0.5]],
          color: [240, 98, 146],
          text: 'Đối chiếu với bút lục 12',
          author: 'Trần Thị Bình',
        },
      ],
    },
    {
      // Stored a quarter-turn clockwise, shown upright through /Rotate 270.
      image: { bytes: sideways, format: 'jpeg', widthPx: H, heightPx: W, dpi: DPI },
      rotation: 270,
      words: [],
      label: '2',
      annotations: [
        {
          kind: 'highlight',
          boxes: [
            [0.1, 0.1, 0.3, 0.12],
            [0.32, 0.1, 0.5, 0.12],
          ],
          color: [102, 187, 106],
          text: null,
          author: 'Nguyễn Văn An',
        },
      ],
    },
  ];
}

describe('annotations in the case PDF', () => {
  it('maps upright boxes through the quarter-turn to the stored page', () => {
    const [first, second] = pages();
    const [onUpright] = placeAnnotationBoxes({ page: first!, boxes: [REGION] });
    const pt = 72 / DPI;
    expect(onUpright!.rect[0]).toBeCloseTo(0.1 * W * pt, 3);
    expect(onUpright!.rect[2]).toBeCloseTo(0.6 * W * pt, 3);
    // PDF y grows upwards: the box's top (0.2 down the page) is its upper edge.
    expect(onUpright!.rect[3]).toBeCloseTo((1 - 0.2) * H * pt, 3);
    const [onTurned] = placeAnnotationBoxes({ page: second!, boxes: [[0, 0, 0.5, 0.1]] });
    // Upright top-left corner of a page shown by /Rotate 270 is the stored image's top-right.
    expect(onTurned!.quad[0]).toBeCloseTo(H * pt, 3);
    expect(onTurned!.quad[1]).toBeCloseTo(W * pt, 3);
  });

  it('writes highlights and notes that pdf.js reads back on the annotated place', async () => {
    const file = path.join(dir, 'annotated.pdf');
    await writeCasePdf({
      pages: pages(),
      outline: [],
      frontMatter: null,
      info: { title: 'Vụ án', caseCode: null, unitName: 'VKS', createdAt: new Date(0) },
      profile: 'pdfa',
      output: createWriteStream(file),
    });
    const source = fileSource(file);
    const doc = await openPdfJs(source, resolveLimits(undefined));
    try {
      type Read = {
        subtype: string;
        rect: number[];
        contentsObj?: { str: string };
        titleObj?: { str: string };
        quadPoints?: unknown;
      };
      const upright1 = await doc.getPage(1);
      const first = (await upright1.getAnnotations()) as Read[];
      expect(first.map((a) => a.subtype)).toEqual(['Highlight', 'Text']);
      expect(first[0]!.contentsObj!.str).toBe('Chữ ký không khớp');
      expect(first[0]!.titleObj!.str).toBe('Nguyễn Văn An');
      expect(first[1]!.contentsObj!.str).toBe('Đối chiếu với bút lục 12');
      const normalised = async (n: number, rect: number[]) => {
        const page = await doc.getPage(n);
        const viewport = page.getViewport({ scale: 1 });
        const [x1, y1, x2, y2] = viewport.convertToViewportRectangle(rect);
        return [
          Math.min(x1, x2) / viewport.width,
          Math.min(y1, y2) / viewport.height,
          Math.max(x1, x2) / viewport.width,
          Math.max(y1, y2) / viewport.height,
        ];
      };
      const region = await normalised(1, first[0]!.rect);
      region.forEach((v, i) => expect(v).toBeCloseTo(REGION[i]!, 2));
      const turned = (await (await doc.getPage(2)).getAnnotations()) as Read[];
      expect(turned).toHaveLength(1);
      expect(turned[0]!.subtype).toBe('Highlight');
      // As the reader shows the page (turned upright), the highlight covers the two words.
      const words = await normalised(2, turned[0]!.rect);
      [0.1, 0.1, 0.5, 0.12].forEach((v, i) => expect(words[i]).toBeCloseTo(v, 2));
    } finally {
      await doc.destroy();
      source.close();
    }
  }, 60_000);
});
