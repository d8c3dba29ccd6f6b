/** Pure page-level processing: no database, no blob store, no environment (CONVENTIONS.md §12). */
export * from './units/units.ts';
