import type { Exhibit } from '@sohoa/contracts';
import { describe, expect, it } from 'vitest';
import {
  buildCourtPackageManifest,
  courtPackageDataScript,
  courtPackageHtml,
} from './court-package.manifest.ts';

const page = (id: string, butLuc: number) => ({ id, volume: 1, seq: butLuc, butLuc });
const exhibit = (over: Partial<Exhibit>): Exhibit => ({
  id: 'exh_1',
  caseId: 'case_1',
  position: 1,
  kind: 'page',
  label: 'Biên bản',
  notes: '',
  page: { id: 'pg_a', volume: 1, seq: 1, butLuc: 1 },
  secondPage: null,
  rect: null,
  media: null,
  createdAt: '',
  updatedAt: '',
  ...over,
});

describe('court package manifest', () => {
  const { data, pageFiles, mediaFiles } = buildCourtPackageManifest({
    caseInfo: { id: 'case_1', title: 'Trộm cắp', number: '12/2026' },
    pages: [page('pg_a', 1), page('pg_b', 2)],
    exhibits: [
      exhibit({}),
      exhibit({
        id: 'exh_2',
        kind: 'pair',
        secondPage: { id: 'pg_b', volume: 1, seq: 2, butLuc: 2 },
      }),
      exhibit({
        id: 'exh_3',
        kind: 'media',
        page: null,
        media: { type: 'video', contentType: 'video/mp4', sizeBytes: 9, fileName: 'x.mp4' },
      }),
    ],
    maps: [],
    generatedAt: new Date('2026-11-30T00:00:00Z'),
  });

  it('names one JPEG per page and one file per media item', () => {
    expect(pageFiles.map((f) => f.name)).toEqual(['pages/pg_a.jpg', 'pages/pg_b.jpg']);
    expect(mediaFiles).toEqual([{ exhibitId: 'exh_3', name: 'media/exh_3.mp4' }]);
    expect(data.pages[1]).toEqual({ ...page('pg_b', 2), file: 'pages/pg_b.jpg' });
  });

  it('keeps the list order and the pages of each item', () => {
    expect(data.exhibits.map((e) => [e.kind, e.pageIds])).toEqual([
      ['page', ['pg_a']],
      ['pair', ['pg_a', 'pg_b']],
      ['media', []],
    ]);
    expect(data.exhibits[2]!.media).toEqual({ file: 'media/exh_3.mp4', type: 'video' });
    expect(data).toMatchObject({ format: 'sohoa-court-package', version: 1, maps: [] });
  });

  it('writes data as a classic script that no label can break out of', () => {
    const script = courtPackageDataScript({
      ...data,
      case: { ...data.case, title: '</script><script>alert(1)</script>\u2028' },
    });
    expect(script.startsWith('window.SOHOA_COURT = ')).toBe(true);
    expect(script).not.toContain('</script>');
    expect(script).not.toContain('\u2028');
    const sandbox: { SOHOA_COURT?: { case: { title: string } } } = {};
    // The script is ours, built from test data: evaluating it is what a browser does with data.js.
    // eslint-disable-next-line @typescript-eslint/no-implied-eval
    new Function('window', script)(sandbox);
    expect(sandbox.SOHOA_COURT?.case.title).toBe('</script><script>alert(1)</script>\u2028');
  });

  it('loads only classic scripts and forbids network connections', () => {
    const html = courtPackageHtml({ role: 'audience', title: 'A & <B>' });
    expect(html).not.toContain('type="module"');
    expect(html).toContain('<script src="data.js"></script>');
    expect(html).toContain("connect-src 'none'");
    expect(html).toContain('A &amp; &lt;B>');
  });
});
