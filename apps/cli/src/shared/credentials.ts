import { chmod, mkdir, readFile, rm, writeFile } from 'node:fs/promises';
import { homedir } from 'node:os';
import { join } from 'node:path';

export const DEFAULT_SERVER_URL = 'http://localhost:8080';

export interface Credentials {
  url: string;
  token: string;
}

/** `SOHOA_CONFIG_DIR`, else `$XDG_CONFIG_HOME/sohoa`, else `~/.config/sohoa`. */
export function getConfigDir({ env }: { env: Record<string, string | undefined> }): string {
  if (env.SOHOA_CONFIG_DIR) {
    return env.SOHOA_CONFIG_DIR;
  }
  const base = env.XDG_CONFIG_HOME || join(env.HOME || homedir(), '.config');
  return join(base, 'sohoa');
}

export function getCredentialsPath({ configDir }: { configDir: string }): string {
  return join(configDir, 'credentials.json');
}

/** Trailing slashes would double up with the client's `/api/...` paths. */
export function normalizeServerUrl(url: string): string {
  return url.trim().replace(/\/+$/, '');
}

/** The stored credentials, or null when there are none or the file is unreadable. */
export async function readCredentials({
  configDir,
}: {
  configDir: string;
}): Promise<Credentials | null> {
  let text: string;
  try {
    text = await readFile(getCredentialsPath({ configDir }), 'utf8');
  } catch {
    return null;
  }
  try {
    const parsed: unknown = JSON.parse(text);
    if (isCredentials(parsed)) {
      return { url: normalizeServerUrl(parsed.url), token: parsed.token };
    }
  } catch {
    // A corrupt file is treated as "not logged in"; the next login overwrites it.
  }
  return null;
}

/** Writes the token readable by its owner only (0600), in a 0700 directory. */
export async function writeCredentials({
  configDir,
  credentials,
}: {
  configDir: string;
  credentials: Credentials;
}): Promise<{ path: string }> {
  await mkdir(configDir, { recursive: true, mode: 0o700 });
  const path = getCredentialsPath({ configDir });
  await writeFile(path, `${JSON.stringify(credentials, null, 2)}\n`, { mode: 0o600 });
  // `mode` only applies when the file is created; tighten a pre-existing file too.
  await chmod(path, 0o600);
  return { path };
}

export async function deleteCredentials({ configDir }: { configDir: string }): Promise<void> {
  await rm(getCredentialsPath({ configDir }), { force: true });
}

function isCredentials(value: unknown): value is Credentials {
  return (
    typeof value === 'object' &&
    value !== null &&
    'url' in value &&
    'token' in value &&
    typeof value.url === 'string' &&
    typeof value.token === 'string'
  );
}
