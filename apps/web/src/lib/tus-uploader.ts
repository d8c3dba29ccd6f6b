import type { IntakeResult } from '@sohoa/contracts';
import type { DetailedError as TusDetailedError } from 'tus-js-client';
import type { Uploader } from './upload-queue.ts';

/** 8 MiB chunks: a dropped link costs at most one chunk, and a 500 MB scan takes ~60 requests. */
const CHUNK_BYTES = 8 * 1024 * 1024;

/**
 * Resumable upload of one file through tus (`/api/uploads`): the browser remembers unfinished
 * uploads (by file name, size and date), so a retry, or the same file dropped again after a
 * reload, continues where it stopped. The final response carries the intake results.
 */
export function createTusUploader({
  caseId,
  csrfToken,
  networkError,
}: {
  caseId: string;
  csrfToken: () => string | undefined;
  /** The message for a failure without a server answer (the UI language's). */
  networkError: () => string;
}): Uploader<File> {
  return async ({ file, name, volume, onProgress, signal }) => {
    // Loaded with the first upload: most visits read cases and never import.
    const { DetailedError, Upload } = await import('tus-js-client');
    return new Promise<IntakeResult[]>((resolve, reject) => {
      const token = csrfToken();
      const upload = new Upload(file, {
        endpoint: '/api/uploads',
        chunkSize: CHUNK_BYTES,
        retryDelays: [0, 1000, 3000, 5000, 10_000],
        metadata: { filename: name, caseId, volume: String(volume) },
        headers: token ? { 'x-csrf-token': token } : {},
        removeFingerprintOnSuccess: true,
        onProgress: (sent) => onProgress(sent),
        onSuccess: ({ lastResponse }) => {
          try {
            resolve((JSON.parse(lastResponse.getBody()) as { results: IntakeResult[] }).results);
          } catch {
            reject(new Error(networkError()));
          }
        },
        onError: (error) => reject(new Error(messageOf(error, DetailedError) ?? networkError())),
      });
      signal.addEventListener('abort', () => void upload.abort(), { once: true });
      upload.findPreviousUploads().then(
        (previous) => {
          if (previous[0]) {
            upload.resumeFromPreviousUpload(previous[0]);
          }
          if (!signal.aborted) {
            upload.start();
          }
        },
        () => !signal.aborted && upload.start(),
      );
    });
  };
}

/** The server's own message (`{ error: { message } }`, in the UI language) when it answered. */
function messageOf(error: Error, DetailedError: typeof TusDetailedError): string | null {
  if (error instanceof DetailedError && error.originalResponse) {
    try {
      const body = JSON.parse(error.originalResponse.getBody()) as {
        error?: { message?: string };
      };
      return body.error?.message ?? null;
    } catch {
      return null;
    }
  }
  return null;
}
