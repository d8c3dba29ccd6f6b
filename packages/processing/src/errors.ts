/**
 * A failure of pure processing with a stable code (listed with its messages in
 * @sohoa/contracts processing-errors.ts). The server maps it to a per-file or per-page error.
 */
export class ProcessingError extends Error {
  readonly code: string;
  readonly details: Record<string, unknown> | undefined;
  constructor({
    code,
    message,
    cause,
    details,
  }: {
    code: string;
    message?: string;
    cause?: unknown;
    details?: Record<string, unknown>;
  }) {
    super(message ?? code, { cause });
    this.name = 'ProcessingError';
    this.code = code;
    this.details = details;
  }
}

export function isProcessingError(error: unknown): error is ProcessingError {
  return error instanceof ProcessingError;
}
