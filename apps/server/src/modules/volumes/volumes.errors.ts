import { defineError } from '../shared/errors/errors.ts';

export const createVolumeNotFoundError = defineError('volume.not_found');
export const createVolumeNumberTakenError = defineError('volume.number_taken');
