/**
 * Safety and quality limits of source splitting. Every reader takes `limits?: Partial<SourceLimits>`
 * and fills the rest from DEFAULT_SOURCE_LIMITS, so the server passes only what its config changes.
 */
export interface SourceLimits {
  /** Largest pixel count an image may DECLARE (checked on headers, before decoding). */
  maxPixels: number;
  /** Resolution of pages that must be rendered (vector, text, mixed pages). */
  renderDpi: number;
  /** A rendered page is scaled down below renderDpi so that it stays under this many pixels. */
  maxRenderPixels: number;
  /** Largest decoded content stream of one PDF page (a text page is rarely above 1 MB). */
  maxContentBytes: number;
  /** ZIP: the total of the bytes actually inflated. */
  maxZipTotalBytes: number;
  /** ZIP: the number of entries in the central directory. */
  maxZipEntries: number;
  /** ZIP: largest inflated/compressed ratio of one entry, enforced once it passes zipRatioMinBytes. */
  maxZipEntryRatio: number;
  /** ZIP: entries smaller than this are never refused for their ratio (a blank uncompressed TIFF is 1000:1). */
  zipRatioMinBytes: number;
}

export const DEFAULT_SOURCE_LIMITS: Readonly<SourceLimits> = Object.freeze({
  // A3 at 600 dpi is ~70 M pixels; an A0 plan at 300 dpi ~140 M.
  maxPixels: 150_000_000,
  renderDpi: 300,
  // A2 at 300 dpi is ~35 M pixels; the RGBA canvas costs 4 bytes per pixel.
  maxRenderPixels: 40_000_000,
  maxContentBytes: 64 * 1024 * 1024,
  maxZipTotalBytes: 4 * 1024 ** 3,
  maxZipEntries: 50_000,
  maxZipEntryRatio: 200,
  zipRatioMinBytes: 32 * 1024 * 1024,
});

export function resolveLimits(limits: Partial<SourceLimits> | undefined): SourceLimits {
  return { ...DEFAULT_SOURCE_LIMITS, ...limits };
}
