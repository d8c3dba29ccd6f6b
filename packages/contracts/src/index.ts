export * from './enums.ts';
export * from './labels.ts';
export * from './errors.ts';
export * from './api.schemas.ts';
export * from './catalogue.ts';
export * from './ingestion.schemas.ts';
export * from './deadlines.ts';
export * from './timeline.schemas.ts';
