import { createRequire } from 'node:module';
import path from 'node:path';
import { PDFDocument } from 'pdf-lib';
import sharp, { type OverlayOptions } from 'sharp';

/*
 * Scans made in code for tests (no ../shared needed): A4 pages of Vietnamese text rendered with a
 * DejaVu font from npm, a boxed bút lục stamp at the top right, light degradation, packed as JPEG
 * and as an image-only PDF.
 */

const require = createRequire(import.meta.url);
export const DEJAVU_SERIF = path.join(
  path.dirname(require.resolve('dejavu-fonts-ttf/package.json')),
  'ttf',
  'DejaVuSerif.ttf',
);

const escape = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');

export const SAMPLE_LINES = [
  'CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM',
  'Độc lập - Tự do - Hạnh phúc',
  'BIÊN BẢN GHI LỜI KHAI',
  'Hồi 14 giờ 30 phút, ngày 05 tháng 3 năm 2019, tại trụ sở Cơ quan',
  'Cảnh sát điều tra Công an huyện Đông Anh, thành phố Hà Nội.',
  'Người khai: Nguyễn Văn Bình, sinh năm 1985, trú tại xã Vĩnh Ngọc.',
  'Tôi xác nhận đã đọc lại biên bản, lời khai của tôi đúng sự thật.',
];

/** One A4 page at `dpi` (greyscale JPEG), optionally stamped with a boxed bút lục. */
export async function renderPage({
  lines = SAMPLE_LINES,
  butLuc = null,
  dpi = 200,
  rotateDegrees = 0,
  quality = 80,
}: {
  lines?: string[];
  butLuc?: number | null;
  dpi?: number;
  rotateDegrees?: number;
  quality?: number;
} = {}): Promise<Uint8Array> {
  const width = Math.round((210 / 25.4) * dpi);
  const height = Math.round((297 / 25.4) * dpi);
  const margin = Math.round(dpi * 0.9);
  const text = await sharp({
    text: {
      text: escape(lines.join('\n')),
      fontfile: DEJAVU_SERIF,
      font: 'DejaVu Serif 12',
      dpi,
      width: width - 2 * margin,
      spacing: Math.round(dpi / 12),
    },
  })
    .png()
    .toBuffer();
  // sharp renders white glyphs on black: invert, then multiply onto the paper.
  const ink = await sharp(text).extractChannel(0).negate().toColourspace('b-w').png().toBuffer();
  const layers: OverlayOptions[] = [
    { input: ink, top: Math.round(dpi * 1.2), left: margin, blend: 'multiply' },
  ];
  if (butLuc !== null) {
    const w = Math.round(dpi * 0.8);
    const h = Math.round(dpi * 0.35);
    const svg = `<svg xmlns="http://www.w3.org/2000/svg" width="${w}" height="${h}"><rect x="2" y="2" width="${w - 4}" height="${h - 4}" fill="white" stroke="black" stroke-width="${Math.max(2, dpi / 100)}"/><text x="50%" y="72%" font-family="DejaVu Sans Mono" font-size="${Math.round(h * 0.6)}" text-anchor="middle">${String(butLuc).padStart(4, '0')}</text></svg>`;
    layers.push({ input: Buffer.from(svg), top: Math.round(dpi * 0.35), left: width - margin - w });
  }
  let image = sharp({ create: { width, height, channels: 3, background: '#fbfaf5' } })
    .composite(layers)
    .greyscale();
  if (rotateDegrees) {
    image = sharp(await image.png().toBuffer()).rotate(rotateDegrees, { background: '#fbfaf5' });
  }
  return new Uint8Array(await image.jpeg({ quality }).toBuffer());
}

/** An image-only PDF whose pages are the given JPEGs, embedded as they are (DCTDecode). */
export async function buildImagePdf({
  jpegs,
  dpi = 200,
}: {
  jpegs: Uint8Array[];
  dpi?: number;
}): Promise<Uint8Array> {
  const pdf = await PDFDocument.create();
  for (const bytes of jpegs) {
    const image = await pdf.embedJpg(bytes);
    const page = pdf.addPage([(image.width * 72) / dpi, (image.height * 72) / dpi]);
    page.drawImage(image, { x: 0, y: 0, width: page.getWidth(), height: page.getHeight() });
  }
  return pdf.save();
}
