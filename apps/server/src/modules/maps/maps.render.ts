import { renderMapSvg, type MapNode } from '@sohoa/contracts';
import { PDFDocument } from 'pdf-lib';
import sharp from 'sharp';

/*
 * The map as a picture (issue 7 §3): the SVG drawn by the shared renderer in contracts (the same
 * one the audience screen uses), a PNG rasterised from it by sharp (librsvg), and a one-page PDF
 * holding that PNG.
 */

export { renderMapSvg };

/** Large maps are scaled down so the PNG stays under ~8000 px on its longer side. */
export async function renderMapPng({ nodes }: { nodes: readonly MapNode[] }): Promise<Buffer> {
  const svg = renderMapSvg({ nodes });
  const size = /width="(\d+)" height="(\d+)"/.exec(svg);
  const longer = Math.max(Number(size?.[1] ?? 0), Number(size?.[2] ?? 0));
  const density = Math.max(36, Math.min(144, Math.floor((72 * 8000) / Math.max(1, longer))));
  return sharp(Buffer.from(svg), { density }).png().toBuffer();
}

export async function renderMapPdf({
  title,
  nodes,
}: {
  title: string;
  nodes: readonly MapNode[];
}): Promise<Uint8Array> {
  const png = await renderMapPng({ nodes });
  const pdf = await PDFDocument.create();
  pdf.setTitle(title);
  pdf.setCreator('sohoa');
  const image = await pdf.embedPng(png);
  // A landscape A4-ish page, or larger for big maps (viewers zoom in); the picture keeps its ratio.
  const scale = Math.min(1, 1190 / image.width, 842 / image.height) || 1;
  const fit = scale < 0.35 ? 0.35 : scale;
  const w = image.width * fit;
  const h = image.height * fit;
  const page = pdf.addPage([w + 40, h + 40]);
  page.drawImage(image, { x: 20, y: 20, width: w, height: h });
  return pdf.save();
}
