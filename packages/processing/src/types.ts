/*
 * Shapes shared by the pure processing functions and the server. All coordinates of words and
 * regions are normalised to [0, 1] of the *upright* page image (origin top-left).
 */

export type SourceKind = 'pdf' | 'tiff' | 'jpeg' | 'png' | 'zip';
export type ImageFormat = 'jpeg' | 'png' | 'tiff';

/** A normalised box [x0, y0, x1, y1] in [0, 1] of the upright page. */
export type NormalizedBox = [number, number, number, number];

export interface OcrWord {
  text: string;
  /** 0–100 */
  confidence: number;
  box: NormalizedBox;
}

export interface OcrResult {
  /** NFC, lines separated by \n, blocks by a blank line, in reading order. */
  text: string;
  words: OcrWord[];
  /** Mean word confidence 0–100 (0 when no words). */
  meanConfidence: number;
  engine: string;
}

/** One page image taken out of a source file, in scan order. */
export interface SourcePage {
  /** 0-based position inside its source file. */
  index: number;
  /** The page image as stored (the embedded JPEG of a scanned PDF, byte for byte, when possible). */
  image: {
    bytes: Uint8Array;
    format: ImageFormat;
    widthPx: number;
    heightPx: number;
    dpi: number | null;
  };
  /** A usable text layer of a born-digital PDF page (then OCR is skipped), else null. */
  textLayer: OcrResult | null;
}

export interface ButLucReading {
  /** The number read, or null. */
  value: number | null;
  /** The characters read, e.g. "0012". */
  raw: string | null;
  /** 0–1 */
  confidence: number;
}

/** Everything page analysis finds about one page image. */
export interface PageAnalysis {
  /** Clockwise rotation applied to make the page upright. */
  rotation: 0 | 90 | 180 | 270;
  /** Skew corrected, degrees counter-clockwise positive. */
  skewDegrees: number;
  isBlank: boolean;
  /** The upright, deskewed page (JPEG, greyscale) for display and OCR; regenerable. */
  upright: { bytes: Uint8Array; widthPx: number; heightPx: number };
  /**
   * The upright page at the viewer's display width (WebP), made from the raster already decoded;
   * null or absent when not made (then the server renders it when first asked).
   */
  display?: {
    bytes: Uint8Array;
    widthPx: number;
    heightPx: number;
    contentType: string;
  } | null;
  ocr: OcrResult | null;
  butLuc: ButLucReading;
}
