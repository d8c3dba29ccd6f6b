import { Writable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { createLogger } from './logger.ts';

function capture() {
  const lines: string[] = [];
  const destination = new Writable({
    write(chunk, _enc, done) {
      lines.push(String(chunk));
      done();
    },
  });
  return { logger: createLogger({ level: 'info', destination }), lines };
}

describe('logger redaction', () => {
  it('never writes passwords, tokens, cookies, keys or the DATABASE_URL password', () => {
    const { logger, lines } = capture();
    logger.info(
      { password: 'MatKhau-1', body: { password: 'MatKhau-2', newPassword: 'MatKhau-3' } },
      'login',
    );
    logger.info(
      { headers: { authorization: 'Bearer tok-secret-4', cookie: 'sohoa_session=tok-5' } },
      'req',
    );
    logger.info({
      token: 'tok-6',
      csrfToken: 'csrf-7',
      config: { s3SecretAccessKey: 's3-8', blobEncryptionKey: 'key-9' },
    });
    logger.info({ databaseUrl: 'postgres://sohoa:pg-secret-10@db:5432/sohoa' }, 'connecting');
    logger.warn('could not reach postgres://sohoa:pg-secret-11@db:5432/sohoa');
    const out = lines.join('');
    for (let i = 1; i <= 11; i++) {
      expect(out).not.toMatch(new RegExp(`(MatKhau|tok|csrf|s3|key|pg-secret)-?(secret-)?${i}\\b`));
    }
    expect(out).toContain('[redacted]');
    expect(out).toContain('postgres://sohoa:[redacted]@db:5432/sohoa');
    expect(lines).toHaveLength(5);
  });
});
