import { mkdtemp, rm } from 'node:fs/promises';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { runCli } from './run-cli.ts';

export interface CliRun {
  code: number;
  stdout: string;
  stderr: string;
  /** stdout parsed as JSON (for `--json` runs). */
  json: <T = unknown>() => T;
}

/**
 * Runs `runCli` in-process with a private config directory and captured output; stdin is not a
 * TTY, so the CLI never prompts.
 *
 * @example
 * const cli = await createTestCli();
 * const { code, stdout } = await cli.run(['case', 'list'], { stdin: 'secret\n' });
 * await cli.cleanup();
 */
export async function createTestCli({ env = {} }: { env?: Record<string, string> } = {}) {
  const configDir = await mkdtemp(join(tmpdir(), 'sohoa-cli-'));
  const baseEnv = { HOME: configDir, SOHOA_CONFIG_DIR: configDir, ...env };

  async function run(
    argv: string[],
    { stdin = '', env: extraEnv = {} }: { stdin?: string; env?: Record<string, string> } = {},
  ): Promise<CliRun> {
    let stdout = '';
    let stderr = '';
    const code = await runCli({
      argv,
      env: { ...baseEnv, ...extraEnv },
      stdout: { write: (text: string) => (stdout += text) },
      stderr: { write: (text: string) => (stderr += text) },
      stdin: Readable.from([stdin]),
    });
    return { code, stdout, stderr, json: <T>() => JSON.parse(stdout) as T };
  }

  return {
    configDir,
    run,
    cleanup: () => rm(configDir, { recursive: true, force: true }),
  };
}

/** A local URL with nothing listening on it, for "server unreachable" cases. */
export async function closedPortUrl(): Promise<string> {
  const probe = createServer();
  await new Promise<void>((resolve) => probe.listen(0, '127.0.0.1', resolve));
  const address = probe.address();
  await new Promise((resolve) => probe.close(resolve));
  if (address === null || typeof address === 'string') {
    throw new Error('no TCP address');
  }
  return `http://127.0.0.1:${address.port}`;
}
