import type { Hono } from 'hono';

type Json = Record<string, unknown> | unknown[];

/** A tiny client over `app.request()` (no socket), keeping the bearer token and cookie it is given. */
export function createRequester(app: Pick<Hono, 'request'>) {
  return async function call(
    method: string,
    path: string,
    {
      body,
      rawBody,
      token,
      cookie,
      csrf,
      lang,
    }: {
      body?: Json;
      rawBody?: string;
      token?: string;
      cookie?: string;
      csrf?: string;
      lang?: 'en' | 'vi';
    } = {},
  ) {
    const headers: Record<string, string> = { 'content-type': 'application/json' };
    if (token) {
      headers.authorization = `Bearer ${token}`;
    }
    if (cookie) {
      headers.cookie = cookie;
    }
    if (csrf) {
      headers['x-csrf-token'] = csrf;
    }
    if (lang) {
      headers['accept-language'] = lang;
    }
    const response = await app.request(path, {
      method,
      headers,
      ...(rawBody !== undefined
        ? { body: rawBody }
        : body !== undefined
          ? { body: JSON.stringify(body) }
          : {}),
    });
    const text = await response.text();

    const json = text ? JSON.parse(text) : null;
    return { status: response.status, json, headers: response.headers };
  };
}
