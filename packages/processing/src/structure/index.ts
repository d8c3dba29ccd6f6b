export * from './structure-case.ts';
export { fold, compact, similarity } from './text.ts';
export { extractDate, extractNumber, extractIssuer, normaliseNumber, isoDate } from './metadata.ts';
export {
  buildRoleVocabulary,
  createPersonsContext,
  extractDocumentPersons,
  leadingName,
  type CataloguePersonRole,
  type DocumentDeclarant,
  type DocumentSigner,
  type ExtractedPerson,
  type PersonsContext,
  type RoleVocabulary,
} from './persons.ts';
export { extractTimeRange, type TimeRange } from './time-range.ts';
