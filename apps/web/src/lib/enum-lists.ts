import {
  CASE_KIND_LABELS,
  CASE_STAGE_LABELS,
  CONFIDENTIALITY_LABELS,
  DIGITIZATION_STATUS_LABELS,
  type CaseKind,
  type CaseStage,
  type Confidentiality,
  type DigitizationStatus,
} from '@sohoa/contracts';

/*
 * The values of the case enums, in their canonical order, read from the label tables rather than
 * imported from the contracts' enums module: that module builds zod schemas at load, which would
 * pull zod into the SPA bundle. A unit test checks both lists agree.
 */
export const CASE_KINDS = Object.keys(CASE_KIND_LABELS) as CaseKind[];
export const CASE_STAGES = Object.keys(CASE_STAGE_LABELS) as CaseStage[];
export const CONFIDENTIALITY_LEVELS = Object.keys(CONFIDENTIALITY_LABELS) as Confidentiality[];
export const DIGITIZATION_STATUSES = Object.keys(
  DIGITIZATION_STATUS_LABELS,
) as DigitizationStatus[];
