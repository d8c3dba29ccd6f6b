import type { Role } from '@sohoa/contracts';

/**
 * The user guide (docs/guide/*.md, in Vietnamese) shown inside the app: the LAN has no internet,
 * so the Markdown is bundled at build time and rendered here. This module is pure (no DOM): the
 * page list, which page suits which role, and Markdown → HTML with links and images rewritten to
 * the app's own URLs.
 */
export interface GuideDoc {
  /** URL segment: /help/<slug>; null for the index (README.md). */
  slug: string | null;
  /** File name in docs/guide. */
  file: string;
  /** Title in the help menu (Vietnamese and English). */
  title: { vi: string; en: string };
}

export const GUIDE_DOCS: readonly GuideDoc[] = [
  { slug: null, file: 'README.md', title: { vi: 'Mục lục hướng dẫn', en: 'Guide contents' } },
  {
    slug: 'chuyen-vien',
    file: 'chuyen-vien.md',
    title: { vi: 'Chuyên viên: quét, nhập, kiểm tra', en: 'Clerk: scan, import, check' },
  },
  {
    slug: 'kiem-sat-vien',
    file: 'kiem-sat-vien.md',
    title: { vi: 'Kiểm sát viên: rà soát, tìm, đọc', en: 'Prosecutor: review, search, read' },
  },
  {
    slug: 'phien-toa',
    file: 'phien-toa.md',
    title: {
      vi: 'Kiểm sát viên: trình chiếu tại phiên tòa',
      en: 'Prosecutor: presenting at trial',
    },
  },
  {
    slug: 'lanh-dao',
    file: 'lanh-dao.md',
    title: {
      vi: 'Lãnh đạo: hồ sơ, phân công, tiến độ',
      en: 'Leader: cases, assignments, progress',
    },
  },
  {
    slug: 'ban-chi-dao',
    file: 'ban-chi-dao.md',
    title: {
      vi: 'Ban chỉ đạo: bảng điều khiển, chỉ tiêu',
      en: 'Steering committee: dashboard, targets',
    },
  },
  {
    slug: 'can-bo-cntt',
    file: 'can-bo-cntt.md',
    title: {
      vi: 'Cán bộ CNTT: cài đặt, sao lưu, sự cố',
      en: 'IT staff: install, backup, problems',
    },
  },
];

const ROLE_DOC: Record<Role, string> = {
  CLERK: 'chuyen-vien',
  PROSECUTOR: 'kiem-sat-vien',
  EXAMINER: 'kiem-sat-vien',
  LEADER: 'lanh-dao',
  STEERING: 'ban-chi-dao',
  ADMIN: 'can-bo-cntt',
  IT_SUPPORT: 'can-bo-cntt',
};

/** The guide pages for the user's roles, in the order of GUIDE_DOCS (no duplicates). */
export function guideSlugsForRoles(roles: readonly Role[]): string[] {
  const wanted = new Set(roles.map((r) => ROLE_DOC[r]));
  return GUIDE_DOCS.flatMap((d) => (d.slug && wanted.has(d.slug) ? [d.slug] : []));
}

export function guideDocBySlug(slug: string | null): GuideDoc | null {
  return GUIDE_DOCS.find((d) => d.slug === slug) ?? null;
}

/** `chuyen-vien.md#nhap-ho-so` → the app URL `/help/chuyen-vien#nhap-ho-so`; else null. */
export function guideHrefForLink(href: string): string | null {
  const match = /^(?:\.\/)?([a-z0-9-]+\.md)(#[a-z0-9-]+)?$/i.exec(href);
  if (!match) {
    return null;
  }
  const doc = GUIDE_DOCS.find((d) => d.file === match[1]);
  if (!doc) {
    return null;
  }
  return `${doc.slug ? `/help/${doc.slug}` : '/help'}${match[2] ?? ''}`;
}

/** "3. Nhập hồ sơ (tập, tệp)" → "3-nhap-ho-so-tap-tep": anchors without diacritics. */
export function headingId(text: string): string {
  return text
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .replace(/đ/g, 'd')
    .replace(/Đ/g, 'D')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '');
}
