export * from './enums.ts';
export * from './labels.ts';
export * from './errors.ts';
export * from './case-index.schemas.ts';
export * from './api.schemas.ts';
export * from './catalogue.ts';
export * from './ingestion.schemas.ts';
