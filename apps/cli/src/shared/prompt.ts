import { createInterface } from 'node:readline';
import { Writable } from 'node:stream';
import { CliError, EXIT } from '../cli.errors.ts';

/** The standard input as `runCli` sees it; `isTTY` decides whether we may prompt. */
export type CliStdin = NodeJS.ReadableStream & { isTTY?: boolean };
export interface TextSink {
  write(text: string): unknown;
  /** A terminal: progress may redraw one line. */
  isTTY?: boolean;
}

/** Reads the whole standard input (for `--password-stdin`) and drops the trailing newline. */
export async function readAllStdin({ stdin }: { stdin: CliStdin }): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of stdin) {
    chunks.push(typeof chunk === 'string' ? Buffer.from(chunk) : chunk);
  }
  return Buffer.concat(chunks)
    .toString('utf8')
    .replace(/[\r\n]+$/, '');
}

/**
 * Asks one question on the terminal. Prompts go to stderr so that stdout stays clean for
 * `--json`; with `hidden` nothing typed is echoed (passwords).
 */
export async function prompt({
  stdin,
  stderr,
  question,
  hidden = false,
}: {
  stdin: CliStdin;
  stderr: TextSink;
  question: string;
  hidden?: boolean;
}): Promise<string> {
  // readline echoes keystrokes to its output; muting that output hides the password.
  const echo = new Writable({
    write(chunk: Buffer | string, _encoding, callback) {
      if (!hidden) {
        stderr.write(chunk.toString());
      }
      callback();
    },
  });
  const rl = createInterface({ input: stdin, output: echo, terminal: true });
  stderr.write(question);
  const answer = new Promise<string>((resolve, reject) => {
    const onCancel = () =>
      reject(new CliError({ message: 'Đã hủy. / Cancelled.', exitCode: EXIT.interrupted }));
    rl.once('SIGINT', onCancel);
    rl.once('close', onCancel);
    rl.once('line', (line) => {
      // Remove only our listener: readline's own 'close' handler must still detach from stdin.
      rl.off('close', onCancel);
      resolve(line);
    });
  });
  try {
    return await answer;
  } finally {
    rl.close();
    if (hidden) {
      stderr.write('\n');
    }
  }
}
