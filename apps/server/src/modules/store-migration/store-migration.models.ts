import {
  createInvalidTargetError,
  createUnsupportedSchemaError,
} from './store-migration.errors.ts';
import type { TableShape } from './store-migration.repository.ts';

/**
 * Tables in an order where every table comes after the tables it references, so rows can be
 * inserted with the foreign keys checked. Ties are broken by name for a stable report.
 */
export function orderTablesByDependencies({ tables }: { tables: TableShape[] }): TableShape[] {
  const byName = new Map(tables.map((t) => [t.name, t]));
  const ordered: TableShape[] = [];
  const state = new Map<string, 'visiting' | 'done'>();
  const visit = (table: TableShape, path: string[]) => {
    const seen = state.get(table.name);
    if (seen === 'done') {
      return;
    }
    if (seen === 'visiting') {
      throw createUnsupportedSchemaError({
        vi: `Vòng khóa ngoại giữa các bảng: ${[...path, table.name].join(' → ')}`,
        en: `Foreign keys form a cycle: ${[...path, table.name].join(' → ')}`,
      });
    }
    state.set(table.name, 'visiting');
    for (const name of [...table.references].sort()) {
      const referenced = byName.get(name);
      if (referenced) {
        visit(referenced, [...path, table.name]);
      }
    }
    state.set(table.name, 'done');
    ordered.push(table);
  };
  for (const table of [...tables].sort((a, b) => a.name.localeCompare(b.name))) {
    visit(table, []);
  }
  return ordered;
}

/**
 * Rows of a self-referencing table (units → parent unit) with every parent before its children.
 * Rows whose parent is missing keep their place at the end (the target's foreign key refuses
 * them, as the source's would have).
 */
export function orderRowsByParent<T extends { row: Record<string, unknown> }>({
  rows,
  column,
  referenced,
}: {
  rows: T[];
  column: string;
  referenced: string;
}): T[] {
  // Keys compared by their JSON form: ids are strings or numbers, never objects.
  const idOf = (value: unknown) => JSON.stringify(value);
  const byId = new Map(rows.map((r) => [idOf(r.row[referenced]), r]));
  const placed = new Set<T>();
  const ordered: T[] = [];
  const place = (row: T, depth: number) => {
    if (placed.has(row) || depth > rows.length) {
      return;
    }
    const parentId = row.row[column];
    const parent =
      parentId === null || parentId === undefined ? undefined : byId.get(idOf(parentId));
    if (parent && parent !== row) {
      place(parent, depth + 1);
    }
    if (!placed.has(row)) {
      placed.add(row);
      ordered.push(row);
    }
  };
  for (const row of rows) {
    place(row, 0);
  }
  return ordered;
}

/** Where the blobs go: an S3 bucket (and prefix), or a folder for the `fs` driver. */
export type BlobTarget =
  | {
      driver: 's3';
      bucket: string;
      prefix: string;
      endpoint: string | undefined;
      region: string;
      forcePathStyle: boolean;
    }
  | { driver: 'fs'; dir: string };

/**
 * Parses `--blobs`: `s3://bucket/prefix?endpoint=https://minio:9000&region=…&forcePathStyle=true`,
 * or `file:///srv/blobs` / a plain path. Credentials are never part of the URL (shell history,
 * process list): they come from S3_ACCESS_KEY_ID / S3_SECRET_ACCESS_KEY or the AWS default chain.
 */
export function parseBlobTarget({ value }: { value: string }): BlobTarget {
  const invalid = (reasonVi: string, reasonEn: string) =>
    createInvalidTargetError({
      vi: `--blobs không hợp lệ: ${reasonVi}`,
      en: `invalid --blobs: ${reasonEn}`,
    });
  if (value.startsWith('s3://')) {
    let url: URL;
    try {
      url = new URL(value);
    } catch {
      throw invalid('không đọc được địa chỉ', 'not a URL');
    }
    if (url.username || url.password) {
      throw invalid(
        'không ghi khóa truy cập trong địa chỉ; dùng S3_ACCESS_KEY_ID và S3_SECRET_ACCESS_KEY',
        'do not put credentials in the URL; set S3_ACCESS_KEY_ID and S3_SECRET_ACCESS_KEY',
      );
    }
    const bucket = url.hostname;
    if (!/^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$/.test(bucket)) {
      throw invalid(`tên bucket "${bucket}" sai`, `bad bucket name "${bucket}"`);
    }
    const known = ['endpoint', 'region', 'forcePathStyle'];
    const unknown = [...url.searchParams.keys()].filter((k) => !known.includes(k));
    if (unknown.length > 0) {
      throw invalid(`tham số lạ ${unknown.join(', ')}`, `unknown parameter ${unknown.join(', ')}`);
    }
    const endpoint = url.searchParams.get('endpoint') ?? undefined;
    if (endpoint !== undefined && !/^https?:\/\/[^/]+/.test(endpoint)) {
      throw invalid('endpoint phải là http(s)://máy:cổng', 'endpoint must be http(s)://host:port');
    }
    const forcePathStyle = url.searchParams.get('forcePathStyle');
    if (forcePathStyle !== null && !['true', 'false'].includes(forcePathStyle)) {
      throw invalid('forcePathStyle là true hoặc false', 'forcePathStyle is true or false');
    }
    return {
      driver: 's3',
      bucket,
      prefix: decodeURIComponent(url.pathname.replace(/^\/+/, '')),
      endpoint,
      region: url.searchParams.get('region') ?? 'us-east-1',
      forcePathStyle: forcePathStyle !== 'false',
    };
  }
  if (value.startsWith('file://')) {
    return { driver: 'fs', dir: new URL(value).pathname };
  }
  if (/^[a-z][a-z0-9+.-]*:\/\//i.test(value)) {
    throw invalid('chỉ hỗ trợ s3:// hoặc một thư mục', 'only s3:// or a folder is supported');
  }
  return { driver: 'fs', dir: value };
}

/** A PostgreSQL URL without its password, for reports and logs. */
export function redactDatabaseUrl(value: string): string {
  try {
    const url = new URL(value);
    if (url.password) {
      url.password = '***';
    }
    return url.toString();
  } catch {
    return '(invalid URL)';
  }
}
