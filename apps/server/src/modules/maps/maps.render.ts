import { layoutMap, LAYOUT, type MapNode } from '@sohoa/contracts';
import { PDFDocument } from 'pdf-lib';
import sharp from 'sharp';
import { MAP_FILLS } from './maps.formats.ts';

const escapeXmlText = (text: string) =>
  text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');

/*
 * The map as a picture (issue 7 §3): an SVG drawn from the same layout as the web editor, a PNG
 * rasterised from it by sharp (librsvg), and a one-page PDF holding that PNG.
 */

const MARGIN = 24;
const ICON_GLYPHS: Record<string, string> = {
  person: '☻',
  document: '▤',
  evidence: '◆',
  calendar: '◷',
  warning: '⚠',
  question: '?',
  star: '★',
  law: '⚖',
};

export function renderMapSvg({ nodes }: { nodes: readonly MapNode[] }): string {
  const { boxes, edges, bounds } = layoutMap(nodes);
  const byId = new Map(nodes.map((n) => [n.id, n]));
  const width = Math.ceil(bounds.maxX - bounds.minX + 2 * MARGIN);
  const height = Math.ceil(bounds.maxY - bounds.minY + 2 * MARGIN);
  const ox = MARGIN - bounds.minX;
  const oy = MARGIN - bounds.minY;
  const out: string[] = [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}" font-family="DejaVu Sans, Arial, sans-serif" font-size="12">`,
    `<rect width="100%" height="100%" fill="#ffffff"/>`,
  ];
  for (const e of edges) {
    const a = boxes.get(e.from)!;
    const b = boxes.get(e.to)!;
    const x1 = a.x + a.w + ox;
    const y1 = a.y + a.h / 2 + oy;
    const x2 = b.x + ox;
    const y2 = b.y + b.h / 2 + oy;
    const mx = (x1 + x2) / 2;
    out.push(
      `<path d="M${x1} ${y1} C${mx} ${y1} ${mx} ${y2} ${x2} ${y2}" fill="none" stroke="#94a3b8" stroke-width="1.5"/>`,
    );
  }
  for (const box of boxes.values()) {
    const node = byId.get(box.id)!;
    const x = box.x + ox;
    const y = box.y + oy;
    const stroke = node.link ? '#2563eb' : '#64748b';
    out.push(
      `<rect x="${x}" y="${y}" width="${box.w}" height="${box.h}" rx="6" fill="${MAP_FILLS[node.color]}" stroke="${stroke}" stroke-width="${box.depth === 0 ? 2 : 1}"/>`,
    );
    const icon = node.icon !== 'none' ? `${ICON_GLYPHS[node.icon] ?? ''} ` : '';
    box.lines.forEach((line, i) => {
      const ty = y + LAYOUT.padY + (i + 1) * LAYOUT.lineHeight - 4;
      out.push(
        `<text x="${x + LAYOUT.padX}" y="${ty}" fill="#0f172a"${box.depth === 0 ? ' font-weight="bold"' : ''}>${escapeXmlText(i === 0 ? icon + line : line)}</text>`,
      );
    });
    if (box.hiddenChildren > 0) {
      out.push(
        `<circle cx="${x + box.w + 8}" cy="${y + box.h / 2}" r="7" fill="#ffffff" stroke="#64748b"/>`,
        `<text x="${x + box.w + 8}" y="${y + box.h / 2 + 4}" text-anchor="middle" font-size="9">${box.hiddenChildren}</text>`,
      );
    }
  }
  out.push('</svg>');
  return `${out.join('\n')}\n`;
}

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
