import { pino, type Logger } from 'pino';

export type { Logger };

export function createLogger({
  level = 'info',
  name = 'sohoa',
}: { level?: string; name?: string } = {}): Logger {
  // stderr: stdout stays clean for machine output (`sohoa migrate --json`).
  return pino({ name, level }, pino.destination(2));
}

/** A logger that drops everything, for tests. */
export function createSilentLogger(): Logger {
  return pino({ level: 'silent' });
}
