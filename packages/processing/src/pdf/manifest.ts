import packageJson from '../../package.json' with { type: 'json' };
import type { PdfProfile } from './pdf.types.ts';

export const EXPORT_MANIFEST_FORMAT = 'sohoa-export-manifest/1';

/** A source file (as uploaded) some exported page comes from. */
export interface ManifestSource {
  name: string;
  volume: number;
  sha256: string;
  bytes: number;
}

/** One page of the PDF; front matter pages have no page id and no source. */
export interface ManifestPage {
  /** 1-based page number in the PDF. */
  pdfPage: number;
  label: string;
  pageId: string | null;
  volume: number | null;
  sourceName: string | null;
  sourceSha256: string | null;
  /** 0-based page of the source file. */
  sourceIndex: number | null;
}

/**
 * The integrity manifest of an exported PDF: what the file is (hash, size, pages) and where every
 * page comes from. The PDF cannot hold its own hash, so the manifest travels beside it
 * (`<pdf>.manifest.json`) and `sohoa verify` checks one against the other.
 */
export interface ExportManifest {
  format: typeof EXPORT_MANIFEST_FORMAT;
  generator: { name: string; version: string };
  case: {
    id: string;
    title: string;
    codes: { national: string | null; internal: string | null };
    unit: { id: string; name: string };
  };
  createdAt: string;
  profile: PdfProfile;
  volume: number | null;
  watermark?: { fullName: string; unitName: string; at: string };
  export: { sha256: string; bytes: number; pages: number };
  sources: ManifestSource[];
  pages: ManifestPage[];
}

export const GENERATOR = { name: 'sohoa', version: packageJson.version } as const;

/**
 * The manifest of a written PDF. `contentPages[i]` is the i-th scanned page (after the
 * `frontMatterPages`); `labels` are the labels of all pages as written. Sources are listed once
 * each, in the order their pages first appear.
 */
export function buildExportManifest({
  caseInfo,
  createdAt,
  profile,
  volume,
  watermark,
  written,
  contentPages,
}: {
  caseInfo: ExportManifest['case'];
  createdAt: Date;
  profile: PdfProfile;
  volume: number | null;
  watermark: { fullName: string; unitName: string; at: Date } | null;
  written: {
    sha256: string;
    bytes: number;
    pageCount: number;
    frontMatterPages: number;
    labels: string[];
  };
  contentPages: Array<{
    pageId: string;
    volume: number;
    sourceIndex: number;
    source: { name: string; sha256: string; bytes: number };
  }>;
}): { manifest: ExportManifest } {
  const sources = new Map<string, ManifestSource>();
  for (const p of contentPages) {
    const key = `${String(p.volume)}\u0000${p.source.sha256}\u0000${p.source.name}`;
    if (!sources.has(key)) {
      sources.set(key, {
        name: p.source.name,
        volume: p.volume,
        sha256: p.source.sha256,
        bytes: p.source.bytes,
      });
    }
  }
  const pages: ManifestPage[] = written.labels.map((label, i) => {
    const content =
      i >= written.frontMatterPages ? contentPages[i - written.frontMatterPages] : undefined;
    return {
      pdfPage: i + 1,
      label,
      pageId: content?.pageId ?? null,
      volume: content?.volume ?? null,
      sourceName: content?.source.name ?? null,
      sourceSha256: content?.source.sha256 ?? null,
      sourceIndex: content?.sourceIndex ?? null,
    };
  });
  return {
    manifest: {
      format: EXPORT_MANIFEST_FORMAT,
      generator: { ...GENERATOR },
      case: caseInfo,
      createdAt: createdAt.toISOString(),
      profile,
      volume,
      ...(watermark
        ? {
            watermark: {
              fullName: watermark.fullName,
              unitName: watermark.unitName,
              at: watermark.at.toISOString(),
            },
          }
        : {}),
      export: { sha256: written.sha256, bytes: written.bytes, pages: written.pageCount },
      sources: [...sources.values()],
      pages,
    },
  };
}

/** A difference between a PDF and its manifest, in Vietnamese and English. */
export interface ManifestMismatch {
  field: 'format' | 'sha256' | 'bytes' | 'pages' | 'labels';
  vi: string;
  en: string;
}

/**
 * Compares what was measured of a PDF (hash and size of its bytes, page count and labels as read
 * back) with its manifest. Empty list: the file is the one the manifest describes.
 */
export function compareWithManifest({
  manifest,
  actual,
}: {
  manifest: unknown;
  actual: { sha256: string; bytes: number; pageCount: number; labels: string[] };
}): { mismatches: ManifestMismatch[] } {
  const m = manifest as Partial<ExportManifest> | null;
  if (
    !m ||
    typeof m !== 'object' ||
    m.format !== EXPORT_MANIFEST_FORMAT ||
    !m.export ||
    !Array.isArray(m.pages)
  ) {
    return {
      mismatches: [
        {
          field: 'format',
          vi: `Tệp kê khai không đúng định dạng ${EXPORT_MANIFEST_FORMAT}`,
          en: `The manifest is not in the ${EXPORT_MANIFEST_FORMAT} format`,
        },
      ],
    };
  }
  const out: ManifestMismatch[] = [];
  if (m.export.sha256 !== actual.sha256) {
    out.push({
      field: 'sha256',
      vi: `SHA-256 khác: tệp ${actual.sha256}, kê khai ${String(m.export.sha256)}`,
      en: `SHA-256 differs: file ${actual.sha256}, manifest ${String(m.export.sha256)}`,
    });
  }
  if (m.export.bytes !== actual.bytes) {
    out.push({
      field: 'bytes',
      vi: `Kích thước khác: tệp ${String(actual.bytes)} byte, kê khai ${String(m.export.bytes)} byte`,
      en: `Size differs: file ${String(actual.bytes)} bytes, manifest ${String(m.export.bytes)} bytes`,
    });
  }
  if (m.export.pages !== actual.pageCount || m.pages.length !== actual.pageCount) {
    out.push({
      field: 'pages',
      vi: `Số trang khác: tệp ${String(actual.pageCount)}, kê khai ${String(m.export.pages)} (danh sách ${String(m.pages.length)})`,
      en: `Page count differs: file ${String(actual.pageCount)}, manifest ${String(m.export.pages)} (list ${String(m.pages.length)})`,
    });
  }
  const wrong = actual.labels.flatMap((label, i) => {
    const listed = m.pages?.[i]?.label;
    return listed !== undefined && listed !== label ? [{ page: i + 1, label, listed }] : [];
  });
  if (wrong.length > 0) {
    const shown = wrong
      .slice(0, 5)
      .map((w) => `${String(w.page)}: "${w.label}" ≠ "${w.listed}"`)
      .join('; ');
    out.push({
      field: 'labels',
      vi: `Nhãn trang khác ở ${String(wrong.length)} trang (${shown})`,
      en: `Page labels differ on ${String(wrong.length)} pages (${shown})`,
    });
  }
  return { mismatches: out };
}
