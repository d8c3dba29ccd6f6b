import { defineError } from '../shared/errors/errors.ts';

/** Also for an expired or ended session, and for a case the caller may not read. */
export const createPresentationNotFoundError = defineError('presentation.not_found');
export const createNotPresenterError = defineError('presentation.not_presenter');
