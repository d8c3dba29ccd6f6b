import { ERROR_MESSAGES, type ApiErrorBody, type ErrorCode } from '@sohoa/contracts';
import type { Context } from 'hono';
import { HTTPException } from 'hono/http-exception';
import type { ContentfulStatusCode } from 'hono/utils/http-status';
import { isDomainError } from '../../shared/errors/errors.ts';
import type { Logger } from '../../shared/logger/logger.ts';
import { languageOf } from './language.ts';

/** THE code → HTTP status table. Domain errors never carry statuses (CONVENTIONS.md §8). */
const STATUS_BY_CODE: Record<string, ContentfulStatusCode> = {
  'request.invalid': 400,
  'request.malformed_json': 400,
  'request.too_large': 413,
  'route.not_found': 404,
  'auth.required': 401,
  'auth.invalid_credentials': 401,
  'auth.account_disabled': 403,
  'auth.too_many_attempts': 429,
  'auth.csrf_failed': 403,
  'auth.cross_origin': 403,
  'auth.wrong_current_password': 400,
  'auth.weak_password': 400,
  'access.forbidden': 403,
  'setup.already_done': 409,
  'setup.required': 409,
  'unit.not_found': 404,
  'unit.code_taken': 409,
  'unit.invalid_level': 400,
  'user.not_found': 404,
  'user.username_taken': 409,
  'user.cannot_disable_self': 400,
  'case.not_found': 404,
  'case.national_code_taken': 409,
  'case.invalid_assignee': 400,
  'case.invalid_party_role': 400,
  'volume.not_found': 404,
  'page.not_found': 404,
  'annotation.not_found': 404,
  'map.not_found': 404,
  'map.version_conflict': 409,
  'map.import_invalid': 400,
  'exhibit.not_found': 404,
  'exhibit.order_mismatch': 409,
  'exhibit.media_unsupported': 415,
  'exhibit.media_too_large': 413,
  'presentation.not_found': 404,
  'presentation.not_presenter': 403,
  'court_package.player_missing': 503,
  'document.not_found': 404,
  'structure.edit_not_found': 404,
  'structure.page_not_splittable': 400,
  'structure.documents_not_adjacent': 400,
  'structure.boundary_out_of_range': 400,
  'structure.unknown_type': 400,
  'structure.unknown_section': 400,
  'structure.unknown_person_role': 400,
  'structure.edit_already_reverted': 409,
  'structure.not_ready': 409,
  'volume.number_taken': 409,
  'blob.not_found': 404,
  'blob.invalid_range': 416,
  'export.ocr_unfinished': 409,
  'export.source_missing': 409,
  'export.no_pages': 409,
  'export.bad_image': 409,
  'export.manifest_not_found': 404,
  'export.disk_full': 507,
  'export.write_failed': 500,
  'export.verification_failed': 500,
  'package.case_exists': 409,
  'package.corrupt': 400,
  'package.unsafe_entry': 400,
  'package.unsupported_format': 422,
  'package.unsupported_version': 422,
  'package.manifest_invalid': 422,
  'package.manifest_tampered': 422,
  'package.entry_mismatch': 422,
  'package.entry_missing': 422,
  'package.case_not_ready': 409,
  'package.blob_missing': 409,
  'package.too_large': 413,
  'digitization.transition_not_allowed': 409,
  'digitization.role_not_allowed': 403,
  'digitization.reason_required': 400,
  'digitization.checklist_incomplete': 409,
  'digitization.state_changed': 409,
  'digitization.unknown_anomaly': 400,
  'digitization.explanation_not_found': 404,
  'hearing.not_found': 404,
  'hearing.invalid_presenter': 400,
  'hearing.invalid_page': 400,
  'dashboard.target_not_found': 404,
  'dashboard.invalid_period': 400,
};

export function statusForCode(code: string): ContentfulStatusCode {
  return STATUS_BY_CODE[code] ?? 500;
}

export function errorBody({
  code,
  language,
  issues,
}: {
  code: string;
  language: 'vi' | 'en';
  issues?: ApiErrorBody['error']['issues'];
}): ApiErrorBody {
  const messages = ERROR_MESSAGES[code as ErrorCode] ?? ERROR_MESSAGES['internal.error'];
  return { error: { code, message: messages[language], messages, ...(issues ? { issues } : {}) } };
}

/** Hono `onError`: domain errors by their code, everything unknown as a bare 500. */
export function createErrorHandler({ logger }: { logger: Logger }) {
  return (error: Error, c: Context) => {
    const language = languageOf(c);
    if (isDomainError(error) && !error.isInternal && STATUS_BY_CODE[error.code]) {
      const issues = error.details?.issues as ApiErrorBody['error']['issues'] | undefined;
      return c.json(
        errorBody({ code: error.code, language, ...(issues ? { issues } : {}) }),
        statusForCode(error.code),
      );
    }
    if (error.name === 'ZodError' && Array.isArray((error as { issues?: unknown }).issues)) {
      // Validation done by hand in plain (non-OpenAPI) routes.
      const issues = (
        error as unknown as { issues: Array<{ path: PropertyKey[]; message: string }> }
      ).issues.map((i) => ({ path: i.path.map(String).join('.'), message: i.message }));
      return c.json(errorBody({ code: 'request.invalid', language, issues }), 400);
    }
    if (error instanceof HTTPException && error.status < 500) {
      // Raised by Hono itself: a body that is not JSON, or over the size limit.
      const code =
        error.status === 413
          ? 'request.too_large'
          : /json/i.test(error.message)
            ? 'request.malformed_json'
            : 'request.invalid';
      return c.json(errorBody({ code, language }), statusForCode(code));
    }
    logger.error(
      { err: error, path: c.req.path, reqId: c.get('requestId' as never) as string | undefined },
      'unhandled error',
    );
    return c.json(errorBody({ code: 'internal.error', language }), 500);
  };
}
