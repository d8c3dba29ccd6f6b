export * from './enums.ts';
export * from './labels.ts';
export * from './errors.ts';
export * from './api.schemas.ts';
export * from './catalogue.ts';
export * from './ingestion.schemas.ts';
export * from './structure.schemas.ts';
export * from './transfer.schemas.ts';
