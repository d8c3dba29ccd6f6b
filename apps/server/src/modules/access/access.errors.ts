import { defineError } from '../shared/errors/errors.ts';

export const createForbiddenError = defineError('access.forbidden');
