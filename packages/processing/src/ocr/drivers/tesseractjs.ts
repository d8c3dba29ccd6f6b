import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import Tesseract from 'tesseract.js';
import { ProcessingError } from '../../errors.ts';
import type { OcrResult } from '../../types.ts';
import type { OcrEngine, OcrEngineOptions, OcrRequest } from '../ocr.types.ts';
import { parseTesseractTsv } from '../tsv.ts';

const NAME = 'tesseractjs';

/**
 * tesseract.js (WASM, LSTM only): works wherever npm does, fully offline. One tesseract.js worker
 * thread per engine; calls are queued on it.
 *
 * Offline pitfalls (PROBE §2b): without `langPath` it fetches models from a CDN and, offline, kills
 * the process; without `cacheMethod: 'none'` it copies the model into the current directory; and
 * without an `errorHandler` any failed job is rethrown as an uncaught exception.
 */
export async function createTesseractJsEngine(options: OcrEngineOptions = {}): Promise<OcrEngine> {
  const language = options.language ?? 'vie';
  const langPath = options.langPath ?? defaultLangPath(language);
  const timeoutMs = options.timeoutMs ?? 120_000;
  for (const lang of language.split('+')) {
    if (!existsSync(path.join(langPath, `${lang}.traineddata.gz`))) {
      throw new ProcessingError({
        code: 'page.ocr_failed',
        message: `No tesseract.js model for "${lang}" in ${langPath}.`,
        details: { langPath, language: lang },
      });
    }
  }
  // A failed model load never settles createWorker when an errorHandler is set: bound the wait.
  const worker = await withTimeout(
    Tesseract.createWorker(language, Tesseract.OEM.LSTM_ONLY, {
      langPath,
      cacheMethod: 'none',
      gzip: true,
      logger: () => {},
      errorHandler: () => {},
    }),
    60_000,
    'tesseract.js did not start',
  );
  let closed = false;
  return {
    name: NAME,
    async recognize(request: OcrRequest): Promise<OcrResult> {
      if (closed) {
        throw new ProcessingError({
          code: 'page.ocr_failed',
          message: 'The OCR engine is closed.',
        });
      }
      try {
        // Parameters given with the call are restored by tesseract.js afterwards.
        const params = modeParams(request) as Partial<Tesseract.RecognizeOptions>;
        const { data } = await withTimeout(
          worker.recognize(Buffer.from(request.image), params, { text: false, tsv: true }),
          timeoutMs,
          `tesseract.js did not finish within ${timeoutMs} ms`,
        );
        return parseTesseractTsv({ tsv: data.tsv ?? '', engine: NAME });
      } catch (error) {
        throw new ProcessingError({
          code: 'page.ocr_failed',
          message: `tesseract.js failed: ${String(error)}`,
          cause: error,
        });
      }
    },
    async close() {
      if (!closed) {
        closed = true;
        await worker.terminate();
      }
    },
  };
}

/** tesseract.js needs nothing outside node_modules, so it is available when its model is. */
export async function isTesseractJsAvailable(options: OcrEngineOptions = {}): Promise<boolean> {
  const language = options.language ?? 'vie';
  try {
    const langPath = options.langPath ?? defaultLangPath(language);
    return language
      .split('+')
      .every((lang) => existsSync(path.join(langPath, `${lang}.traineddata.gz`)));
  } catch {
    return false;
  }
}

/** The `4.0.0_best_int` folder of `@tesseract.js-data/<language>` (what tesseract.js uses for LSTM). */
function defaultLangPath(language: string): string {
  const first = language.split('+')[0] ?? 'vie';
  const require = createRequire(import.meta.url);
  const pkg = require.resolve(`@tesseract.js-data/${first}/package.json`);
  return path.join(path.dirname(pkg), '4.0.0_best_int');
}

function modeParams(request: OcrRequest): Record<string, string> {
  // Tesseract's progress chatter ("Detected 33 diacritics") would go to the worker's stderr.
  const dpi = {
    debug_file: '/dev/null',
    ...(request.dpi !== undefined ? { user_defined_dpi: String(Math.round(request.dpi)) } : {}),
  };
  switch (request.mode) {
    case 'page':
      return { tessedit_pageseg_mode: '3', ...dpi };
    case 'line-digits':
      return { tessedit_pageseg_mode: '7', tessedit_char_whitelist: '0123456789', ...dpi };
  }
}

function withTimeout<T>(promise: Promise<T>, ms: number, message: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(message)), ms);
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}
