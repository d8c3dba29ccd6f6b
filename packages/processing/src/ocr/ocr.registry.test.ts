import { describe, expect, it } from 'vitest';
import { isProcessingError } from '../errors.ts';
import { createOcrEngine, ocrEngines, pickAvailableEngine } from './ocr.registry.ts';

describe('OCR engine registry', () => {
  it('lists the tesseract.js and native drivers by config name', () => {
    expect(Object.keys(ocrEngines).sort()).toEqual(['tesseract_cli', 'tesseractjs']);
    for (const [key, definition] of Object.entries(ocrEngines)) {
      expect(definition.name).toBe(key);
    }
  });

  it('auto picks the native tesseract when it has the language, else tesseract.js', async () => {
    const native = await ocrEngines.tesseract_cli.isAvailable();
    expect(await pickAvailableEngine()).toBe(native ? 'tesseract_cli' : 'tesseractjs');
    expect(await pickAvailableEngine({ binary: '/nonexistent/tesseract' })).toBe('tesseractjs');
  });

  it('fails with page.ocr_failed when the chosen native engine is missing', async () => {
    const error: unknown = await createOcrEngine({
      name: 'tesseract_cli',
      binary: '/nonexistent/tesseract',
    }).catch((e: unknown) => e);
    expect(isProcessingError(error) && error.code === 'page.ocr_failed').toBe(true);
  });
});
