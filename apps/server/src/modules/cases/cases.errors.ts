import { defineError } from '../shared/errors/errors.ts';

export const createCaseNotFoundError = defineError('case.not_found');
export const createNationalCodeTakenError = defineError('case.national_code_taken');
export const createInvalidAssigneeError = defineError('case.invalid_assignee');
export const createInvalidPartyRoleError = defineError('case.invalid_party_role');
