/**
 * @module server-process
 * Test support: the real server (`node bin/server.js`) as a child process on a free port, pointed
 * at a PostgreSQL database — several of them may share one, as in a deployment with more than one
 * process. The daily scheduler is kept from running on its own, so that a test decides when runs
 * happen. Requests carry an API token (no cookie, no CSRF).
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { createServer } from 'node:net';
import { ROOT } from './crash-child.ts';

export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => resolve(typeof address === 'object' && address ? address.port : 0));
    });
  });
}

export interface ServerProcess {
  url: string;
  output: () => string;
  /** `fetch` of a path with the bearer token; a JSON body is sent as JSON, a Buffer as octet-stream. */
  request(method: string, path: string, body?: unknown, token?: string): Promise<Response>;
  stop(): Promise<void>;
}

export async function startServerProcess(options: {
  databaseUrl: string;
  token?: string;
  env?: Record<string, string>;
}): Promise<ServerProcess> {
  const port = await freePort();
  let output = '';
  const child: ChildProcess = spawn(process.execPath, ['bin/server.js'], {
    cwd: ROOT,
    env: {
      ...process.env,
      PORT: String(port),
      HOST: '127.0.0.1',
      DATABASE_URL: options.databaseUrl,
      MAHNWERK_DATA_DIR: '',
      MAHNWERK_ADMIN_EMAIL: 'admin@example.test',
      MAHNWERK_ADMIN_PASSWORD: 'server-process-test-password',
      MAHNWERK_SMTP_HOST: '',
      // "HH:MM" after which the scheduler runs: never (a test starts the runs it wants).
      MAHNWERK_RUN_AFTER: '24:00',
      ...options.env,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  child.stdout?.on('data', (chunk) => (output += String(chunk)));
  child.stderr?.on('data', (chunk) => (output += String(chunk)));
  const url = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + 120_000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`server exited (${child.exitCode}):\n${output}`);
    try {
      if ((await fetch(`${url}/health`)).ok) break;
    } catch {
      // not listening yet
    }
    if (Date.now() > deadline) {
      child.kill('SIGKILL');
      throw new Error(`server did not start within 120 s:\n${output}`);
    }
    await new Promise((r) => setTimeout(r, 200));
  }
  return {
    url,
    output: () => output,
    request: (method, path, body, token = options.token) => {
      const headers: Record<string, string> = token ? { authorization: `Bearer ${token}` } : {};
      let payload: BodyInit | undefined;
      if (Buffer.isBuffer(body)) {
        headers['content-type'] = 'application/octet-stream';
        payload = new Uint8Array(body);
      } else if (body !== undefined) {
        headers['content-type'] = 'application/json';
        payload = JSON.stringify(body);
      }
      return fetch(`${url}${path}`, {
        method,
        headers,
        ...(payload === undefined ? {} : { body: payload }),
        signal: AbortSignal.timeout(60_000),
      });
    },
    stop: async () => {
      if (child.exitCode !== null || child.signalCode !== null) return;
      const exited = new Promise((r) => child.once('exit', r));
      child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), 10_000);
      await exited;
      clearTimeout(timer);
    },
  };
}
