import { describe, expect, it } from 'vitest';
import {
  orderRowsByParent,
  orderTablesByDependencies,
  parseBlobTarget,
  redactDatabaseUrl,
} from './store-migration.models.ts';

const table = (name: string, references: string[] = []) => ({
  name,
  columns: ['id'],
  primaryKey: ['id'],
  references,
  selfReference: null,
});

describe('store migration models', () => {
  it('orders tables so that every table follows the tables it references', () => {
    const ordered = orderTablesByDependencies({
      tables: [
        table('pages', ['cases', 'volumes']),
        table('volumes', ['cases']),
        table('cases', ['units', 'users']),
        table('users', ['units']),
        table('units'),
      ],
    }).map((t) => t.name);
    expect(ordered).toEqual(['units', 'users', 'cases', 'volumes', 'pages']);
  });

  it('refuses a cycle of foreign keys', () => {
    expect(() =>
      orderTablesByDependencies({ tables: [table('a', ['b']), table('b', ['a'])] }),
    ).toThrow(/cycle/);
  });

  it('puts parents before children in a self-referencing table', () => {
    const rows = [
      { row: { id: 'district', parent_id: 'province' } },
      { row: { id: 'commune', parent_id: 'district' } },
      { row: { id: 'province', parent_id: 'supreme' } },
      { row: { id: 'supreme', parent_id: null } },
    ];
    expect(
      orderRowsByParent({ rows, column: 'parent_id', referenced: 'id' }).map((r) => r.row.id),
    ).toEqual(['supreme', 'province', 'district', 'commune']);
  });

  it('parses s3:// and folder targets, and refuses credentials in the URL', () => {
    expect(
      parseBlobTarget({
        value: 's3://sohoa-hn/unit-01?endpoint=https%3A%2F%2Fminio.vks.local%3A9000&region=vn-1',
      }),
    ).toEqual({
      driver: 's3',
      bucket: 'sohoa-hn',
      prefix: 'unit-01',
      endpoint: 'https://minio.vks.local:9000',
      region: 'vn-1',
      forcePathStyle: true,
    });
    expect(parseBlobTarget({ value: 's3://sohoa-hn?forcePathStyle=false' })).toMatchObject({
      prefix: '',
      endpoint: undefined,
      forcePathStyle: false,
    });
    expect(parseBlobTarget({ value: '/srv/blobs' })).toEqual({ driver: 'fs', dir: '/srv/blobs' });
    expect(parseBlobTarget({ value: 'file:///srv/blobs' })).toEqual({
      driver: 'fs',
      dir: '/srv/blobs',
    });
    for (const value of [
      's3://key:secret@sohoa-hn',
      's3://A_B',
      's3://ok-bucket?acl=public',
      'gs://x',
    ]) {
      expect(() => parseBlobTarget({ value }), value).toThrow(/--blobs/);
    }
  });

  it('hides the password of a database URL', () => {
    expect(redactDatabaseUrl('postgres://sohoa:bimat@db:5432/sohoa')).toBe(
      'postgres://sohoa:***@db:5432/sohoa',
    );
  });
});
