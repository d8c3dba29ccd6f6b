import type { Writable } from 'node:stream';
import { pino, type DestinationStream, type Logger } from 'pino';

export type { Logger };

/** Keys whose values are secrets wherever they appear (top level or one/two levels down). */
const SECRET_KEYS = [
  'password',
  'currentPassword',
  'newPassword',
  'passwordHash',
  'password_hash',
  'token',
  'csrfToken',
  'csrf_token',
  'sessionToken',
  'authorization',
  'cookie',
  'set-cookie',
  'x-csrf-token',
  'secretAccessKey',
  's3SecretAccessKey',
  'encryptionKey',
  'blobEncryptionKey',
];

/** pino redaction paths: every secret key at depth 0, 1 and 2 (pino needs explicit paths). */
export const LOG_REDACT_PATHS = SECRET_KEYS.flatMap((k) => {
  const q = /^[A-Za-z_$][\w$]*$/.test(k) ? k : `["${k}"]`;
  const dot = q.startsWith('[') ? q : `.${q}`;
  return [q, `*${dot}`, `*.*${dot}`];
});

/** `postgres://user:secret@host/db` → `postgres://user:[redacted]@host/db`, in any logged string. */
export function scrubConnectionStrings(value: string): string {
  return value.replace(/([a-z][a-z0-9+.-]*:\/\/[^:/?#@\s]*:)[^@\s/]*@/gi, '$1[redacted]@');
}

function scrubDeep(value: unknown, depth = 0): unknown {
  if (typeof value === 'string') {
    return scrubConnectionStrings(value);
  }
  if (depth > 4 || value === null || typeof value !== 'object') {
    return value;
  }
  if (Array.isArray(value)) {
    return value.map((v) => scrubDeep(v, depth + 1));
  }
  if (value instanceof Error) {
    return value;
  }
  return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, scrubDeep(v, depth + 1)]));
}

/**
 * Options shared by every logger: secrets (passwords, tokens, cookies, keys) are replaced by
 * `[redacted]` and passwords inside connection strings (DATABASE_URL) are scrubbed, so no log line
 * ever carries one (docs/security.md).
 */
export function loggerOptions({ level, name }: { level: string; name: string }) {
  return {
    name,
    level,
    redact: { paths: LOG_REDACT_PATHS, censor: '[redacted]' },
    formatters: {
      log: (object: Record<string, unknown>) => scrubDeep(object) as Record<string, unknown>,
    },
    hooks: {
      logMethod(this: Logger, args: unknown[], method: (...a: unknown[]) => void) {
        method.apply(
          this,
          args.map((a) => (typeof a === 'string' ? scrubConnectionStrings(a) : a)),
        );
      },
    },
  };
}

export function createLogger({
  level = 'info',
  name = 'sohoa',
  destination,
}: { level?: string; name?: string; destination?: DestinationStream | Writable } = {}): Logger {
  // stderr: stdout stays clean for machine output (`sohoa migrate --json`).
  return pino(loggerOptions({ level, name }), destination ?? pino.destination(2));
}

/** A logger that drops everything, for tests. */
export function createSilentLogger(): Logger {
  return pino({ level: 'silent' });
}
