import { randomUUID } from 'node:crypto';
import { migrations } from '../../migrations/migrations.registry.ts';
import type { BlobStore } from '../blobs/blobs.types.ts';
import type { Metrics } from './ops.metrics.ts';
import type { OpsRepository } from './ops.repository.ts';

/** What the health, readiness and metrics endpoints need (built by the composition root). */
export interface OpsDeps {
  opsRepository: OpsRepository;
  blobStore: BlobStore;
  metrics: Metrics | null;
  settings: { metricsAllow: string[]; metricsToken?: string | undefined; trustProxy: boolean };
  /** True once SIGTERM/SIGINT was received: /readyz answers 503 so the proxy drains this process. */
  isShuttingDown: () => boolean;
}

type Check = { ok: boolean; error?: string };

/** Database reachable, every migration applied, blob store writable (a probe written, removed). */
export async function checkReadiness({ deps }: { deps: OpsDeps }) {
  const checks = {
    database: await check(() => deps.opsRepository.ping()),
    migrations: await check(async () => {
      const { names } = await deps.opsRepository.appliedMigrations();
      const missing = migrations.map((m) => m.name).filter((n) => !names.includes(n));
      if (missing.length > 0) {
        throw new Error(`pending: ${missing.join(', ')}`);
      }
    }),
    blobStore: await check(async () => {
      // A unique probe: content addressing would skip rewriting a repeated one.
      const { key } = await deps.blobStore.put({
        bytes: new TextEncoder().encode(`readyz ${randomUUID()}`),
      });
      await deps.blobStore.delete({ key });
    }),
  };
  return { checks, ok: Object.values(checks).every((v) => v.ok) };
}

async function check(fn: () => Promise<void>): Promise<Check> {
  try {
    await fn();
    return { ok: true };
  } catch (error) {
    return { ok: false, error: error instanceof Error ? error.message : String(error) };
  }
}
