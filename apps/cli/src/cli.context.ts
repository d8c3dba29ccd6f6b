import { createApiClient, type ApiClient } from '@sohoa/api-client';
import type { Language } from '@sohoa/contracts';
import type { Command } from 'commander';
import { ServerUnreachableError, UsageError } from './cli.errors.ts';
import { resolveLanguage, type Bilingual } from './cli.i18n.ts';
import {
  DEFAULT_SERVER_URL,
  getConfigDir,
  normalizeServerUrl,
  readCredentials,
} from './shared/credentials.ts';
import { ID_NAMES, loadNames } from './shared/names.ts';
import { prompt, readAllStdin, type CliStdin, type TextSink } from './shared/prompt.ts';

/** What a run of the CLI receives from its process (or from a test). */
export interface CliIo {
  /** User arguments, without `node` and the script path (`process.argv.slice(2)`). */
  argv: string[];
  env: Record<string, string | undefined>;
  stdout: TextSink;
  stderr: TextSink;
  stdin: CliStdin;
}

/** Options every command accepts (declared on the root program). */
export interface GlobalOptions {
  json?: boolean;
  lang?: Language;
  url?: string;
}

/**
 * Everything a command needs: output in the chosen language and format, prompts, and an API
 * client for the resolved server. Global options are read lazily, after commander parsed them.
 */
export function createCliContext({ io, program }: { io: CliIo; program: Command }) {
  const globals = () => program.opts<GlobalOptions>();
  const lang = () => resolveLanguage({ flag: globals().lang, env: io.env });
  const say = (text: Bilingual) => text[lang()];
  const isInteractive = () => io.stdin.isTTY === true;
  const configDir = getConfigDir({ env: io.env });

  /** `--url`, else `SOHOA_URL`, else the URL logged in to, else the local default. */
  async function resolveServer() {
    const credentials = await readCredentials({ configDir });
    const url = normalizeServerUrl(
      globals().url ?? io.env.SOHOA_URL ?? credentials?.url ?? DEFAULT_SERVER_URL,
    );
    // A stored token is only sent to the server that issued it, never to another --url.
    const storedToken = credentials?.url === url ? credentials.token : undefined;
    return { url, token: io.env.SOHOA_TOKEN || storedToken };
  }

  /** An API client for the resolved server, or for `server` when given (logout). */
  async function createApi({
    server,
  }: { server?: { url: string; token: string | undefined } } = {}): Promise<{
    api: ApiClient;
    url: string;
  }> {
    const { url, token } = server ?? (await resolveServer());
    const api = createApiClient({
      baseUrl: url,
      token,
      // Network failures become one typed error, so they can exit with their own code.
      fetch: async (input, init) => {
        try {
          return await globalThis.fetch(input, init);
        } catch (error) {
          throw new ServerUnreachableError({ url, cause: error });
        }
      },
    });
    api.setLanguage(lang());
    return { api, url };
  }

  /** `--password-stdin` reads the whole input; otherwise a hidden prompt on a terminal. */
  async function readPassword({
    fromStdin,
    confirm = false,
  }: {
    fromStdin: boolean | undefined;
    confirm?: boolean;
  }): Promise<string> {
    if (fromStdin) {
      const password = await readAllStdin({ stdin: io.stdin });
      if (!password) {
        throw new UsageError({
          message: say({
            vi: 'Không đọc được mật khẩu từ stdin.',
            en: 'No password on standard input.',
          }),
        });
      }
      return password;
    }
    if (!isInteractive()) {
      throw new UsageError({
        message: say({
          vi: 'Cần mật khẩu: dùng --password-stdin (ví dụ: sohoa … --password-stdin < tệp-mật-khẩu) hoặc chạy trong terminal.',
          en: 'A password is needed: use --password-stdin (e.g. sohoa … --password-stdin < password-file) or run in a terminal.',
        }),
      });
    }
    const ask = (question: Bilingual) =>
      prompt({ stdin: io.stdin, stderr: io.stderr, question: say(question), hidden: true });
    const password = await ask({ vi: 'Mật khẩu: ', en: 'Password: ' });
    if (
      confirm &&
      (await ask({ vi: 'Nhập lại mật khẩu: ', en: 'Repeat password: ' })) !== password
    ) {
      throw new UsageError({
        message: say({ vi: 'Hai mật khẩu không khớp.', en: 'The passwords do not match.' }),
      });
    }
    return password;
  }

  /** Returns the flag's value, prompting for it when missing and the terminal is interactive. */
  async function valueOrPrompt({
    value,
    question,
    canPrompt,
  }: {
    value: string | undefined;
    question: Bilingual;
    canPrompt: boolean;
  }): Promise<string | undefined> {
    if (value || !canPrompt) {
      return value;
    }
    const answer = await prompt({ stdin: io.stdin, stderr: io.stderr, question: say(question) });
    return answer.trim() || undefined;
  }

  return {
    io,
    configDir,
    lang,
    say,
    isInteractive,
    isJson: () => globals().json === true,
    /** Names for ids in human output; skipped (ids as they are) with `--json`. */
    names: ({ api, users = false }: { api: ApiClient; users?: boolean }) =>
      globals().json ? Promise.resolve(ID_NAMES) : loadNames({ api, users }),
    resolveServer,
    createApi,
    readPassword,
    valueOrPrompt,
    /** Prints `value` as JSON with `--json`, else the human rendering. */
    output(value: unknown, human: () => string) {
      io.stdout.write(
        globals().json ? `${JSON.stringify(value, null, 2)}\n` : ensureNewline(human()),
      );
    },
    /** A human-only notice on stderr (progress, hints); silent with `--json`. */
    note(text: Bilingual) {
      if (!globals().json) {
        io.stderr.write(ensureNewline(say(text)));
      }
    },
  };
}

export type CliContext = ReturnType<typeof createCliContext>;

const ensureNewline = (text: string) => (text.endsWith('\n') ? text : `${text}\n`);
