/** Exit codes of the `sohoa` command. */
export const EXIT = {
  ok: 0,
  /** The server refused the request (an `ApiError`) or a local step failed. */
  failure: 1,
  /** Bad flags or arguments: commander's errors and our own `UsageError`s. */
  usage: 2,
  /** The server could not be reached at all. */
  unreachable: 3,
  /** The user interrupted an interactive prompt (Ctrl-C), as shells report SIGINT. */
  interrupted: 130,
} as const;

/** An expected failure with a message for the user; printed without a stack trace. */
export class CliError extends Error {
  readonly exitCode: number;
  constructor({
    message,
    exitCode = EXIT.failure,
    cause,
  }: {
    message: string;
    exitCode?: number;
    cause?: unknown;
  }) {
    super(message, { cause });
    this.name = 'CliError';
    this.exitCode = exitCode;
  }
}

/** A missing or invalid flag detected by a command itself (commander detects the rest). */
export class UsageError extends CliError {
  constructor({ message }: { message: string }) {
    super({ message, exitCode: EXIT.usage });
    this.name = 'UsageError';
  }
}

/** The HTTP request never got a response: wrong URL, server down, DNS or TLS failure. */
export class ServerUnreachableError extends CliError {
  readonly url: string;
  constructor({ url, cause }: { url: string; cause: unknown }) {
    const reason = describeNetworkCause(cause);
    super({
      message: [
        `Không kết nối được tới máy chủ sohoa tại ${url}${reason}. Hãy kiểm tra địa chỉ (--url, SOHOA_URL) và máy chủ đã chạy chưa (sohoa serve).`,
        `Cannot reach the sohoa server at ${url}${reason}. Check the address (--url, SOHOA_URL) and that the server is running (sohoa serve).`,
      ].join('\n'),
      exitCode: EXIT.unreachable,
      cause,
    });
    this.name = 'ServerUnreachableError';
    this.url = url;
  }
}

/** undici wraps the system error (ECONNREFUSED, ENOTFOUND …) in `cause`. */
function describeNetworkCause(error: unknown): string {
  const cause: unknown = error instanceof Error ? error.cause : undefined;
  if (cause && typeof cause === 'object' && 'code' in cause && typeof cause.code === 'string') {
    return ` (${cause.code})`;
  }
  return '';
}
