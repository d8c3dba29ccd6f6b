import { describe, expect, it } from 'vitest';
import { GUIDE_DOCS, guideHrefForLink, guideSlugsForRoles, headingId } from './guide.ts';
import { renderGuideMarkdown } from './guide-render.ts';

const render = (md: string, images: Record<string, string> = {}) =>
  renderGuideMarkdown(md, {
    imageUrl: (name) => images[name] ?? null,
    missingImage: (alt) => `(chưa có ảnh: ${alt})`,
  });

describe('user guide', () => {
  it('points each role at its guide page, without duplicates', () => {
    expect(guideSlugsForRoles(['CLERK'])).toEqual(['chuyen-vien']);
    expect(guideSlugsForRoles(['EXAMINER', 'PROSECUTOR'])).toEqual(['kiem-sat-vien']);
    expect(guideSlugsForRoles(['IT_SUPPORT', 'LEADER'])).toEqual(['lanh-dao', 'can-bo-cntt']);
    expect(guideSlugsForRoles([])).toEqual([]);
    // Every slug a role maps to is a page of the guide.
    const slugs = new Set(GUIDE_DOCS.map((d) => d.slug));
    for (const role of [
      'ADMIN',
      'LEADER',
      'PROSECUTOR',
      'EXAMINER',
      'CLERK',
      'IT_SUPPORT',
      'STEERING',
    ] as const) {
      for (const slug of guideSlugsForRoles([role])) {
        expect(slugs.has(slug)).toBe(true);
      }
    }
  });

  it('makes anchors without diacritics', () => {
    expect(headingId('3. Nhập hồ sơ (tập, tệp)')).toBe('3-nhap-ho-so-tap-tep');
    expect(headingId('Đăng nhập lần đầu')).toBe('dang-nhap-lan-dau');
  });

  it('turns links between guide files into app links and drops links into the repository', () => {
    expect(guideHrefForLink('chuyen-vien.md')).toBe('/help/chuyen-vien');
    expect(guideHrefForLink('./README.md#vai-tro')).toBe('/help#vai-tro');
    expect(guideHrefForLink('khong-co.md')).toBeNull();
    const { html } = render(
      'Xem [chuyên viên](chuyen-vien.md), [cấu hình](../configuration.md) và [mục 2](#muc-2).',
    );
    expect(html).toContain('<a href="/help/chuyen-vien" data-guide-link="">chuyên viên</a>');
    expect(html).toContain(' cấu hình ');
    expect(html).not.toContain('configuration.md');
    expect(html).toContain('<a href="#muc-2">mục 2</a>');
  });

  it('never injects raw HTML from the Markdown', () => {
    const { html } = render(
      'Chữ <script>alert(1)</script> và <img src=x onerror=alert(1)>\n\n<div>khối</div>\n',
    );
    expect(html).not.toMatch(/<script|<img|<div/);
    expect(html).toContain('&lt;script&gt;');
  });

  it('uses bundled screenshots and says so when one is missing', () => {
    const { html } = render(
      '![Màn hình đăng nhập](img/dang-nhap.png)\n\n![Tìm kiếm](img/tim-kiem.png)',
      {
        'dang-nhap.png': '/assets/dang-nhap-abc123.png',
      },
    );
    expect(html).toContain('<img src="/assets/dang-nhap-abc123.png" alt="Màn hình đăng nhập"');
    expect(html).toContain('(chưa có ảnh: Tìm kiếm)');
  });

  it('gives headings ids and lists them for a table of contents', () => {
    const { html, headings } = render(
      '# Hướng dẫn\n\n## 1. Đăng nhập\n\nNội dung.\n\n## 2. Nhập **hồ sơ**\n',
    );
    expect(html).toContain('<h2 id="1-dang-nhap">1. Đăng nhập</h2>');
    expect(html).toContain('<h2 id="2-nhap-ho-so">2. Nhập <strong>hồ sơ</strong></h2>');
    expect(headings.map((h) => [h.depth, h.id])).toEqual([
      [1, 'huong-dan'],
      [2, '1-dang-nhap'],
      [2, '2-nhap-ho-so'],
    ]);
  });
});
