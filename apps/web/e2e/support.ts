/*
 * What every browser test needs, in one place: Debian's Chromium (launched with the flags the issue
 * asks for), the SPA built once per source state and shared by every test file of a run (and by the
 * next run while the sources do not change), screenshots on demand, the browser errors a test must
 * end without, and signing in through the login screen.
 */
import { createHash } from 'node:crypto';
import { existsSync } from 'node:fs';
import { mkdir, readdir, readFile, rename, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';
import type { Browser, Page } from 'playwright-core';
import { build } from 'vite';

export const CHROMIUM = process.env.SOHOA_CHROMIUM ?? '/usr/bin/chromium';
export const hasChromium = existsSync(CHROMIUM);

/** The describe title: the suite's name, or why it was skipped. */
export const suiteTitle = (name: string) =>
  hasChromium ? name : `${name} — SKIPPED: ${CHROMIUM} not found (apt-get install chromium)`;

const webDir = fileURLToPath(new URL('..', import.meta.url));
const root = path.resolve(webDir, '../..');

/**
 * Everything the built SPA depends on: its sources, the shared packages it bundles, the user guide
 * it embeds (Markdown and screenshots), the lockfile.
 */
const BUILD_INPUTS = [
  'docs/guide',
  'apps/web/src',
  'apps/web/public',
  'apps/web/index.html',
  'apps/web/vite.config.ts',
  'apps/web/package.json',
  'packages/contracts/src',
  'packages/api-client/src',
  'package-lock.json',
];

async function hashInputs(): Promise<string> {
  const hash = createHash('sha256');
  const visit = async (relative: string): Promise<void> => {
    const full = path.join(root, relative);
    const info = await stat(full).catch(() => null);
    if (!info) {
      return;
    }
    if (info.isDirectory()) {
      const names = (await readdir(full)).filter((n) => n !== 'node_modules').sort();
      for (const name of names) {
        await visit(path.join(relative, name));
      }
      return;
    }
    hash.update(`${relative}\0`);
    hash.update(await readFile(full));
    hash.update('\0');
  };
  for (const input of BUILD_INPUTS) {
    await visit(input);
  }
  return hash.digest('hex').slice(0, 16);
}

/** Builds into `outDir` with the app's own vite.config.ts (never touching apps/web/dist). */
async function viteBuild(outDir: string): Promise<void> {
  // vitest sets NODE_ENV=test, which would give React's development bundle, not what users get.
  const previous = process.env.NODE_ENV;
  process.env.NODE_ENV = 'production';
  try {
    await build({
      configFile: path.join(webDir, 'vite.config.ts'),
      mode: 'production',
      logLevel: 'warn',
      build: { outDir, emptyOutDir: true },
    });
  } finally {
    if (previous === undefined) {
      delete process.env.NODE_ENV;
    } else {
      process.env.NODE_ENV = previous;
    }
  }
}

let built: Promise<string> | null = null;

/**
 * The built SPA's directory, built at most once per state of its sources: the output is kept in
 * the temporary folder under the sources' hash, so the test files of one run (and the next runs)
 * reuse it. Test files running at the same time in other workers wait for the one that builds
 * (a lock directory), instead of building it again. SOHOA_E2E_REBUILD=1 forces a fresh build.
 */
export function builtSpa(): Promise<string> {
  built ??= (async () => {
    const cacheRoot = path.join(tmpdir(), 'sohoa-web-e2e-spa');
    await mkdir(cacheRoot, { recursive: true });
    const key = await hashInputs();
    const dir = path.join(cacheRoot, key);
    const ready = () => existsSync(path.join(dir, 'index.html'));
    if (process.env.SOHOA_E2E_REBUILD === '1') {
      await rm(dir, { recursive: true, force: true });
    }
    const lock = `${dir}.lock`;
    const started = Date.now();
    while (!ready()) {
      try {
        await mkdir(lock);
      } catch {
        // Another worker builds it; a lock older than five minutes is from a crashed run.
        const age = await stat(lock).then(
          (s) => Date.now() - s.mtimeMs,
          () => 0,
        );
        if (age > 300_000) {
          await rm(lock, { recursive: true, force: true });
        } else if (Date.now() - started > 600_000) {
          throw new Error(`the SPA build in ${dir} did not finish (lock ${lock})`);
        }
        await new Promise((r) => setTimeout(r, 250));
        continue;
      }
      try {
        if (!ready()) {
          const staging = `${dir}.tmp-${String(process.pid)}`;
          await viteBuild(staging);
          await rm(dir, { recursive: true, force: true });
          await rename(staging, dir);
        }
      } finally {
        await rm(lock, { recursive: true, force: true });
      }
    }
    return dir;
  })();
  built.catch(() => {
    built = null;
  });
  return built;
}

/** Kept for files written before this module: builds into `outDir` (a copy of the shared build). */
export async function buildSpa(outDir: string): Promise<void> {
  const { cp } = await import('node:fs/promises');
  await cp(await builtSpa(), outDir, { recursive: true });
}

/**
 * The shared SPA build (builtSpa) copied to `outDir`, with the offline court package's player
 * built beside it (court-player/court-player.js), as the server's court-package export needs.
 */
export async function buildSpaWithCourtPlayer(outDir: string): Promise<void> {
  await buildSpa(outDir);
  const previous = process.env.NODE_ENV;
  process.env.NODE_ENV = 'production';
  try {
    await build({
      configFile: path.join(webDir, 'vite.player.config.ts'),
      mode: 'production',
      logLevel: 'warn',
      build: { outDir: path.join(outDir, 'court-player'), emptyOutDir: true },
    });
  } finally {
    if (previous === undefined) {
      delete process.env.NODE_ENV;
    } else {
      process.env.NODE_ENV = previous;
    }
  }
}

/** Debian's Chromium, headless, with the flags of the issue (no network chatter, no first run). */
export function launchChromium({ args = [] }: { args?: string[] } = {}): Promise<Browser> {
  return chromium.launch({
    executablePath: CHROMIUM,
    headless: true,
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-background-networking',
      '--disable-component-update',
      '--no-first-run',
      '--disable-sync',
      '--disable-quic',
      ...args,
    ],
  });
}

/** Set SOHOA_E2E_SCREENSHOTS=<dir> to keep screenshots for a visual check (never committed). */
const screenshotDir = process.env.SOHOA_E2E_SCREENSHOTS;

export async function screenshot(
  page: Page,
  name: string,
  { fullPage = false }: { fullPage?: boolean } = {},
): Promise<void> {
  if (screenshotDir) {
    await mkdir(screenshotDir, { recursive: true });
    await page.screenshot({ path: path.join(screenshotDir, `${name}.png`), fullPage });
  }
}

/**
 * Collects what a user must never meet: script errors, CSP violations and console errors. Chromium
 * also logs "Failed to load resource" for every non-2xx answer, which the screens expect at times
 * (a 401 of /api/auth/me before signing in, a 400 of a refused form): those are collected apart, in
 * `failedResources`, and only 5xx answers count as errors. Assert `errors` is empty at the end.
 */
export function watchBrowserErrors(page: Page): { errors: string[]; failedResources: string[] } {
  const errors: string[] = [];
  const failedResources: string[] = [];
  page.on('pageerror', (error) => errors.push(error.message));
  page.on('console', (message) => {
    if (message.type() !== 'error') {
      return;
    }
    if (message.text().startsWith('Failed to load resource')) {
      failedResources.push(`${message.text()} ${message.location().url}`);
    } else {
      errors.push(message.text());
    }
  });
  page.on('response', (response) => {
    if (response.status() >= 500) {
      errors.push(`${String(response.status())} ${response.request().method()} ${response.url()}`);
    }
  });
  return { errors, failedResources };
}

/** Signs in through the login screen (Vietnamese labels) and waits for the shell. */
export async function signIn(
  page: Page,
  { username, password }: { username: string; password: string },
): Promise<void> {
  await page.getByLabel('Tên đăng nhập').fill(username);
  await page.getByLabel('Mật khẩu', { exact: true }).fill(password);
  await page.getByRole('button', { name: 'Đăng nhập' }).click();
  await page.getByRole('button', { name: 'Đăng xuất' }).waitFor();
}
