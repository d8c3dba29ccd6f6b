import { describe, expect, it } from 'vitest';
import { formatReason, isIgnoredName, parseVolumeFolder } from './hot-folder.usecases.ts';

describe('hot folder names', () => {
  it('reads the volume number from tap_N, tap N, tập N and vol_N folders', () => {
    expect(parseVolumeFolder('tap_2')).toBe(2);
    expect(parseVolumeFolder('tap 3')).toBe(3);
    expect(parseVolumeFolder('Tập 04')).toBe(4);
    expect(parseVolumeFolder('TẬP_5'.normalize('NFD'))).toBe(5);
    expect(parseVolumeFolder('vol_6')).toBe(6);
    expect(parseVolumeFolder('Volume-7')).toBe(7);
    expect(parseVolumeFolder('tap12')).toBe(12);
  });

  it('does not take other folder names, or volume 0, for volumes', () => {
    for (const name of ['tap_0', 'tap_', 'scans', 'tap_2b', 'tap_123456', 'vol_1.5', '2']) {
      expect(parseVolumeFolder(name)).toBeNull();
    }
  });

  it('ignores lock files, partial copies, hidden files and Windows litter', () => {
    for (const name of [
      '~$scan.pdf',
      'scan.pdf.part',
      'scan.PARTIAL',
      'scan.pdf.filepart',
      'scan.tmp',
      'scan.crdownload',
      '.DS_Store',
      '.scan.pdf.swp',
      'Thumbs.db',
      'desktop.ini',
    ]) {
      expect(isIgnoredName(name)).toBe(true);
    }
    for (const name of ['scan.pdf', 'tap_1', 'bút lục 12.jpg', 'partial-scan.pdf']) {
      expect(isIgnoredName(name)).toBe(false);
    }
  });

  it('writes reasons for Windows Notepad: a BOM, CRLF, Vietnamese first then English', () => {
    const text = formatReason({
      reason: { code: 'x.y', vi: 'Lý do', en: 'Why', label: 'HN/1/a.pdf' },
      now: new Date('2026-01-15T08:30:00Z'),
    });
    expect(text.startsWith('\uFEFF')).toBe(true);
    expect(text).not.toMatch(/[^\r]\n/);
    expect(text.indexOf('Lý do: Lý do')).toBeLessThan(text.indexOf('Reason: Why'));
  });
});
