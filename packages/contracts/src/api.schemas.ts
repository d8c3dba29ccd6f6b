import { z } from 'zod';
import {
  caseKindSchema,
  caseStageSchema,
  confidentialitySchema,
  digitizationStatusSchema,
  roleSchema,
  unitLevelSchema,
} from './enums.ts';

/* Request schemas are strict (unknown fields are rejected) and bound every string. */

const text = (max: number) => z.string().trim().min(1).max(max);
const id = (prefix: string) =>
  z
    .string()
    .max(64)
    .regex(new RegExp(`^${prefix}_[0-9a-z]{10,40}$`), `must be an id starting with ${prefix}_`);

export const unitIdSchema = id('unit');
export const userIdSchema = id('usr');
export const caseIdSchema = id('case');
export const volumeIdSchema = id('vol');

export const usernameSchema = z
  .string()
  .trim()
  .min(3)
  .max(64)
  .regex(/^[a-zA-Z0-9._-]+$/, 'letters, digits, dot, dash, underscore');
/** Policy (length, letters and digits) is checked by the server to give one clear error code. */
export const passwordSchema = z.string().min(1).max(256);

// ---------- units ----------
export const unitSchema = z.object({
  id: z.string(),
  code: z.string(),
  name: z.string(),
  level: unitLevelSchema,
  parentId: z.string().nullable(),
  createdAt: z.string(),
});
export type Unit = z.infer<typeof unitSchema>;

export const createUnitBodySchema = z.strictObject({
  code: z
    .string()
    .trim()
    .min(2)
    .max(32)
    .regex(/^[A-Za-z0-9._-]+$/, 'letters, digits, dot, dash, underscore'),
  name: text(200),
  level: unitLevelSchema,
  parentId: unitIdSchema,
});
export type CreateUnitBody = z.infer<typeof createUnitBodySchema>;

// ---------- users ----------
export const userSchema = z.object({
  id: z.string(),
  username: z.string(),
  fullName: z.string(),
  unitId: z.string(),
  roles: z.array(roleSchema),
  status: z.enum(['ACTIVE', 'DISABLED']),
  createdAt: z.string(),
});
export type User = z.infer<typeof userSchema>;

export const createUserBodySchema = z.strictObject({
  unitId: unitIdSchema,
  username: usernameSchema,
  fullName: text(200),
  roles: z.array(roleSchema).min(1).max(7),
  password: passwordSchema,
});
export type CreateUserBody = z.infer<typeof createUserBodySchema>;

export const updateUserBodySchema = z.strictObject({
  fullName: text(200).optional(),
  roles: z.array(roleSchema).min(1).max(7).optional(),
});
export type UpdateUserBody = z.infer<typeof updateUserBodySchema>;

// ---------- setup & auth ----------
export const setupStatusSchema = z.object({ needsSetup: z.boolean() });

export const setupBodySchema = z.strictObject({
  unit: createUnitBodySchema.omit({ parentId: true }),
  admin: z.strictObject({
    username: usernameSchema,
    fullName: text(200),
    password: passwordSchema,
  }),
});
export type SetupBody = z.infer<typeof setupBodySchema>;

export const loginBodySchema = z.strictObject({
  username: z.string().trim().min(1).max(64),
  password: passwordSchema,
  /**
   * Ask for a bearer token in the body (CLI and scripts). Browsers leave it out and rely on the
   * HttpOnly cookie, so page scripts never see a session token.
   */
  bearer: z.boolean().optional(),
});
export type LoginBody = z.infer<typeof loginBodySchema>;

export const sessionSchema = z.object({
  user: userSchema,
  unit: unitSchema,
  /** Send back as `x-csrf-token` on state-changing requests authenticated by the cookie. */
  csrfToken: z.string(),
  expiresAt: z.string(),
});
export type SessionInfo = z.infer<typeof sessionSchema>;

export const loginResponseSchema = sessionSchema.extend({
  /** Bearer token, only when the login asked for one (`bearer: true`). */
  token: z.string().optional(),
});
export type LoginResponse = z.infer<typeof loginResponseSchema>;

export const changePasswordBodySchema = z.strictObject({
  currentPassword: passwordSchema,
  newPassword: passwordSchema,
});

// ---------- cases ----------
export const chargeSchema = z.strictObject({
  /** Tội danh, e.g. "Trộm cắp tài sản". */
  name: text(300),
  /** Điều luật, e.g. 173. */
  article: z.number().int().min(1).max(999).nullable().default(null),
  /** Khoản/điểm, e.g. "1" or "2.c". */
  clause: z.string().trim().max(20).nullable().default(null),
  /** Bộ luật: BLHS 2015 by default. */
  law: z.string().trim().max(50).default('BLHS 2015'),
});
export type Charge = z.infer<typeof chargeSchema>;

export const partySchema = z.strictObject({
  fullName: text(200),
  /** A code from the catalogue's person_roles (BI_CAN, BI_HAI, NGUYEN_DON …). */
  roleCode: z.string().trim().min(2).max(64),
});
export type Party = z.infer<typeof partySchema>;

export const caseSchema = z.object({
  id: z.string(),
  unitId: z.string(),
  nationalCode: z.string().nullable(),
  internalNumber: z.string().nullable(),
  kind: caseKindSchema,
  title: z.string(),
  charges: z.array(chargeSchema),
  stage: caseStageSchema,
  confidentiality: confidentialitySchema,
  digitizationStatus: digitizationStatusSchema,
  parties: z.array(partySchema),
  assigneeIds: z.array(z.string()),
  createdBy: z.string().nullable(),
  createdAt: z.string(),
  updatedAt: z.string(),
});
export type Case = z.infer<typeof caseSchema>;

export const createCaseBodySchema = z.strictObject({
  /** Defaults to the creator's unit. */
  unitId: unitIdSchema.optional(),
  title: text(500),
  kind: caseKindSchema,
  nationalCode: z.string().trim().min(1).max(64).nullable().optional(),
  internalNumber: z.string().trim().min(1).max(64).nullable().optional(),
  charges: z.array(chargeSchema).max(50).default([]),
  stage: caseStageSchema.default('INVESTIGATION'),
  confidentiality: confidentialitySchema.default('NORMAL'),
  parties: z.array(partySchema).max(500).default([]),
  assigneeIds: z.array(userIdSchema).max(50).optional(),
});
export type CreateCaseBody = z.input<typeof createCaseBodySchema>;

export const updateCaseBodySchema = z.strictObject({
  title: text(500).optional(),
  nationalCode: z.string().trim().min(1).max(64).nullable().optional(),
  internalNumber: z.string().trim().min(1).max(64).nullable().optional(),
  charges: z.array(chargeSchema).max(50).optional(),
  stage: caseStageSchema.optional(),
  confidentiality: confidentialitySchema.optional(),
  parties: z.array(partySchema).max(500).optional(),
});
export type UpdateCaseBody = z.input<typeof updateCaseBodySchema>;

export const assignCaseBodySchema = z.strictObject({ assigneeIds: z.array(userIdSchema).max(50) });

export const listCasesQuerySchema = z.strictObject({
  kind: caseKindSchema.optional(),
  stage: caseStageSchema.optional(),
  unitId: unitIdSchema.optional(),
  digitizationStatus: digitizationStatusSchema.optional(),
  assignedToMe: z.enum(['true', 'false']).optional(),
  /** Free text over title, codes and parties; diacritics folded ("nguyen van" finds "Nguyễn Văn"). */
  q: z.string().trim().max(200).optional(),
  page: z.coerce.number().int().min(1).max(100_000).default(1),
  pageSize: z.coerce.number().int().min(1).max(200).default(50),
});
export type ListCasesQuery = z.input<typeof listCasesQuerySchema>;

export const caseListSchema = z.object({
  items: z.array(caseSchema),
  total: z.number(),
  page: z.number(),
  pageSize: z.number(),
});
export type CaseList = z.infer<typeof caseListSchema>;

// ---------- volumes ----------
export const volumeSchema = z.object({
  id: z.string(),
  caseId: z.string(),
  number: z.number(),
  title: z.string().nullable(),
  createdAt: z.string(),
});
export type Volume = z.infer<typeof volumeSchema>;

export const createVolumeBodySchema = z.strictObject({
  number: z.number().int().min(1).max(10_000).optional(),
  title: z.string().trim().max(300).nullable().optional(),
});
