import { defineError } from '../shared/errors/errors.ts';

export const createExhibitNotFoundError = defineError('exhibit.not_found');
/** A reorder must name every item of the list once: a stale list would silently drop items. */
export const createExhibitOrderMismatchError = defineError('exhibit.order_mismatch');
export const createExhibitMediaUnsupportedError = defineError('exhibit.media_unsupported');
export const createExhibitMediaTooLargeError = defineError('exhibit.media_too_large');
