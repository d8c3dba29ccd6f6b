import { ApiError } from '@sohoa/api-client';
import type { ApiErrorBody } from '@sohoa/contracts';

/*
 * Downloads of large files (the case PDF, the transfer package) with progress: the response body is
 * read chunk by chunk, so the user sees bytes (and a percentage when the server says the size) and
 * may cancel; the bytes are then handed to the browser as a Blob with a proper file name.
 */

export interface DownloadProgress {
  loaded: number;
  /** From Content-Length; null when the server streams without announcing a size. */
  total: number | null;
}

/** 0–100 when the size is known (never above 100, even if the server under-announced it). */
export function percentOf({ loaded, total }: DownloadProgress): number | null {
  if (total === null || total <= 0) {
    return null;
  }
  return Math.min(100, Math.floor((loaded / total) * 100));
}

/** `1,5 MB` (vi) / `1.5 MB` (en): binary units, one decimal from MB up. */
export function formatBytes(bytes: number, language: 'vi' | 'en'): string {
  const units = ['B', 'KB', 'MB', 'GB'];
  let value = bytes;
  let unit = 0;
  while (value >= 1024 && unit < units.length - 1) {
    value /= 1024;
    unit += 1;
  }
  const digits = unit >= 2 ? 1 : 0;
  const text = value.toLocaleString(language === 'vi' ? 'vi-VN' : 'en-GB', {
    minimumFractionDigits: digits,
    maximumFractionDigits: digits,
  });
  return `${text} ${units[unit]}`;
}

/** The announced size of a response, or null (absent, not a number, or compressed on the way). */
export function contentLengthOf(headers: Headers): number | null {
  const raw = headers.get('content-length');
  if (!raw || headers.get('content-encoding')) {
    return null;
  }
  const n = Number(raw);
  return Number.isSafeInteger(n) && n >= 0 ? n : null;
}

/**
 * Reads a body to the end, reporting progress after each chunk. Aborting `signal` cancels the
 * stream and rejects with an AbortError.
 */
export async function readWithProgress({
  body,
  total,
  signal,
  onProgress,
}: {
  body: ReadableStream<Uint8Array>;
  total: number | null;
  signal?: AbortSignal;
  onProgress: (progress: DownloadProgress) => void;
}): Promise<Uint8Array[]> {
  const reader = body.getReader();
  const chunks: Uint8Array[] = [];
  let loaded = 0;
  const onAbort = () => void reader.cancel().catch(() => undefined);
  signal?.addEventListener('abort', onAbort);
  try {
    onProgress({ loaded, total });
    for (;;) {
      if (signal?.aborted) {
        throw abortError();
      }
      const { done, value } = await reader.read();
      if (signal?.aborted) {
        throw abortError();
      }
      if (done) {
        return chunks;
      }
      chunks.push(value);
      loaded += value.byteLength;
      onProgress({ loaded, total });
    }
  } finally {
    signal?.removeEventListener('abort', onAbort);
  }
}

function abortError(): Error {
  const error = new Error('The download was cancelled');
  error.name = 'AbortError';
  return error;
}

export function isAbortError(error: unknown): boolean {
  return error instanceof Error && error.name === 'AbortError';
}

/**
 * GET a file with the session cookie and the UI language; an error answer becomes an ApiError
 * (its message already in that language), as for the API client's JSON calls.
 */
export async function fetchFile({
  url,
  language,
  signal,
  fetchImpl = fetch,
}: {
  url: string;
  language: 'vi' | 'en';
  signal?: AbortSignal;
  fetchImpl?: typeof fetch;
}): Promise<{ body: ReadableStream<Uint8Array>; headers: Headers }> {
  const response = await fetchImpl(url, {
    method: 'GET',
    headers: { accept: '*/*', 'accept-language': language },
    credentials: 'same-origin',
    ...(signal ? { signal } : {}),
  });
  if (!response.ok || !response.body) {
    const text = await response.text().catch(() => '');
    let body: ApiErrorBody | null = null;
    try {
      body = text ? (JSON.parse(text) as ApiErrorBody) : null;
    } catch {
      body = null;
    }
    throw new ApiError({ status: response.status, body: body?.error ? body : null });
  }
  return { body: response.body, headers: response.headers };
}

/**
 * A file name for the user's disk, in Vietnamese: `Hồ sơ vụ án - 27-2025-HS - Vụ Lò Văn Sáng.pdf`.
 * Characters Windows refuses (\ / : * ? " < > |) and control characters become "-" or go; the
 * name is cut to a length every file system accepts (the extension is kept).
 */
export function downloadFileName({
  prefix,
  code,
  title,
  suffix,
  extension,
}: {
  prefix: string;
  code: string | null;
  title: string;
  suffix?: string | null;
  extension: string;
}): string {
  const clean = (s: string) =>
    s
      .normalize('NFC')
      // eslint-disable-next-line no-control-regex
      .replace(/[\u0000-\u001f\u007f]/g, '')
      .replace(/[\\/:*?"<>|]+/g, '-')
      .replace(/\s+/g, ' ')
      .trim()
      .replace(/^[.\s-]+|[.\s]+$/g, '');
  const parts = [prefix, code, title, suffix].map((p) => (p ? clean(p) : '')).filter(Boolean);
  let base = parts.join(' - ');
  const max = 150;
  if (base.length > max) {
    base = base.slice(0, max).trim();
  }
  return `${base || 'sohoa'}.${extension}`;
}

/** Hands bytes to the browser as a download under `fileName` (a blob URL, revoked afterwards). */
export function saveBlob(blob: Blob, fileName: string): void {
  const url = URL.createObjectURL(blob);
  const a = document.createElement('a');
  a.href = url;
  a.download = fileName;
  a.rel = 'noopener';
  a.style.display = 'none';
  document.body.append(a);
  a.click();
  a.remove();
  // Revoked later: Chromium may still be reading the URL when click() returns.
  setTimeout(() => URL.revokeObjectURL(url), 60_000);
}
