import { pino, type Logger } from 'pino';

export type { Logger };

export function createLogger({
  level = 'info',
  name = 'sohoa',
}: { level?: string; name?: string } = {}): Logger {
  return pino({ name, level });
}

/** A logger that drops everything, for tests. */
export function createSilentLogger(): Logger {
  return pino({ level: 'silent' });
}
