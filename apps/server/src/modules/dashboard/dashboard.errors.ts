import { defineError } from '../shared/errors/errors.ts';

export const createTargetNotFoundError = defineError('dashboard.target_not_found');
export const createInvalidPeriodError = defineError('dashboard.invalid_period');
