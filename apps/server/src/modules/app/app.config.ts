import os from 'node:os';
import { z } from 'zod';
import { defineConfig } from '../config/config.types.ts';

const int = (min: number, max: number) => z.coerce.number().int().min(min).max(max);
const bool = z.enum(['true', 'false', '1', '0']).transform((v) => v === 'true' || v === '1');

export const appConfig = defineConfig({
  port: {
    env: 'PORT',
    doc: 'HTTP port of the web app and API.',
    schema: int(1, 65535),
    default: 8080,
  },
  host: {
    env: 'HOST',
    doc: 'Address to listen on. 0.0.0.0 serves the unit LAN; 127.0.0.1 this PC only.',
    schema: z.string().min(1),
    default: '0.0.0.0',
  },
  processMode: {
    env: 'PROCESS_MODE',
    doc: 'all = HTTP + workers (one office PC); web = HTTP only; worker = pipeline jobs only (web and worker need PostgreSQL). SOHOA_MODE is read when this is unset.',
    schema: z.enum(['all', 'web', 'worker']),
    default: (env: Record<string, string | undefined>) => env.SOHOA_MODE || 'all',
  },
  dataDir: {
    env: 'DATA_DIR',
    doc: 'Folder of the embedded database (db/) and the default blob store (blobs/).',
    schema: z.string().min(1),
    default: './data',
  },
  logLevel: {
    env: 'LOG_LEVEL',
    doc: 'Log level: fatal, error, warn, info, debug, trace or silent.',
    schema: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']),
    default: 'info',
  },
  workerCount: {
    env: 'WORKER_COUNT',
    doc: 'Worker threads for page processing (OCR). Default: the number of CPU cores.',
    schema: int(1, 256),
    default: () => Math.max(1, os.availableParallelism()),
  },
  webDistDir: {
    env: 'WEB_DIST_DIR',
    doc: 'Folder of the built web app served at /.',
    schema: z.string().min(1),
    default: () => new URL('../../../../web/dist', import.meta.url).pathname,
  },
  trustProxy: {
    env: 'TRUST_PROXY',
    doc: 'true when behind a reverse proxy (nginx): client IP and https are read from X-Forwarded-*.',
    schema: bool,
    default: 'false',
  },
  maxJsonBodyBytes: {
    env: 'MAX_JSON_BODY_BYTES',
    doc: 'Largest accepted JSON request body.',
    schema: int(1024, 64 * 1024 * 1024),
    default: 1024 * 1024,
  },
});
