import { ApiError } from '@sohoa/api-client';
import { describe, expect, it } from 'vitest';
import {
  contentLengthOf,
  downloadFileName,
  fetchFile,
  formatBytes,
  isAbortError,
  percentOf,
  readWithProgress,
} from './download.ts';

function streamOf(chunks: number[], { hang = false } = {}): ReadableStream<Uint8Array> {
  let i = 0;
  return new ReadableStream<Uint8Array>({
    pull(controller) {
      if (i < chunks.length) {
        controller.enqueue(new Uint8Array(chunks[i++]!));
      } else if (!hang) {
        controller.close();
      }
    },
  });
}

describe('download progress', () => {
  it('reports the bytes after each chunk and the percentage of the announced size', async () => {
    const seen: Array<[number, number | null]> = [];
    const chunks = await readWithProgress({
      body: streamOf([100, 300, 600]),
      total: 1000,
      onProgress: (p) => seen.push([p.loaded, percentOf(p)]),
    });
    expect(chunks.map((c) => c.byteLength)).toEqual([100, 300, 600]);
    expect(seen).toEqual([
      [0, 0],
      [100, 10],
      [400, 40],
      [1000, 100],
    ]);
  });

  it('has no percentage without a size, and never shows more than 100 %', () => {
    expect(percentOf({ loaded: 5000, total: null })).toBeNull();
    expect(percentOf({ loaded: 5000, total: 0 })).toBeNull();
    expect(percentOf({ loaded: 1500, total: 1000 })).toBe(100);
    expect(percentOf({ loaded: 999, total: 1000 })).toBe(99);
  });

  it('stops when cancelled, with an AbortError', async () => {
    const controller = new AbortController();
    const loaded: number[] = [];
    const reading = readWithProgress({
      body: streamOf([10, 10], { hang: true }),
      total: null,
      signal: controller.signal,
      onProgress: (p) => {
        loaded.push(p.loaded);
        if (p.loaded === 20) {
          controller.abort();
        }
      },
    });
    const error = await reading.catch((e: unknown) => e);
    expect(isAbortError(error)).toBe(true);
    expect(loaded).toEqual([0, 10, 20]);
  });

  it('reads the size from Content-Length only when it is a plain byte count', () => {
    expect(contentLengthOf(new Headers({ 'content-length': '1234' }))).toBe(1234);
    expect(contentLengthOf(new Headers())).toBeNull();
    expect(contentLengthOf(new Headers({ 'content-length': 'abc' }))).toBeNull();
    expect(
      contentLengthOf(new Headers({ 'content-length': '10', 'content-encoding': 'gzip' })),
    ).toBeNull();
  });

  it('formats sizes in the UI language', () => {
    expect(formatBytes(512, 'vi')).toBe('512 B');
    expect(formatBytes(2048, 'en')).toBe('2 KB');
    expect(formatBytes(1.5 * 1024 * 1024, 'vi')).toBe('1,5 MB');
    expect(formatBytes(1.5 * 1024 * 1024, 'en')).toBe('1.5 MB');
  });
});

describe('download requests', () => {
  it('turns an error answer into an ApiError with the server message', async () => {
    const fetchImpl = (() =>
      Promise.resolve(
        new Response(
          JSON.stringify({
            error: {
              code: 'export.pages_pending',
              message: 'Còn trang chưa xử lý',
              messages: { vi: 'Còn trang chưa xử lý', en: 'Pages pending' },
            },
          }),
          { status: 409, headers: { 'content-type': 'application/json' } },
        ),
      )) as typeof fetch;
    const error = await fetchFile({ url: '/x', language: 'vi', fetchImpl }).catch(
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(ApiError);
    expect((error as ApiError).status).toBe(409);
    expect((error as ApiError).message).toBe('Còn trang chưa xử lý');
  });

  it('sends the UI language and returns the body stream', async () => {
    let sent: RequestInit | undefined;
    const fetchImpl = ((_url: string, init?: RequestInit) => {
      sent = init;
      return Promise.resolve(new Response('%PDF-1.7', { headers: { 'content-length': '8' } }));
    }) as typeof fetch;
    const { body, headers } = await fetchFile({ url: '/x', language: 'en', fetchImpl });
    expect((sent?.headers as Record<string, string>)['accept-language']).toBe('en');
    expect(headers.get('content-length')).toBe('8');
    expect(await new Response(body).text()).toBe('%PDF-1.7');
  });
});

describe('file names', () => {
  it('keeps Vietnamese letters and removes characters file systems refuse', () => {
    expect(
      downloadFileName({
        prefix: 'Hồ sơ vụ án',
        code: '27/2025/HS',
        title: 'Vụ Lò Văn Sáng: trộm cắp "tài sản"?',
        extension: 'pdf',
      }),
    ).toBe('Hồ sơ vụ án - 27-2025-HS - Vụ Lò Văn Sáng- trộm cắp -tài sản-.pdf');
    expect(
      downloadFileName({
        prefix: 'Mục lục',
        code: null,
        title: 'Vụ A',
        suffix: 'tập 2',
        extension: 'docx',
      }),
    ).toBe('Mục lục - Vụ A - tập 2.docx');
  });

  it('composes decomposed input to NFC and limits the length', () => {
    const name = downloadFileName({
      prefix: 'Ho\u0302\u0300 so\u031b',
      code: null,
      title: 'x'.repeat(400),
      extension: 'zip',
    });
    expect(name.startsWith('Hồ sơ - ')).toBe(true);
    expect(name.length).toBeLessThanOrEqual(154);
    expect(name.endsWith('.zip')).toBe(true);
    expect(downloadFileName({ prefix: '', code: null, title: '...', extension: 'pdf' })).toBe(
      'sohoa.pdf',
    );
  });
});
