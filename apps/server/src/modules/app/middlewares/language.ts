import type { Context } from 'hono';

/** Vietnamese unless the client asks for English (Accept-Language or ?lang=en). */
export function languageOf(c: Context): 'vi' | 'en' {
  const explicit = c.req.query('lang');
  if (explicit === 'en' || explicit === 'vi') {
    return explicit;
  }
  const header = c.req.header('accept-language')?.trim().toLowerCase() ?? '';
  return header.startsWith('en') ? 'en' : 'vi';
}
