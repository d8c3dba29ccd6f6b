import { defineError } from '../shared/errors/errors.ts';

export const createVolumeRequiredError = defineError('volume.not_found');
