import { ApiError } from '@sohoa/api-client';
import type { Translate } from './i18n/i18n.tsx';

/**
 * Lines to show for a failed request. Server errors are shown with their own `error.message`
 * (already in the UI language, as the client sends accept-language), plus field issues if any;
 * anything else (fetch failure, non-JSON reply from a proxy) is reported as a connection problem.
 */
export function describeError(error: unknown, t: Translate): string[] {
  if (error instanceof ApiError) {
    const issues = error.body?.error.issues ?? [];
    return [
      error.message,
      ...issues.map((issue) => t('errors.issue', { path: issue.path, message: issue.message })),
    ];
  }
  return [t('errors.network')];
}

export function isUnauthorized(error: unknown): boolean {
  return error instanceof ApiError && error.status === 401;
}
