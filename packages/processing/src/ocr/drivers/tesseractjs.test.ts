import { describe } from 'vitest';
import { createTesseractJsEngine } from './tesseractjs.ts';
import { runOcrEngineContract } from './drivers.test-suite.ts';

describe('tesseract.js driver (offline, model from @tesseract.js-data/vie)', () => {
  runOcrEngineContract({ createEngine: () => createTesseractJsEngine() });
});
