/**
 * Test support for browser tests: the real server started as `npm start` would (a child process on
 * a free port with its own embedded database and a known admin password), the web app built first,
 * and Debian's chromium driven by playwright-core. Without chromium the tests skip with a message,
 * unless MAHNWERK_REQUIRE_SERVICES=1 (CI), where they fail.
 */
import { type ChildProcess, execFileSync, spawn } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Browser, Page } from 'playwright-core';
import { expect } from 'vitest';
import { freePort } from './server-process.ts';

export const CHROMIUM = '/usr/bin/chromium';
export const ROOT = fileURLToPath(new URL('../..', import.meta.url));
export const ADMIN_EMAIL = 'admin@example.test';
export const ADMIN_PASSWORD = 'browser-test-password';

export const hasChromium = existsSync(CHROMIUM);
if (!hasChromium && process.env.MAHNWERK_REQUIRE_SERVICES === '1') {
  throw new Error(
    `browser tests need ${CHROMIUM} (apt-get install chromium); MAHNWERK_REQUIRE_SERVICES=1 forbids skipping`,
  );
}
if (!hasChromium) console.warn(`browser tests skipped: ${CHROMIUM} not found (apt-get install chromium)`);

/** The day `days` from today as YYYY-MM-DD: the browser's and the server's (they share the clock). */
export function dayFromToday(days: number): string {
  const date = new Date();
  date.setDate(date.getDate() + days);
  return date.toLocaleDateString('sv-SE');
}

export interface RunningServer {
  url: string;
  output: () => string;
  stop: () => Promise<void>;
}

/**
 * Builds the web app if stale, then starts `node bin/server.js` on a fresh data directory.
 * `extraEnv` adds to (or overrides) its environment, e.g. a test SMTP server's MAHNWERK_SMTP_*.
 */
export async function startServer(
  extraArgs: readonly string[] = [],
  extraEnv: Readonly<Record<string, string>> = {},
): Promise<RunningServer> {
  execFileSync(process.execPath, ['scripts/build-web.mjs'], { cwd: ROOT, stdio: 'pipe' });
  const port = await freePort();
  const dataDir = mkdtempSync(join(tmpdir(), 'mahnwerk-browser-'));
  let output = '';
  const child: ChildProcess = spawn(process.execPath, ['bin/server.js', ...extraArgs], {
    cwd: ROOT,
    env: {
      ...process.env,
      PORT: String(port),
      HOST: '127.0.0.1',
      MAHNWERK_DATA_DIR: dataDir,
      MAHNWERK_ADMIN_EMAIL: ADMIN_EMAIL,
      MAHNWERK_ADMIN_PASSWORD: ADMIN_PASSWORD,
      DATABASE_URL: '',
      MAHNWERK_SMTP_HOST: '',
      ...extraEnv,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  child.stdout?.on('data', (chunk) => (output += String(chunk)));
  child.stderr?.on('data', (chunk) => (output += String(chunk)));
  const url = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + 90_000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`server exited (${child.exitCode}):\n${output}`);
    try {
      if ((await fetch(`${url}/health`)).ok) break;
    } catch {
      // not listening yet
    }
    if (Date.now() > deadline) throw new Error(`server did not start within 90 s:\n${output}`);
    await new Promise((r) => setTimeout(r, 250));
  }
  return {
    url,
    output: () => output,
    stop: async () => {
      if (child.exitCode === null) {
        const exited = new Promise((r) => child.once('exit', r));
        child.kill('SIGTERM');
        await exited;
      }
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

export async function launchChromium(): Promise<Browser> {
  const { chromium } = await import('playwright-core');
  return chromium.launch({
    executablePath: CHROMIUM,
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--no-first-run',
      '--disable-quic',
    ],
  });
}

/**
 * Logs the page in as the admin through the login form and waits for the app; returns the session's
 * CSRF token and `post`, which sends a change through the API as that session and expects 201.
 */
export async function logInAsAdmin(page: Page, serverUrl: string) {
  await page.goto(serverUrl);
  await page.getByTestId('login-email').fill(ADMIN_EMAIL);
  await page.getByTestId('login-password').fill(ADMIN_PASSWORD);
  await page.getByTestId('login-submit').click();
  await page.locator('.app-shell').waitFor();
  const { csrfToken } = (await (await page.request.get(`${serverUrl}/api/auth/me`)).json()) as {
    csrfToken: string;
  };
  const post = async (path: string, data: unknown) => {
    const response = await page.request.post(`${serverUrl}${path}`, {
      headers: { 'x-csrf-token': csrfToken },
      data,
    });
    expect(response.status(), await response.text()).toBe(201);
    return response.json();
  };
  return { csrfToken, post };
}
