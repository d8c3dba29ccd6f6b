import { defineError } from '../shared/errors/errors.ts';

export const createSetupAlreadyDoneError = defineError('setup.already_done');
