import { describe, expect, it } from 'vitest';
import { describeConfig, parseConfig } from './config.ts';

describe('configuration', () => {
  it('gives the embedded defaults on an empty environment', () => {
    const config = parseConfig({ env: {} });
    expect(config.app.port).toBe(8080);
    expect(config.app.dataDir).toBe('./data');
    expect(config.app.processMode).toBe('all');
    expect(config.database.databaseUrl).toBeUndefined();
    expect(config.blobs.driver).toBe('fs');
    expect(config.blobs.dir).toBe('data/blobs');
    expect(config.app.workerCount).toBeGreaterThanOrEqual(1);
  });

  it('reads the process mode from PROCESS_MODE, else SOHOA_MODE, and the operations settings', () => {
    expect(parseConfig({ env: { SOHOA_MODE: 'worker' } }).app.processMode).toBe('worker');
    expect(
      parseConfig({ env: { SOHOA_MODE: 'worker', PROCESS_MODE: 'web' } }).app.processMode,
    ).toBe('web');
    const { ops } = parseConfig({ env: { METRICS_ALLOW: '10.0.0.5, ::1', JOB_LEASE_MS: '5000' } });
    expect(ops.metricsAllow).toEqual(['10.0.0.5', '::1']);
    expect(ops.jobLeaseMs).toBe(5000);
    expect(ops.shutdownGraceMs).toBe(30_000);
    expect(() => parseConfig({ env: { METRICS_TOKEN: 'short' } })).toThrow(/METRICS_TOKEN/);
  });

  it('moves the blob store with DATA_DIR unless BLOB_DIR is set', () => {
    expect(parseConfig({ env: { DATA_DIR: '/srv/sohoa' } }).blobs.dir).toBe('/srv/sohoa/blobs');
    expect(parseConfig({ env: { DATA_DIR: '/srv/sohoa', BLOB_DIR: '/mnt/blobs' } }).blobs.dir).toBe(
      '/mnt/blobs',
    );
  });

  it('stops start-up with a message naming every wrong variable, in Vietnamese and English', () => {
    const run = () =>
      parseConfig({
        env: { PORT: 'eighty', DATABASE_URL: 'mysql://x', BLOB_STORE: 'ftp', PROCESS_MODE: 'both' },
      });
    expect(run).toThrowError(/Cấu hình không hợp lệ \/ Invalid configuration/);
    try {
      run();
    } catch (error) {
      const message = (error as Error).message;
      for (const variable of ['PORT=', 'DATABASE_URL=', 'BLOB_STORE=', 'PROCESS_MODE=']) {
        expect(message).toContain(variable);
      }
    }
  });

  it('accepts PostgreSQL and tuning values', () => {
    const config = parseConfig({
      env: {
        DATABASE_URL: 'postgres://u@db:5432/sohoa',
        WORKER_COUNT: '4',
        SESSION_IDLE_HOURS: '2',
        LOG_LEVEL: 'debug',
      },
    });
    expect(config.database.databaseUrl).toBe('postgres://u@db:5432/sohoa');
    expect(config.app.workerCount).toBe(4);
    expect(config.auth.sessionIdleHours).toBe(2);
  });

  it('documents every key', () => {
    const keys = describeConfig();
    expect(keys.map((k) => k.env)).toEqual(
      expect.arrayContaining([
        'PORT',
        'DATA_DIR',
        'DATABASE_URL',
        'BLOB_STORE',
        'LOG_LEVEL',
        'WORKER_COUNT',
      ]),
    );
    expect(keys.every((k) => k.doc.length > 10)).toBe(true);
  });
});
