import { defineError } from '../shared/errors/errors.ts';

export const createHearingNotFoundError = defineError('hearing.not_found');
export const createInvalidPresenterError = defineError('hearing.invalid_presenter');
export const createInvalidHearingPageError = defineError('hearing.invalid_page');
