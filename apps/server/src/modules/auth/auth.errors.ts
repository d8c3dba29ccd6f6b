import { defineError } from '../shared/errors/errors.ts';

export const createAuthRequiredError = defineError('auth.required');
export const createInvalidCredentialsError = defineError('auth.invalid_credentials');
export const createAccountDisabledError = defineError('auth.account_disabled');
export const createTooManyAttemptsError = defineError('auth.too_many_attempts');
export const createCsrfFailedError = defineError('auth.csrf_failed');
export const createCrossOriginError = defineError('auth.cross_origin');
export const createWrongCurrentPasswordError = defineError('auth.wrong_current_password');
export const createWeakPasswordError = defineError('auth.weak_password');
