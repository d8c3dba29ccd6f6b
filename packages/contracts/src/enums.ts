import { z } from 'zod';

/** Roles a user may hold (several at once). STEERING is the read-only steering committee. */
export const ROLES = [
  'ADMIN',
  'LEADER',
  'PROSECUTOR',
  'EXAMINER',
  'CLERK',
  'IT_SUPPORT',
  'STEERING',
] as const;
export const roleSchema = z.enum(ROLES);
export type Role = z.infer<typeof roleSchema>;

/**
 * Levels of the procuracy tree. Since the 2025 reform district-level procuracies became regional
 * (VKSND khu vực); REGIONAL covers both.
 */
export const UNIT_LEVELS = ['SUPREME', 'PROVINCIAL', 'REGIONAL'] as const;
export const unitLevelSchema = z.enum(UNIT_LEVELS);
export type UnitLevel = z.infer<typeof unitLevelSchema>;

export const CASE_KINDS = [
  'criminal',
  'civil',
  'commercial',
  'labour',
  'administrative',
  'family',
] as const;
export const caseKindSchema = z.enum(CASE_KINDS);
export type CaseKind = z.infer<typeof caseKindSchema>;

/** Procedural stage of the case (giai đoạn tố tụng). */
export const CASE_STAGES = [
  'PRE_INVESTIGATION',
  'INVESTIGATION',
  'PROSECUTION',
  'FIRST_INSTANCE',
  'APPEAL',
  'CASSATION',
  'ENFORCEMENT',
  'CLOSED',
] as const;
export const caseStageSchema = z.enum(CASE_STAGES);
export type CaseStage = z.infer<typeof caseStageSchema>;

/** Độ mật. CONFIDENTIAL ("Mật") and above restrict a case to its assigned users and unit leaders. */
export const CONFIDENTIALITY_LEVELS = ['NORMAL', 'CONFIDENTIAL', 'SECRET', 'TOP_SECRET'] as const;
export const confidentialitySchema = z.enum(CONFIDENTIALITY_LEVELS);
export type Confidentiality = z.infer<typeof confidentialitySchema>;

/** States of the digitization procedure (enforced by the oversight module). */
export const DIGITIZATION_STATUSES = [
  'RECEIVED',
  'SCANNING',
  'PROCESSING',
  'AWAITING_REVIEW',
  'REVIEWED',
  'APPROVED',
] as const;
export const digitizationStatusSchema = z.enum(DIGITIZATION_STATUSES);
export type DigitizationStatus = z.infer<typeof digitizationStatusSchema>;

export const USER_STATUSES = ['ACTIVE', 'DISABLED'] as const;
export type UserStatus = (typeof USER_STATUSES)[number];

/** Actions the access policy decides on a case. */
export const CASE_ACTIONS = [
  'list',
  'read',
  'edit',
  'export',
  'delete',
  'assign',
  'import',
] as const;
export type CaseAction = (typeof CASE_ACTIONS)[number];
