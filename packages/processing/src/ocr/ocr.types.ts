import type { OcrResult } from '../types.ts';

/**
 * What to read:
 * - `page`: a whole page with automatic layout analysis (tesseract psm 3);
 * - `line-digits`: one line of digits only (psm 7, whitelist 0–9), for bút lục stamps.
 */
export type OcrMode = 'page' | 'line-digits';

export interface OcrRequest {
  /** JPEG, PNG or TIFF bytes. Word boxes come back normalised to this image. */
  image: Uint8Array;
  mode: OcrMode;
  /** Resolution of the image when known; helps tesseract's size heuristics. */
  dpi?: number;
}

/**
 * The OCR port (CONVENTIONS §4). An engine instance is not shared between threads; each worker
 * thread creates its own and closes it when done.
 *
 * @example
 * const engine = await createOcrEngine({ name: 'auto' });
 * try {
 *   const { text, meanConfidence } = await engine.recognize({ image: jpegBytes, mode: 'page' });
 * } finally {
 *   await engine.close();
 * }
 */
export interface OcrEngine {
  /** The driver name, also written to `OcrResult.engine`. */
  readonly name: string;
  /** Reads an image. Rejects with ProcessingError `page.ocr_failed`. */
  recognize(request: OcrRequest): Promise<OcrResult>;
  /** Frees the engine (worker, processes). Idempotent. */
  close(): Promise<void>;
}

/** Options every driver accepts; drivers ignore what does not apply to them. */
export interface OcrEngineOptions {
  /** Tesseract language code(s), default `vie`. */
  language?: string;
  /** Native driver: the `tesseract` executable (default: found on PATH). */
  binary?: string;
  /** Native driver: a tessdata folder holding `<language>.traineddata` (default: the system's). */
  tessdataDir?: string;
  /** tesseract.js driver: folder with `<language>.traineddata.gz` (default: @tesseract.js-data). */
  langPath?: string;
  /** Per-call time limit in ms (default 120 000). */
  timeoutMs?: number;
}

/** A driver in the registry: how to tell whether it can run here, and how to start it. */
export interface OcrEngineDefinition {
  name: string;
  isAvailable(options?: OcrEngineOptions): Promise<boolean>;
  create(options?: OcrEngineOptions): Promise<OcrEngine>;
}
