import type { PdfFile } from './file.ts';
import { PdfLexer } from './lexer.ts';
import {
  IDENTITY,
  isName,
  multiply,
  PdfName,
  PdfOp,
  PdfStream,
  type Matrix,
  type PdfDict,
  type PdfValue,
} from './objects.ts';

/** What a page's content stream paints, found without rendering it. */
export interface ContentScan {
  /** Image XObjects painted, with the transformation of their unit square to page space. */
  images: Array<{ stream: PdfStream; ctm: Matrix }>;
  /** Text is shown (in any render mode). */
  hasText: boolean;
  /** Text is shown in a visible render mode (not 3 = invisible, as OCR layers are). */
  hasVisibleText: boolean;
  /** Paths are stroked or filled, or shadings painted. */
  hasVector: boolean;
  hasInlineImage: boolean;
  /** A content or form stream uses a filter this reader cannot decode. */
  undecodable: boolean;
}

const TEXT_SHOW = new Set(['Tj', 'TJ', "'", '"']);
const PAINT = new Set(['S', 's', 'f', 'F', 'f*', 'B', 'B*', 'b', 'b*', 'sh']);
const MAX_FORM_DEPTH = 8;

/**
 * Walks a page's content (and the forms it draws) tracking only the current transformation and the
 * text render mode. Cheap compared with rendering: no fonts, no images decoded.
 */
export function scanContent({
  file,
  contents,
  resources,
  maxContentBytes,
}: {
  file: PdfFile;
  contents: PdfValue | undefined;
  resources: PdfDict | null;
  maxContentBytes: number;
}): ContentScan {
  const scan: ContentScan = {
    images: [],
    hasText: false,
    hasVisibleText: false,
    hasVector: false,
    hasInlineImage: false,
    undecodable: false,
  };
  const data = decodeContents(file, contents, maxContentBytes, scan);
  walk({ file, data, resources, ctm: IDENTITY, scan, depth: 0, maxContentBytes, forms: new Set() });
  return scan;
}

function decodeContents(
  file: PdfFile,
  contents: PdfValue | undefined,
  maxBytes: number,
  scan: ContentScan,
): Uint8Array {
  const resolved = file.resolve(contents);
  const streams = (
    Array.isArray(resolved) ? resolved.map((v) => file.resolve(v)) : [resolved]
  ).filter((v): v is PdfStream => v instanceof PdfStream);
  const parts: Uint8Array[] = [];
  let total = 0;
  for (const stream of streams) {
    try {
      const part = file.decodeStream(stream, maxBytes - total);
      parts.push(part, NEWLINE);
      total += part.byteLength + 1;
    } catch (error) {
      if ((error as Error).name === 'DecodedTooLargeError') {
        throw error;
      }
      scan.undecodable = true;
    }
  }
  return parts.length === 2 ? parts[0]! : Buffer.concat(parts);
}

const NEWLINE = Uint8Array.of(0x0a);

function walk({
  file,
  data,
  resources,
  ctm: baseCtm,
  scan,
  depth,
  maxContentBytes,
  forms,
}: {
  file: PdfFile;
  data: Uint8Array;
  resources: PdfDict | null;
  ctm: Matrix;
  scan: ContentScan;
  depth: number;
  maxContentBytes: number;
  forms: Set<number>;
}): void {
  const lexer = new PdfLexer(data, 0, 0, true);
  const stack: Array<{ ctm: Matrix; textMode: number }> = [];
  let state = { ctm: baseCtm, textMode: 0 };
  let operands: PdfValue[] = [];
  const xobjects = file.dict(resources?.get('XObject'));
  for (;;) {
    let token: PdfValue | PdfOp | undefined;
    try {
      token = lexer.nextContentToken();
    } catch {
      // Garbage in a content stream: viewers stop drawing there, so do we.
      break;
    }
    if (token === undefined) {
      break;
    }
    if (!(token instanceof PdfOp)) {
      operands.push(token);
      continue;
    }
    const op = token.op;
    if (op === 'q') {
      stack.push(state);
      state = { ...state };
    } else if (op === 'Q') {
      state = stack.pop() ?? state;
    } else if (op === 'cm' && operands.length >= 6) {
      const m = operands.slice(-6).map((v) => (typeof v === 'number' ? v : 0)) as Matrix;
      state = { ...state, ctm: multiply(m, state.ctm) };
    } else if (op === 'Tr') {
      state = { ...state, textMode: typeof operands[0] === 'number' ? operands[0] : 0 };
    } else if (TEXT_SHOW.has(op)) {
      scan.hasText = true;
      scan.hasVisibleText ||= state.textMode !== 3 && state.textMode !== 7;
    } else if (PAINT.has(op)) {
      scan.hasVector = true;
    } else if (op === 'BI') {
      scan.hasInlineImage = true;
      skipInlineImage(lexer);
    } else if (op === 'Do') {
      const name = operands[operands.length - 1];
      const xobject = name instanceof PdfName ? file.resolve(xobjects?.get(name.name)) : undefined;
      if (xobject instanceof PdfStream) {
        paintXObject({
          file,
          xobject,
          resources,
          ctm: state.ctm,
          scan,
          depth,
          maxContentBytes,
          forms,
        });
      }
    }
    operands = [];
  }
}

function paintXObject({
  file,
  xobject,
  resources,
  ctm,
  scan,
  depth,
  maxContentBytes,
  forms,
}: {
  file: PdfFile;
  xobject: PdfStream;
  resources: PdfDict | null;
  ctm: Matrix;
  scan: ContentScan;
  depth: number;
  maxContentBytes: number;
  forms: Set<number>;
}): void {
  const subtype = xobject.dict.get('Subtype');
  if (isName(subtype, 'Image')) {
    scan.images.push({ stream: xobject, ctm });
    return;
  }
  if (!isName(subtype, 'Form') || depth >= MAX_FORM_DEPTH || forms.has(xobject.offset)) {
    scan.hasVector = true;
    return;
  }
  const matrixValue = file.resolve(xobject.dict.get('Matrix'));
  const matrix =
    Array.isArray(matrixValue) && matrixValue.length === 6
      ? (matrixValue.map((v) => (typeof v === 'number' ? v : 0)) as Matrix)
      : IDENTITY;
  let data: Uint8Array;
  try {
    data = file.decodeStream(xobject, maxContentBytes);
  } catch (error) {
    if ((error as Error).name === 'DecodedTooLargeError') {
      throw error;
    }
    scan.undecodable = true;
    return;
  }
  const nested = new Set(forms).add(xobject.offset);
  walk({
    file,
    data,
    resources: file.dict(xobject.dict.get('Resources')) ?? resources,
    ctm: multiply(matrix, ctm),
    scan,
    depth: depth + 1,
    maxContentBytes,
    forms: nested,
  });
}

function skipInlineImage(lexer: PdfLexer): void {
  for (;;) {
    const token = lexer.nextContentToken();
    if (token === undefined) {
      return;
    }
    if (token instanceof PdfOp && token.op === 'ID') {
      lexer.skipInlineImageData();
      return;
    }
  }
}
