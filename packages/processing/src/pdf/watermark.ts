/** Who a watermarked copy (bản sao) was made for, and when. */
export interface WatermarkInfo {
  fullName: string;
  unitName: string;
  at: Date;
}

/** Vietnam has one time zone and no daylight saving: UTC+7. */
const VN_OFFSET_MS = 7 * 60 * 60 * 1000;

const two = (n: number) => String(n).padStart(2, '0');

/** dd/mm/yyyy hh:mm in Vietnam time. */
export function vietnameseDateTime(at: Date): string {
  const d = new Date(at.getTime() + VN_OFFSET_MS);
  return `${two(d.getUTCDate())}/${two(d.getUTCMonth() + 1)}/${String(d.getUTCFullYear())} ${two(d.getUTCHours())}:${two(d.getUTCMinutes())}`;
}

/** "BẢN SAO – <full name> – <unit> – <dd/mm/yyyy hh:mm>" (NFC). */
export function watermarkText({ watermark }: { watermark: WatermarkInfo }): string {
  return [
    'BẢN SAO',
    watermark.fullName.trim(),
    watermark.unitName.trim(),
    vietnameseDateTime(watermark.at),
  ]
    .filter(Boolean)
    .join(' – ')
    .normalize('NFC');
}

/**
 * Where the stamp goes on a page of `width` × `height` points shown turned by `rotation`: the
 * angle (PDFKit's, clockwise in its top-left frame) that puts the text along the rising diagonal
 * of the page as the viewer shows it, and the font size filling ~80 % of that diagonal.
 */
export function watermarkPlacement({
  width,
  height,
  rotation,
  textWidthAtSize1,
}: {
  width: number;
  height: number;
  rotation: 0 | 90 | 180 | 270;
  textWidthAtSize1: number;
}): { angle: number; fontSize: number; cx: number; cy: number } {
  const turned = rotation === 90 || rotation === 270;
  const shownW = turned ? height : width;
  const shownH = turned ? width : height;
  const diagonal = Math.hypot(shownW, shownH);
  const rising = (Math.atan2(shownH, shownW) * 180) / Math.PI;
  // The viewer turns the content clockwise by `rotation`; PDFKit's angles are clockwise on screen.
  const angle = -(rising + rotation);
  const fontSize = Math.max(6, Math.min(72, (0.8 * diagonal) / Math.max(textWidthAtSize1, 1e-6)));
  return { angle, fontSize, cx: width / 2, cy: height / 2 };
}
