import {
  COURT_PACKAGE_FORMAT,
  COURT_PACKAGE_VERSION,
  type CourtPackageData,
  type CourtPackageMap,
  type Exhibit,
} from '@sohoa/contracts';

const MEDIA_EXTENSIONS: Record<string, string> = {
  'image/jpeg': 'jpg',
  'image/png': 'png',
  'image/webp': 'webp',
  'video/mp4': 'mp4',
  'video/webm': 'webm',
};

export interface PackagePageInput {
  id: string;
  volume: number;
  seq: number;
  butLuc: number | null;
}

/**
 * What the offline court package holds: its data (window.SOHOA_COURT) and the list of files to
 * write besides the player and the HTML pages. Pure: the caller reads images and zips.
 *
 * @example
 * const { data, pageFiles, mediaFiles } = buildCourtPackageManifest({ caseInfo, pages, exhibits, maps: [], generatedAt });
 */
export function buildCourtPackageManifest({
  caseInfo,
  pages,
  exhibits,
  maps,
  generatedAt,
}: {
  caseInfo: { id: string; title: string; number: string | null };
  pages: PackagePageInput[];
  exhibits: Exhibit[];
  maps: CourtPackageMap[];
  generatedAt: Date;
}) {
  const pageFiles = pages.map((p) => ({ pageId: p.id, name: `pages/${p.id}.jpg` }));
  const mediaFiles = exhibits
    .filter((e) => e.kind === 'media' && e.media)
    .map((e) => ({
      exhibitId: e.id,
      name: `media/${e.id}.${MEDIA_EXTENSIONS[e.media!.contentType] ?? 'bin'}`,
    }));
  const mediaName = new Map(mediaFiles.map((m) => [m.exhibitId, m.name]));
  const data: CourtPackageData = {
    format: COURT_PACKAGE_FORMAT,
    version: COURT_PACKAGE_VERSION,
    generatedAt: generatedAt.toISOString(),
    case: caseInfo,
    pages: pages.map((p, i) => ({ ...p, file: pageFiles[i]!.name })),
    exhibits: exhibits.map((e) => ({
      id: e.id,
      kind: e.kind,
      label: e.label,
      notes: e.notes,
      pageIds: [e.page?.id, e.secondPage?.id].filter((id): id is string => Boolean(id)),
      rect: e.rect,
      media: e.media ? { file: mediaName.get(e.id) ?? '', type: e.media.type } : null,
    })),
    maps,
  };
  return { data, pageFiles, mediaFiles };
}

/**
 * data.js: a classic script assigning the data to a global (file:// pages cannot fetch() JSON in
 * Chromium). `<` and the JS line separators are escaped so no label can end the script early.
 */
export function courtPackageDataScript(data: CourtPackageData): string {
  const json = JSON.stringify(data)
    .replace(/</g, '\\u003c')
    .replace(/\u2028/g, '\\u2028')
    .replace(/\u2029/g, '\\u2029');
  return `window.SOHOA_COURT = ${json};\n`;
}

const STYLE = `
body{margin:0;font:16px system-ui,sans-serif;background:#f4f5f7;color:#1b1f24}
body[data-role=presenter]{padding:1rem 1.5rem;max-width:60rem}
body[data-role=audience]{background:#000;overflow:hidden}
#audience{position:fixed;inset:0}
.controls{display:flex;flex-wrap:wrap;gap:.5rem;margin:.5rem 0}
button{font:inherit;padding:.4rem .8rem;cursor:pointer}
.exhibits li.current button{font-weight:700;outline:3px solid #1f6feb}
.notes{white-space:pre-wrap;background:#fff8c5;padding:.5rem;min-height:1.5rem}
.status{font-weight:600}
.preview{position:relative;height:50vh;background:#000;touch-action:none;cursor:crosshair}
.maps ul{list-style:none;padding:0;margin:.25rem 0}
.maps li{margin:.15rem 0}
button[aria-pressed=true]{background:#1f6feb;color:#fff}
`;

/** index.html (presenter console) or audience.html: scripts only, no module, no network. */
export function courtPackageHtml({
  role,
  title,
}: {
  role: 'presenter' | 'audience';
  title: string;
}): string {
  const escaped = title.replace(/&/g, '&amp;').replace(/</g, '&lt;');
  return `<!doctype html>
<html lang="vi">
<head>
<meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="connect-src 'none'">
<title>${role === 'audience' ? 'Màn hình khán phòng' : 'Trình chiếu'} — ${escaped}</title>
<style>${STYLE}</style>
</head>
<body data-role="${role}">
<script src="data.js"></script>
<script src="court-player.js"></script>
</body>
</html>
`;
}

export const COURT_PACKAGE_README = `Gói trình chiếu hồ sơ tại phiên tòa (sohoa)

1. Chép cả thư mục vào máy tính tại phòng xử án (USB). Không cần mạng, không cần máy chủ.
2. Mở index.html bằng Chromium/Chrome/Edge hoặc Firefox: đây là bảng điều khiển của Kiểm sát viên.
3. Bấm "Mở màn hình khán phòng", kéo cửa sổ đó sang màn hình chiếu, nhấp đúp để toàn màn hình.
4. Bấm vào từng mục của danh mục, hoặc gõ "BL 125" để chiếu bút lục 125.

Court presentation package: open index.html (presenter), then "Mở màn hình khán phòng" opens the
audience window. Works from file:// with no network.
`;
