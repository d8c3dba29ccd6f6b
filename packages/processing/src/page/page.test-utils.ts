/*
 * Synthetic scanned pages for tests: Vietnamese text set in DejaVu Serif by sharp/Pango, a boxed
 * numbering-machine stamp and a hand-drawn number, then scanner damage (rotation, blur, noise,
 * JPEG). Self-contained: needs only the npm dependencies.
 */
import { createRequire } from 'node:module';
import path from 'node:path';
import sharp from 'sharp';
import type { GrayImage } from './gray-image.ts';

const require = createRequire(import.meta.url);
const FONT_DIR = path.join(path.dirname(require.resolve('dejavu-fonts-ttf/package.json')), 'ttf');
export const SERIF_FONT = path.join(FONT_DIR, 'DejaVuSerif.ttf');
export const MONO_BOLD_FONT = path.join(FONT_DIR, 'DejaVuSansMono-Bold.ttf');

export const SAMPLE_LINES = [
  'Căn cứ Điều 143, Điều 154 và Điều 179 Bộ luật Tố tụng hình sự;',
  'Xét thấy hành vi của Nguyễn Văn Hùng có dấu hiệu tội trộm cắp tài sản,',
  'quy định tại khoản 1 Điều 173 Bộ luật Hình sự năm 2015, được sửa đổi,',
  'bổ sung năm 2017. Ông đã lấy chiếc xe mô tô biển số 15B1-234.56 của',
  'bà Trần Thị Hương, trị giá 25.000.000 đồng, vào ngày 04 tháng 3 năm 2019',
  'tại phường Cát Dài, quận Lê Chân, thành phố Hải Phòng. Người làm chứng',
  'là ông Phạm Quốc Tuấn, sinh năm 1978, trú tại số 12 phố Hàng Kênh.',
  'Điều tra viên Vũ Đức Thắng được phân công tiến hành các biện pháp',
  'điều tra, thu thập chứng cứ và báo cáo kết quả theo quy định.',
  'Các bên được giải thích quyền và nghĩa vụ theo pháp luật hiện hành.',
];

/** Blank A4 paper at `dpi`, 0 = black … 255 = white. */
export function blankPage({ dpi, paper = 245 }: { dpi: number; paper?: number }): GrayImage {
  const width = Math.round((210 / 25.4) * dpi);
  const height = Math.round((297 / 25.4) * dpi);
  return { data: new Uint8Array(width * height).fill(paper), width, height };
}

/** Renders text (Pango markup allowed) and prints it onto the page at (leftMm, topMm). */
export async function printText({
  page,
  text,
  dpi,
  leftMm,
  topMm,
  pt = 12,
  font = SERIF_FONT,
  family = 'DejaVu Serif',
  ink = 20,
}: {
  page: GrayImage;
  text: string;
  dpi: number;
  leftMm: number;
  topMm: number;
  pt?: number;
  font?: string;
  family?: string;
  ink?: number;
}): Promise<{ widthPx: number; heightPx: number }> {
  const { data, info } = await sharp({
    text: {
      text,
      fontfile: font,
      font: `${family} ${pt}`,
      dpi,
      spacing: Math.round(pt * 0.45 * (dpi / 72)),
    },
  })
    .extractChannel(0)
    .raw()
    .toBuffer({ resolveWithObject: true });
  const left = Math.round((leftMm / 25.4) * dpi);
  const top = Math.round((topMm / 25.4) * dpi);
  stampAlpha({ page, alpha: data, width: info.width, height: info.height, left, top, ink });
  return { widthPx: info.width, heightPx: info.height };
}

/** A numbering-machine stamp: digits in a rectangle, e.g. "0012", top-left corner at (leftMm, topMm). */
export async function printBoxStamp({
  page,
  digits,
  dpi,
  leftMm,
  topMm,
  double = false,
}: {
  page: GrayImage;
  digits: string;
  dpi: number;
  leftMm: number;
  topMm: number;
  /** A second frame 0.8 mm outside the first. */
  double?: boolean;
}): Promise<void> {
  const size = await printText({
    page,
    text: digits,
    dpi,
    leftMm: leftMm + 1.5,
    topMm: topMm + 1,
    pt: 12,
    font: MONO_BOLD_FONT,
    family: 'DejaVu Sans Mono Bold',
    ink: 60,
  });
  const px = dpi / 25.4;
  const x0 = Math.round(leftMm * px);
  const y0 = Math.round(topMm * px);
  const x1 = x0 + size.widthPx + Math.round(3 * px);
  const y1 = y0 + size.heightPx + Math.round(2 * px);
  const t = Math.max(2, Math.round(0.35 * px));
  fillRect({ page, x0, y0, x1, y1: y0 + t, value: 60 });
  fillRect({ page, x0, y0: y1 - t, x1, y1, value: 60 });
  fillRect({ page, x0, y0, x1: x0 + t, y1, value: 60 });
  fillRect({ page, x0: x1 - t, y0, x1, y1, value: 60 });
  if (double) {
    const d = Math.round(0.8 * px);
    for (const [a, b, c, e] of [
      [x0 - d, y0 - d, x1 + d, y0 - d + t],
      [x0 - d, y1 + d - t, x1 + d, y1 + d],
      [x0 - d, y0 - d, x0 - d + t, y1 + d],
      [x1 + d - t, y0 - d, x1 + d, y1 + d],
    ] as const) {
      fillRect({ page, x0: a, y0: b, x1: c, y1: e, value: 60 });
    }
  }
}

/** Strokes of digits in a 10 × 16 box, drawn like a quick hand would (polylines). */
const HAND_STROKES: Record<string, string> = {
  '0': 'M5 1 C1 1 1 15 5 15 C9 15 9 1 5 1',
  '1': 'M3 4 L6 1 L6 15',
  '2': 'M1 4 C2 0 9 0 8 5 C7 8 3 11 1 15 L9 15',
  '3': 'M1 2 C4 0 9 1 8 4 C7 7 4 7 4 7 C9 7 10 12 7 14 C5 16 2 15 1 14',
  '4': 'M6 1 L1 10 L9 10 M7 5 L7 15',
  '5': 'M8 1 L2 1 L1 7 C4 5 9 6 9 10 C9 15 3 16 1 13',
  '6': 'M7 1 C3 2 1 7 1 11 C1 16 9 16 9 11 C9 7 3 7 1 11',
  '7': 'M1 1 L9 1 L4 15',
  '8': 'M5 8 C1 7 1 1 5 1 C9 1 9 7 5 8 C0 9 0 15 5 15 C10 15 10 9 5 8',
  '9': 'M9 5 C9 0 1 0 1 5 C1 9 9 9 9 5 L8 15',
};

/** A handwritten-looking number (ballpoint strokes, slanted, slightly irregular). */
export async function printHandNumber({
  page,
  digits,
  dpi,
  leftMm,
  topMm,
  heightMm = 6,
  slantDeg = 8,
}: {
  page: GrayImage;
  digits: string;
  dpi: number;
  leftMm: number;
  topMm: number;
  heightMm?: number;
  slantDeg?: number;
}): Promise<void> {
  const unit = ((heightMm / 16) * dpi) / 25.4;
  const paths = [...digits]
    .map((d, i) => {
      const wobble = (i % 2 === 0 ? 1 : -1) * 0.4;
      return `<path transform="translate(${i * 12 + 2} ${2 + wobble}) skewX(${-slantDeg})" d="${HAND_STROKES[d] ?? ''}"/>`;
    })
    .join('');
  const w = digits.length * 12 + 6;
  const svg = `<svg xmlns="http://www.w3.org/2000/svg" width="${Math.ceil(w * unit)}" height="${Math.ceil(20 * unit)}" viewBox="0 0 ${w} 20"><rect width="100%" height="100%" fill="black"/><g fill="none" stroke="white" stroke-width="1.6" stroke-linecap="round" stroke-linejoin="round">${paths}</g></svg>`;
  const { data, info } = await sharp(Buffer.from(svg))
    .extractChannel(0)
    .raw()
    .toBuffer({ resolveWithObject: true });
  const px = dpi / 25.4;
  stampAlpha({
    page,
    alpha: data,
    width: info.width,
    height: info.height,
    left: Math.round(leftMm * px),
    top: Math.round(topMm * px),
    ink: 30,
  });
}

/** Faint, blurred, mirrored text as seen through the paper from the other side. */
export async function addBleedThrough({
  page,
  dpi,
  strength = 0.12,
}: {
  page: GrayImage;
  dpi: number;
  strength?: number;
}): Promise<GrayImage> {
  const back = blankPage({ dpi, paper: 255 });
  for (const [i, line] of SAMPLE_LINES.entries()) {
    await printText({ page: back, text: line, dpi, leftMm: 25, topMm: 30 + i * 9, ink: 0 });
  }
  const { data } = await sharp(back.data, {
    raw: { width: back.width, height: back.height, channels: 1 },
  })
    .flop()
    .blur(1.5)
    .extractChannel(0)
    .raw()
    .toBuffer({ resolveWithObject: true });
  const out = page.data.slice();
  for (let i = 0; i < out.length; i++) {
    out[i] = Math.round(out[i]! - (255 - data[i]!) * strength);
  }
  return { data: out, width: page.width, height: page.height };
}

/** Scanner damage: rotation (counter-clockwise positive), blur, noise, then JPEG. */
export async function scan({
  page,
  skewDeg = 0,
  turnCw = 0,
  blur = 0.6,
  noise = 8,
  quality = 60,
  seed = 1,
}: {
  page: GrayImage;
  skewDeg?: number;
  /** Clockwise quarter turns applied to the sheet before scanning (0, 90, 180, 270). */
  turnCw?: 0 | 90 | 180 | 270;
  blur?: number;
  noise?: number;
  quality?: number;
  seed?: number;
}): Promise<Uint8Array> {
  let pipeline = sharp(page.data, { raw: { width: page.width, height: page.height, channels: 1 } });
  if (turnCw !== 0 || skewDeg !== 0) {
    pipeline = pipeline.rotate(turnCw - skewDeg, { background: { r: 245, g: 245, b: 245 } });
  }
  if (blur > 0) {
    pipeline = pipeline.blur(blur);
  }
  const { data, info } = await pipeline
    .extractChannel(0)
    .raw()
    .toBuffer({ resolveWithObject: true });
  let state = seed;
  const rand = () => {
    state = (state * 1664525 + 1013904223) >>> 0;
    return state / 4294967296;
  };
  for (let i = 0; i < data.length; i++) {
    data[i] = Math.max(0, Math.min(255, data[i]! + (rand() + rand() + rand() - 1.5) * noise));
  }
  const jpeg = await sharp(data, { raw: { width: info.width, height: info.height, channels: 1 } })
    .jpeg({ quality })
    .toBuffer();
  return new Uint8Array(jpeg);
}

/** A typical first page: header, title, numbered body lines. */
export async function renderDocumentPage({
  dpi,
  lines = SAMPLE_LINES,
}: {
  dpi: number;
  lines?: string[];
}): Promise<GrayImage> {
  const page = blankPage({ dpi });
  await printText({ page, text: 'CÔNG AN QUẬN LÊ CHÂN', dpi, leftMm: 22, topMm: 22, pt: 11 });
  await printText({ page, text: 'Số: 45/QĐ-CSĐT', dpi, leftMm: 30, topMm: 29, pt: 11 });
  await printText({
    page,
    text: '<b>CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM</b>',
    dpi,
    leftMm: 100,
    topMm: 22,
    pt: 11,
  });
  await printText({
    page,
    text: 'Hải Phòng, ngày 08 tháng 3 năm 2019',
    dpi,
    leftMm: 112,
    topMm: 29,
    pt: 11,
  });
  await printText({
    page,
    text: '<b>QUYẾT ĐỊNH KHỞI TỐ VỤ ÁN HÌNH SỰ</b>',
    dpi,
    leftMm: 50,
    topMm: 42,
    pt: 13,
  });
  for (const [i, line] of lines.entries()) {
    await printText({ page, text: line, dpi, leftMm: 22, topMm: 55 + i * 8.5 });
  }
  return page;
}

/** Prints `alpha` (255 = full ink) onto the page with ink grey `ink`. */
function stampAlpha({
  page,
  alpha,
  width,
  height,
  left,
  top,
  ink,
}: {
  page: GrayImage;
  alpha: Uint8Array;
  width: number;
  height: number;
  left: number;
  top: number;
  ink: number;
}): void {
  for (let y = 0; y < height; y++) {
    const py = top + y;
    if (py < 0 || py >= page.height) {
      continue;
    }
    for (let x = 0; x < width; x++) {
      const px = left + x;
      if (px < 0 || px >= page.width) {
        continue;
      }
      const a = alpha[y * width + x]! / 255;
      const i = py * page.width + px;
      page.data[i] = Math.min(page.data[i]!, Math.round(page.data[i]! * (1 - a) + ink * a));
    }
  }
}

function fillRect({
  page,
  x0,
  y0,
  x1,
  y1,
  value,
}: {
  page: GrayImage;
  x0: number;
  y0: number;
  x1: number;
  y1: number;
  value: number;
}): void {
  for (let y = Math.max(0, y0); y < Math.min(page.height, y1); y++) {
    for (let x = Math.max(0, x0); x < Math.min(page.width, x1); x++) {
      page.data[y * page.width + x] = value;
    }
  }
}

/** Levenshtein distance over code points. */
export function levenshtein(a: string, b: string): number {
  const s = Array.from(a);
  const t = Array.from(b);
  let prev = Array.from({ length: t.length + 1 }, (_, j) => j);
  for (let i = 1; i <= s.length; i++) {
    const cur = [i];
    for (let j = 1; j <= t.length; j++) {
      cur[j] = Math.min(
        prev[j]! + 1,
        cur[j - 1]! + 1,
        prev[j - 1]! + (s[i - 1] === t[j - 1] ? 0 : 1),
      );
    }
    prev = cur;
  }
  return prev[t.length]!;
}

/** Character error rate after NFC and whitespace collapsing (as the samples' score.mjs does). */
export function characterErrorRate({
  reference,
  hypothesis,
}: {
  reference: string;
  hypothesis: string;
}): number {
  const norm = (s: string) => s.normalize('NFC').replace(/\s+/g, ' ').trim();
  const ref = norm(reference);
  return levenshtein(ref, norm(hypothesis)) / Math.max(1, Array.from(ref).length);
}
