import { spawn } from 'node:child_process';
import { ProcessingError } from '../../errors.ts';
import type { OcrResult } from '../../types.ts';
import type { OcrEngine, OcrEngineOptions, OcrRequest } from '../ocr.types.ts';
import { parseTesseractTsv } from '../tsv.ts';

const NAME = 'tesseract_cli';

/**
 * The native `tesseract` executable (Debian `tesseract-ocr` + `tesseract-ocr-vie`): about 30–60 %
 * faster than the WASM build (PROBE §2). One short-lived process per call, single-threaded
 * (`OMP_THREAD_LIMIT=1`: OpenMP threads did not help and would fight the worker pool), image on
 * stdin, TSV on stdout, so nothing touches the disk.
 */
export async function createTesseractCliEngine(options: OcrEngineOptions = {}): Promise<OcrEngine> {
  const settings = resolveSettings(options);
  if (!(await isTesseractCliAvailable(options))) {
    throw new ProcessingError({
      code: 'page.ocr_failed',
      message: `The tesseract executable with language "${settings.language}" was not found.`,
      details: { binary: settings.binary, language: settings.language },
    });
  }
  const running = new Set<ReturnType<typeof spawn>>();
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
      const args = ['stdin', 'stdout', '-l', settings.language, ...modeArgs(request)];
      if (settings.tessdataDir !== undefined) {
        args.push('--tessdata-dir', settings.tessdataDir);
      }
      args.push('tsv');
      const { stdout } = await run({
        binary: settings.binary,
        args,
        input: request.image,
        timeoutMs: settings.timeoutMs,
        running,
      });
      return parseTesseractTsv({ tsv: stdout, engine: NAME });
    },
    async close() {
      closed = true;
      for (const child of running) {
        child.kill('SIGKILL');
      }
      running.clear();
    },
  };
}

/** Whether `tesseract` runs here and has the language's model installed. */
export async function isTesseractCliAvailable(options: OcrEngineOptions = {}): Promise<boolean> {
  const settings = resolveSettings(options);
  const args = ['--list-langs'];
  if (settings.tessdataDir !== undefined) {
    args.push('--tessdata-dir', settings.tessdataDir);
  }
  try {
    const { stdout } = await run({
      binary: settings.binary,
      args,
      input: null,
      timeoutMs: 10_000,
      running: new Set(),
    });
    const installed = new Set(stdout.split('\n').map((l) => l.trim()));
    return settings.language.split('+').every((lang) => installed.has(lang));
  } catch {
    return false;
  }
}

function resolveSettings(options: OcrEngineOptions) {
  return {
    binary: options.binary ?? 'tesseract',
    language: options.language ?? 'vie',
    tessdataDir: options.tessdataDir,
    timeoutMs: options.timeoutMs ?? 120_000,
  };
}

function modeArgs(request: OcrRequest): string[] {
  const dpi = request.dpi !== undefined ? ['--dpi', String(Math.round(request.dpi))] : [];
  switch (request.mode) {
    case 'page':
      return ['--psm', '3', ...dpi];
    case 'line-digits':
      return ['--psm', '7', '-c', 'tessedit_char_whitelist=0123456789', ...dpi];
  }
}

function run({
  binary,
  args,
  input,
  timeoutMs,
  running,
}: {
  binary: string;
  args: string[];
  input: Uint8Array | null;
  timeoutMs: number;
  running: Set<ReturnType<typeof spawn>>;
}): Promise<{ stdout: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(binary, args, {
      env: { ...process.env, OMP_THREAD_LIMIT: '1' },
      stdio: ['pipe', 'pipe', 'pipe'],
    });
    running.add(child);
    const out: Buffer[] = [];
    const err: Buffer[] = [];
    const fail = (message: string, cause?: unknown) =>
      reject(new ProcessingError({ code: 'page.ocr_failed', message, cause, details: { args } }));
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      fail(`tesseract did not finish within ${timeoutMs} ms.`);
    }, timeoutMs);
    child.stdout.on('data', (chunk: Buffer) => out.push(chunk));
    child.stderr.on('data', (chunk: Buffer) => err.push(chunk));
    child.on('error', (error) => {
      clearTimeout(timer);
      running.delete(child);
      fail(`tesseract could not be started: ${error.message}`, error);
    });
    child.on('close', (code, signal) => {
      clearTimeout(timer);
      running.delete(child);
      if (code === 0) {
        resolve({ stdout: Buffer.concat(out).toString('utf8') });
      } else {
        const stderr = Buffer.concat(err).toString('utf8').trim().slice(-500);
        fail(`tesseract failed (${signal ?? `exit ${code}`}): ${stderr}`);
      }
    });
    // A process that dies early closes its stdin: the 'close' handler reports why.
    child.stdin.on('error', () => {});
    child.stdin.end(input ?? undefined);
  });
}
