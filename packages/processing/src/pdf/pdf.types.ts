/*
 * Inputs of the digital case file writer (writeCasePdf). Plain data: the server (or the in-memory
 * analyze script) builds them from its pages, structure and case; nothing here knows a database.
 */

/** A word of the invisible text layer. */
export interface ExportWord {
  /** NFC text of the word, no spaces. */
  text: string;
  /** [x0, y0, x1, y1] in pixels of the page's text frame (origin top-left, y down). */
  box: [number, number, number, number];
}

/** One page of the case file, in reading order. */
export interface ExportPage {
  /** The image embedded as it is (JPEG: DCTDecode, byte for byte; PNG: decoded and deflated). */
  image: {
    bytes: Uint8Array;
    format: 'jpeg' | 'png';
    widthPx: number;
    heightPx: number;
    /** Scan resolution; null → the page is taken as A4 on its longer side. */
    dpi: number | null;
  };
  /** Clockwise quarter-turn a viewer applies to show the image upright (/Rotate). */
  rotation: 0 | 90 | 180 | 270;
  /**
   * Skew of the content in the upright view, degrees counter-clockwise positive (0 when the image
   * is already deskewed). The image stays as scanned; the text layer is tilted to lie on it.
   */
  skewDegrees?: number;
  /**
   * The frame word boxes are measured in: the upright, deskewed page as the OCR saw it. Default:
   * the image turned by `rotation` (so, for an image that is already upright, the image itself).
   */
  textFrame?: { widthPx: number; heightPx: number };
  words: ExportWord[];
  /** Page label (/PageLabels): the bút lục "45", "12 (mặt sau)", "Bìa" … */
  label: string;
  /** Annotations drawn as PDF annotations (highlights, text notes); none by default. */
  annotations?: ExportAnnotation[];
}

/**
 * A reader's annotation carried into the PDF. Boxes are normalised to [0, 1] of the upright page
 * (like the OCR words before they are turned into pixels): a highlight covers each box (one
 * region, or one box per word), a note sits at its single box's top-left corner.
 */
export interface ExportAnnotation {
  kind: 'highlight' | 'note';
  boxes: Array<[number, number, number, number]>;
  /** RGB 0–255. */
  color: [number, number, number];
  /** The note, or the comment of a highlight (shown in the reader's pop-up). */
  text: string | null;
  /** Title of the pop-up (/T): who wrote it. */
  author: string;
}

/** A bookmark: a section with its documents, or a document. `pageIndex` counts content pages from 0. */
export interface OutlineNode {
  title: string;
  pageIndex: number | null;
  children?: OutlineNode[];
}

/** One row of the index (mục lục) pages; the row links to `targetPageIndex` (content pages, from 0). */
export interface IndexRow {
  /** Section name heading the rows that follow it. */
  section: string;
  stt: number;
  title: string;
  number: string | null;
  date: string | null;
  issuer: string | null;
  butLucFrom: number | null;
  butLucTo: number | null;
  targetPageIndex: number | null;
}

/** The cover sheet (bìa) and index pages put before the scanned pages. */
export interface FrontMatter {
  unitName: string;
  caseTitle: string;
  nationalCode: string | null;
  internalNumber?: string | null;
  charges: string[];
  volumes: number;
  /** Sheets (tờ, bút lục numbers) and physical pages (trang) of the scanned part. */
  sheets: number;
  pages: number;
  generatedAt: Date;
  /** Set when exported before OCR finished: printed on the cover ("CHƯA HOÀN TẤT"). */
  incomplete?: { pendingPages: number } | null;
  /** Volume exported alone, if any. */
  volume?: number | null;
  index: IndexRow[];
  /**
   * Provenance page (after the index): the source files with their SHA-256 and the generator
   * version. The PDF cannot hold its own hash; the page says the manifest beside it does.
   */
  provenance?: {
    generator: { name: string; version: string };
    sources: Array<{ name: string; volume: number; sha256: string; bytes: number }>;
  } | null;
}

/** Document information (Info dictionary and XMP). */
export interface CasePdfInfo {
  title: string;
  caseCode: string | null;
  unitName: string;
  createdAt: Date;
}

/** `pdfa`: PDF/A-2b archive master (embedded fonts, output intent, XMP id). `working`: plain PDF 1.7. */
export type PdfProfile = 'working' | 'pdfa';
