export * from './pdf.types.ts';
export {
  writeCasePdf,
  jpegInfo,
  CASE_PDF_FONTS,
  type WriteCasePdfResult,
} from './write-case-pdf.ts';
export {
  verifyCasePdf,
  readCasePdfPages,
  samplePageIndexes,
  type CasePdfExpectation,
} from './verify-case-pdf.ts';
export {
  butLucLabels,
  pageLabelRanges,
  expandPageLabels,
  type LabelledPage,
} from './page-labels.ts';
export {
  placeWords,
  groupLines,
  pageGeometry,
  placeAnnotationBoxes,
  type PlacedAnnotationBox,
} from './text-layer.ts';
export { vietnameseDate, butLucRange } from './front-matter.ts';
export {
  watermarkText,
  vietnameseDateTime,
  watermarkPlacement,
  type WatermarkInfo,
} from './watermark.ts';
export {
  buildExportManifest,
  compareWithManifest,
  EXPORT_MANIFEST_FORMAT,
  GENERATOR,
  type ExportManifest,
  type ManifestMismatch,
  type ManifestPage,
  type ManifestSource,
} from './manifest.ts';
export {
  writeTableReportPdf,
  type TableReportColumn,
  type TableReportSection,
} from './table-report.ts';
