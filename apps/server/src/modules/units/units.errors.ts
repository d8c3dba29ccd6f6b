import { defineError } from '../shared/errors/errors.ts';

export const createUnitNotFoundError = defineError('unit.not_found');
export const createUnitCodeTakenError = defineError('unit.code_taken');
export const createUnitInvalidLevelError = defineError('unit.invalid_level');
