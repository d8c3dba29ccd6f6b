export * from './structure-case.ts';
export { fold, compact, similarity } from './text.ts';
export { extractDate, extractNumber, extractIssuer, normaliseNumber, isoDate } from './metadata.ts';
export {
  extractPersons,
  roleLabels,
  type CataloguePersonRole,
  type ExtractedPerson,
} from './persons.ts';
