/**
 * A failure the domain knows about. It carries a stable dotted `code` (e.g. `case.not_found`) and
 * no HTTP status: the one code → status table lives in app/middlewares/errors.middleware.ts.
 */
export class DomainError extends Error {
  readonly code: string;
  readonly isInternal: boolean;
  readonly details: Record<string, unknown> | undefined;
  constructor({
    code,
    message,
    cause,
    isInternal = false,
    details,
  }: {
    code: string;
    message?: string;
    cause?: unknown;
    isInternal?: boolean;
    details?: Record<string, unknown>;
  }) {
    super(message ?? code, { cause });
    this.name = 'DomainError';
    this.code = code;
    this.isInternal = isInternal;
    this.details = details;
  }
}

export function createError(args: {
  code: string;
  message?: string;
  cause?: unknown;
  isInternal?: boolean;
  details?: Record<string, unknown>;
}): DomainError {
  return new DomainError(args);
}

export function isDomainError(error: unknown): error is DomainError {
  return error instanceof DomainError;
}

/** Builds a zero-argument error factory for a fixed code (the usual shape of `<feature>.errors.ts`). */
export function defineError(code: string) {
  return (args: { cause?: unknown; details?: Record<string, unknown> } = {}) =>
    createError({ code, ...args });
}
