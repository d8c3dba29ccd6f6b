import { defineError } from '../shared/errors/errors.ts';

export const createTransitionNotAllowedError = defineError('digitization.transition_not_allowed');
export const createRoleNotAllowedError = defineError('digitization.role_not_allowed');
export const createReasonRequiredError = defineError('digitization.reason_required');
export const createChecklistIncompleteError = defineError('digitization.checklist_incomplete');
export const createStateChangedError = defineError('digitization.state_changed');
export const createUnknownAnomalyError = defineError('digitization.unknown_anomaly');
export const createExplanationNotFoundError = defineError('digitization.explanation_not_found');
