/*
 * Distinct units of measure for page geometry (CONVENTIONS.md §20). Word boxes and regions are
 * stored normalised to [0, 1] of the upright page so they survive re-rendering at any size.
 */

declare const brand: unique symbol;
type Brand<T, B extends string> = T & { readonly [brand]: B };

export type Pixels = Brand<number, 'Pixels'>;
export type PdfPoints = Brand<number, 'PdfPoints'>;
export type Dpi = Brand<number, 'Dpi'>;
export type NormalizedCoord = Brand<number, 'NormalizedCoord'>;

export const pixels = (n: number) => n as Pixels;
export const pdfPoints = (n: number) => n as PdfPoints;
export const dpi = (n: number) => n as Dpi;

/** Pixels at `resolution` to PDF points (1/72 inch). */
export function pixelsToPdfPoints({
  value,
  resolution,
}: {
  value: Pixels;
  resolution: Dpi;
}): PdfPoints {
  return ((value * 72) / resolution) as PdfPoints;
}

/** PDF points to pixels at `resolution`. */
export function pdfPointsToPixels({
  value,
  resolution,
}: {
  value: PdfPoints;
  resolution: Dpi;
}): Pixels {
  return ((value * resolution) / 72) as Pixels;
}

/** A pixel position on an axis of `extent` pixels, as a fraction of the page, clamped to [0, 1]. */
export function normalize({ value, extent }: { value: Pixels; extent: Pixels }): NormalizedCoord {
  if (extent <= 0) {
    throw new RangeError('extent must be positive');
  }
  return Math.min(1, Math.max(0, value / extent)) as NormalizedCoord;
}

/** Back from a fraction of the page to pixels on an axis of `extent` pixels. */
export function denormalize({ value, extent }: { value: NormalizedCoord; extent: Pixels }): Pixels {
  return (value * extent) as Pixels;
}
