import { describe, expect, it } from 'vitest';
import { ProcessingError } from '../errors.ts';
import { makeZip } from './containers.test-utils.ts';
import { errorOf, makeJpeg, makePng, pdfWithText } from './fixtures.test-utils.ts';
import { sniffSource } from './sniff.ts';

const sniff = (head: Uint8Array, fileName: string) =>
  sniffSource({ head, fileName, sizeBytes: head.byteLength });
const codeOf = (fn: () => unknown) => {
  try {
    fn();
  } catch (error) {
    return error instanceof ProcessingError ? error.code : String(error);
  }
  return null;
};

describe('sniffSource', () => {
  it('identifies each supported kind by its magic bytes', async () => {
    expect(sniff(await pdfWithText(['x']), 'a.pdf')).toEqual({ kind: 'pdf', extensionKind: 'pdf' });
    expect(sniff(await makeJpeg(), 'a.JPG').kind).toBe('jpeg');
    expect(sniff(await makePng(), 'a.png').kind).toBe('png');
    expect(sniff(Uint8Array.from([0x49, 0x49, 42, 0, 8, 0, 0, 0]), 'a.tif').kind).toBe('tiff');
    expect(sniff(Uint8Array.from([0x4d, 0x4d, 0, 42, 0, 0, 0, 8]), 'a.tiff').kind).toBe('tiff');
    expect(sniff(makeZip([{ name: 'a.jpg', data: new Uint8Array(4) }]), 'a.zip').kind).toBe('zip');
  });

  it('finds a PDF header after leading junk, as viewers do', () => {
    const head = new Uint8Array(Buffer.from('\r\n   %PDF-1.4\n'));
    expect(sniff(head, 'x.pdf').kind).toBe('pdf');
  });

  it('accepts a PNG named .pdf as a PNG and reports the disagreeing extension', async () => {
    expect(sniff(await makePng(), 'scan_tap_03.pdf')).toEqual({
      kind: 'png',
      extensionKind: 'pdf',
    });
  });

  it('refuses a text file named .jpg as an unsupported type', () => {
    const text = new Uint8Array(Buffer.from('Danh sách bút lục\n'));
    expect(codeOf(() => sniff(text, 'notes.jpg'))).toBe('source.unsupported_type');
  });

  it('refuses an empty file', () => {
    expect(
      codeOf(() => sniffSource({ head: new Uint8Array(0), fileName: 'empty.pdf', sizeBytes: 0 })),
    ).toBe('source.empty');
  });

  it('refuses office documents, which are ZIPs, instead of opening them as archives', () => {
    expect(
      codeOf(() =>
        sniff(makeZip([{ name: 'word/document.xml', data: new Uint8Array(4) }]), 'don.docx'),
      ),
    ).toBe('source.unsupported_type');
  });

  it('names what an unsupported file looks like', async () => {
    const error = await errorOf(() => sniff(new Uint8Array(Buffer.from('GIF89a......')), 'x.gif'));
    expect(error.details).toMatchObject({ detected: 'gif' });
  });
});
