import { createTesseractCliEngine, isTesseractCliAvailable } from './drivers/tesseract-cli.ts';
import { createTesseractJsEngine, isTesseractJsAvailable } from './drivers/tesseractjs.ts';
import type { OcrEngine, OcrEngineDefinition, OcrEngineOptions } from './ocr.types.ts';

/** Declares an OCR driver for the registry (CONVENTIONS §4). */
export function defineOcrEngine<const T extends OcrEngineDefinition>(definition: T): T {
  return definition;
}

/** Every OCR driver, by config name. Only the composition root (or `createOcrEngine`) picks one. */
export const ocrEngines = {
  tesseractjs: defineOcrEngine({
    name: 'tesseractjs',
    isAvailable: isTesseractJsAvailable,
    create: createTesseractJsEngine,
  }),
  tesseract_cli: defineOcrEngine({
    name: 'tesseract_cli',
    isAvailable: isTesseractCliAvailable,
    create: createTesseractCliEngine,
  }),
} as const satisfies Record<string, OcrEngineDefinition>;

export type OcrEngineName = keyof typeof ocrEngines;

/** Config values: a driver name, or `auto`. */
export const OCR_ENGINE_CHOICES = [
  'auto',
  ...(Object.keys(ocrEngines) as OcrEngineName[]),
] as const;
export type OcrEngineChoice = 'auto' | OcrEngineName;

/**
 * Starts an OCR engine. `auto` picks the native `tesseract` when it is installed with the
 * language (faster, PROBE §2), else tesseract.js, which ships with the npm install.
 *
 * @example
 * const engine = await createOcrEngine({ name: 'auto' });
 */
export async function createOcrEngine({
  name,
  ...options
}: { name: OcrEngineChoice } & OcrEngineOptions): Promise<OcrEngine> {
  const chosen = name === 'auto' ? await pickAvailableEngine(options) : name;
  return ocrEngines[chosen].create(options);
}

/** The driver `auto` resolves to on this machine. */
export async function pickAvailableEngine(options: OcrEngineOptions = {}): Promise<OcrEngineName> {
  return (await ocrEngines.tesseract_cli.isAvailable(options)) ? 'tesseract_cli' : 'tesseractjs';
}
