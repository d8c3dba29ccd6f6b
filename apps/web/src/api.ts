import { createApiClient } from '@sohoa/api-client';
import { readStoredLanguage } from './i18n/i18n.tsx';

/**
 * The one API client of the SPA. It is stateful on purpose: it carries the CSRF token of the
 * current session and the UI language (for server error messages) into every request.
 * Same-origin (`baseUrl: ''`): the server serves the SPA, and Vite proxies /api in development.
 */
export const api = createApiClient({
  baseUrl: '',
  language: readStoredLanguage(),
  cookieOnly: true,
});

/** The session's CSRF token, also needed by requests made outside the client (tus uploads). */
let csrfToken: string | undefined;

export function setSessionCsrfToken(token: string | undefined): void {
  csrfToken = token;
  api.setCsrfToken(token);
}

export function sessionCsrfToken(): string | undefined {
  return csrfToken;
}
