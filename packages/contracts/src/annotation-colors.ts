/*
 * Annotation colours, apart from the schemas: the SPA imports this list, and a module of zod object
 * schemas would run zod's eval probe at load, which the strict CSP reports as an error.
 */
export const ANNOTATION_COLORS = ['yellow', 'green', 'blue', 'pink'] as const;
export type AnnotationColor = (typeof ANNOTATION_COLORS)[number];
