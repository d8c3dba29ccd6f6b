import type { AddressInfo } from 'node:net';
import { serve } from '@hono/node-server';
import { createApiClient, type ApiClient } from '@sohoa/api-client';
import { setupUnitWithClerk } from '@sohoa/api-client/test-utils';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createServer } from '../app/server.ts';
import { createTestDependencies } from '../app/server.test-utils.ts';
import type { ServerDependencies } from '../app/server.types.ts';
import { createTestDatabase, getDbVariants } from '../database/database.test-utils.ts';
import { createMetrics } from './ops.metrics.ts';

/*
 * Operations endpoints over a real socket (the /metrics allowlist judges the peer address) and the
 * queue routes of a case: read, prioritise, cancel — through the access policy.
 */
const variants = await getDbVariants();
const TOKEN = 'metrics-token-0123456789';
const PASSWORD = 'MatKhau2026';

describe.each(variants)('health, readiness, metrics and queue routes on %s', (variant) => {
  let base: string;
  let deps: ServerDependencies;
  let settings: { metricsAllow: string[]; metricsToken?: string; trustProxy: boolean };
  let shuttingDown = false;
  let close: () => Promise<void>;
  let api: ApiClient;

  beforeAll(async () => {
    const database = await createTestDatabase({ variant });
    deps = createTestDependencies({ db: database.db });
    settings = {
      metricsAllow: ['127.0.0.1', '::1', '::ffff:127.0.0.1'],
      metricsToken: TOKEN,
      trustProxy: false,
    };
    deps.ops = {
      metrics: createMetrics({ jobsRepository: deps.jobsRepository, mode: 'all' }),
      settings,
      isShuttingDown: () => shuttingDown,
    };
    const { app } = createServer({ deps });
    const server = await new Promise<ReturnType<typeof serve>>((resolve) => {
      const s = serve({ fetch: app.fetch, port: 0, hostname: '127.0.0.1' }, () => resolve(s));
    });
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    close = async () => {
      await new Promise<void>((resolve) => server.close(() => resolve()));
      await deps.pageProcessor.close();
      await database.close();
    };
    const { loginClerk } = await setupUnitWithClerk({ baseUrl: base, password: PASSWORD });
    api = await loginClerk();
  }, 60_000);

  afterAll(async () => {
    await close();
  });

  it('answers /healthz and /readyz with every check, and gives each request an id', async () => {
    const health = await fetch(`${base}/healthz`);
    expect(health.status).toBe(200);
    expect(health.headers.get('x-request-id')).toMatch(/^[\w-]{8,}$/);
    const ready = await fetch(`${base}/readyz`);
    expect(ready.status).toBe(200);
    expect(await ready.json()).toEqual({
      status: 'ready',
      checks: { database: { ok: true }, migrations: { ok: true }, blobStore: { ok: true } },
    });
    shuttingDown = true;
    expect((await fetch(`${base}/readyz`)).status).toBe(503);
    shuttingDown = false;
  });

  it('serves Prometheus metrics to loopback or the token only', async () => {
    const { case: created } = await api.createCase({ title: 'Vụ án đo', kind: 'criminal' });
    await deps.jobsRepository.enqueue({
      name: 'page.process',
      payload: { pageId: 'pg_metrics' },
      caseId: created.id,
    });
    await api.caseQueue(created.id);
    const metrics = await fetch(`${base}/metrics`);
    expect(metrics.status).toBe(200);
    const text = await metrics.text();
    expect(text).toContain('sohoa_queue_jobs{queue="page.process",status="QUEUED",mode="all"} 1');
    expect(text).toMatch(
      /sohoa_http_request_duration_seconds_count\{mode="all",method="GET",route="\/api\/cases\/:caseId\/queue",status="200"\} 1/,
    );
    expect(text).toContain('sohoa_job_duration_seconds');
    expect(text).toContain('sohoa_ocr_pages_total');

    settings.metricsAllow = [];
    expect((await fetch(`${base}/metrics`)).status).toBe(403);
    const wrong = await fetch(`${base}/metrics`, {
      headers: { authorization: 'Bearer not-the-token-at-all' },
    });
    expect(wrong.status).toBe(403);
    const withToken = await fetch(`${base}/metrics`, {
      headers: { authorization: `Bearer ${TOKEN}` },
    });
    expect(withToken.status).toBe(200);
    settings.metricsAllow = ['127.0.0.1', '::1', '::ffff:127.0.0.1'];

    // Behind a proxy: the address the proxy saw counts, not one the client made up.
    settings.trustProxy = true;
    const spoofed = await fetch(`${base}/metrics`, {
      headers: { 'x-forwarded-for': '127.0.0.1, 203.0.113.9' },
    });
    expect(spoofed.status).toBe(403);
    const proxied = await fetch(`${base}/metrics`, {
      headers: { 'x-forwarded-for': '203.0.113.9, 127.0.0.1' },
    });
    expect(proxied.status).toBe(200);
    settings.trustProxy = false;
  });

  it('reads, prioritises and cancels the queue of a case', async () => {
    const { case: created } = await api.createCase({ title: 'Vụ án xếp hàng', kind: 'criminal' });
    for (let i = 0; i < 3; i++) {
      await deps.jobsRepository.enqueue({
        name: 'page.process',
        payload: { pageId: `pg_q${i}` },
        caseId: created.id,
      });
    }
    expect((await api.caseQueue(created.id)).queue).toEqual({
      priority: 0,
      counts: [{ name: 'page.process', status: 'QUEUED', n: 3 }],
    });
    const { queue } = await api.setCaseQueuePriority(created.id, { priority: 50 });
    expect(queue.priority).toBe(50);
    const [first] = await deps.jobsRepository.claim({
      names: ['page.process'],
      workerId: 'w',
      leaseMs: 60_000,
      limit: 1,
    });
    expect(first?.caseId).toBe(created.id);
    expect(await api.cancelCaseQueue(created.id)).toEqual({ cancelled: 2, stopping: 1 });
    const after = (await api.caseQueue(created.id)).queue.counts;
    expect(after).toEqual(
      expect.arrayContaining([
        { name: 'page.process', status: 'CANCELLED', n: 2 },
        { name: 'page.process', status: 'RUNNING', n: 1 },
      ]),
    );
    await expect(api.setCaseQueuePriority(created.id, { priority: 500 })).rejects.toMatchObject({
      code: 'request.invalid',
    });
    await expect(api.caseQueue('case_doesnotexist000000000')).rejects.toMatchObject({
      code: 'case.not_found',
    });
    const anonymous = createApiClient({ baseUrl: base });
    await expect(anonymous.caseQueue(created.id)).rejects.toMatchObject({
      code: 'auth.required',
    });
  });
});
