import { defineError } from '../shared/errors/errors.ts';

export const createUserNotFoundError = defineError('user.not_found');
export const createUsernameTakenError = defineError('user.username_taken');
export const createCannotDisableSelfError = defineError('user.cannot_disable_self');
