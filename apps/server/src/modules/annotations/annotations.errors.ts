import { defineError } from '../shared/errors/errors.ts';

/** Also answered for another user's private annotation: its existence is not revealed. */
export const createAnnotationNotFoundError = defineError('annotation.not_found');
