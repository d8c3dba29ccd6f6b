import { z } from 'zod';
import { defineConfig } from '../config/config.types.ts';

/** Operations: metrics access, the worker's own HTTP listener, graceful shutdown. */
export const opsConfig = defineConfig({
  metricsAllow: {
    env: 'METRICS_ALLOW',
    doc: 'Client addresses allowed to read /metrics, comma separated (behind nginx with TRUST_PROXY=true, the forwarded address counts). Default: loopback only.',
    schema: z.string().transform((v) =>
      v
        .split(',')
        .map((s) => s.trim())
        .filter(Boolean),
    ),
    default: '127.0.0.1,::1,::ffff:127.0.0.1',
  },
  metricsToken: {
    env: 'METRICS_TOKEN',
    doc: 'When set, /metrics is also served to any address that sends "Authorization: Bearer <token>" (at least 16 characters).',
    schema: z.string().min(16).optional(),
  },
  workerHttpPort: {
    env: 'WORKER_HTTP_PORT',
    doc: 'In worker mode, port of a small HTTP listener with /healthz, /readyz and /metrics only. 0 or unset: none.',
    schema: z.coerce.number().int().min(0).max(65535),
    default: 0,
  },
  jobLeaseMs: {
    env: 'JOB_LEASE_MS',
    doc: "Lease of a running job, renewed by heartbeats every third of it: a killed worker's job is retried by another once it expires. Unset: per job kind (3 to 10 minutes).",
    schema: z.coerce.number().int().min(1000).max(3_600_000).optional(),
  },
  shutdownGraceMs: {
    env: 'SHUTDOWN_GRACE_MS',
    doc: 'On SIGTERM/SIGINT, how long running jobs may finish before they are returned to the queue.',
    schema: z.coerce.number().int().min(0).max(3_600_000),
    default: 30_000,
  },
});
