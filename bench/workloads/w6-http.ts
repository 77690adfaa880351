/**
 * @module w6-http
 * W6: the server of `buildServer` over the shared data set, loaded by autocannon from a second
 * process (10 connections): GET one invoice, and a list of 50 invoices, with an API token. Floor:
 * the same server answering a static JSON route added in this process only. In the figures the
 * times are the p99 latency (median, min–max over runs) and "per second" the requests per second.
 */
import { spawn } from 'node:child_process';
import { createRequire } from 'node:module';
import type { AddressInfo } from 'node:net';
import { benchTenantId, contextFor, openBenchDatabase, rawQuery } from '../bench-database.ts';
import {
  check,
  type Figure,
  peakRssMb,
  processPeakRssMb,
  resetPeakRss,
  round1,
  type WorkloadReport,
} from '../bench-measure.ts';
import { buildServer } from '../../src/server/main.ts';
import { createApiToken } from '../../src/services/auth-service.ts';
import type { WorkloadArgs } from './workload-args.ts';

const CONNECTIONS = 10;

interface Load {
  requestsPerSecond: number;
  p99Ms: number;
  requests: number;
  errors: number;
}

/** autocannon in a process of its own, so that the load generator does not share the server's event loop. */
function load(url: string, token: string, seconds: number): Promise<Load> {
  const bin = createRequire(import.meta.url).resolve('autocannon/autocannon.js');
  return new Promise((resolve, reject) => {
    const child = spawn(
      process.execPath,
      [
        bin,
        '-c',
        String(CONNECTIONS),
        '-d',
        String(seconds),
        '-j',
        '-H',
        `Authorization=Bearer ${token}`,
        url,
      ],
      { stdio: ['ignore', 'pipe', 'ignore'] },
    );
    let out = '';
    child.stdout.on('data', (chunk: Buffer) => (out += chunk.toString()));
    child.on('error', reject);
    child.on('close', (code) => {
      if (code !== 0) return reject(new Error(`autocannon exited with ${code}`));
      const result = JSON.parse(out) as {
        requests: { average: number; total: number };
        latency: { p99: number };
        non2xx: number;
        errors: number;
      };
      resolve({
        requestsPerSecond: result.requests.average,
        p99Ms: result.latency.p99,
        requests: result.requests.total,
        errors: result.errors + result.non2xx,
      });
    });
  });
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)] as number;
}

export async function benchHttp(args: WorkloadArgs): Promise<WorkloadReport> {
  const database = await openBenchDatabase(args.target);
  const app = await buildServer(database, { webDist: '/nonexistent' });
  try {
    const tenantId = await benchTenantId(database.db);
    const { token } = await createApiToken(contextFor(database.db, tenantId), {
      name: 'bench',
      role: 'viewer',
    });
    const [middle] = await rawQuery<{ id: number | string }>(
      database.db,
      `select id from invoices where tenant_id = ${tenantId} order by id offset ${Math.floor(args.scale / 2)} limit 1`,
    );
    app.get('/bench/static', async () => ({ status: 'ok', service: 'mahnwerk' }));
    await app.listen({ port: 0, host: '127.0.0.1' });
    const base = `http://127.0.0.1:${(app.server.address() as AddressInfo).port}`;
    const endpoints = [
      { id: 'W6-invoice', what: 'GET one invoice', url: `${base}/api/invoices/${middle?.id}` },
      { id: 'W6-list', what: 'list 50 invoices', url: `${base}/api/invoices?limit=50` },
      { id: 'W6-floor', what: 'static JSON route', url: `${base}/bench/static` },
    ];
    const loads = new Map(endpoints.map((e) => [e.id, [] as Load[]]));
    const peaks = new Map(endpoints.map((e) => [e.id, 0]));
    for (let r = 0; r < args.runs; r++) {
      for (const endpoint of endpoints) {
        resetPeakRss();
        const result = await load(endpoint.url, token, args.durationSeconds);
        peaks.set(endpoint.id, Math.max(peaks.get(endpoint.id) ?? 0, peakRssMb()));
        loads.get(endpoint.id)?.push(result);
        process.stderr.write(
          `  ${endpoint.id}: run ${r + 1} ${Math.round(result.requestsPerSecond)} req/s, p99 ${result.p99Ms} ms\n`,
        );
      }
    }
    const figures: Figure[] = endpoints.map((endpoint) => {
      const runs = loads.get(endpoint.id) ?? [];
      const p99 = runs.map((l) => l.p99Ms);
      return {
        id: endpoint.id,
        what: endpoint.what,
        items: runs.reduce((sum, l) => sum + l.requests, 0),
        medianMs: round1(median(p99)),
        minMs: round1(Math.min(...p99)),
        maxMs: round1(Math.max(...p99)),
        perSecond: Math.round(median(runs.map((l) => l.requestsPerSecond))),
        peakRssMb: peaks.get(endpoint.id) ?? 0,
        detail: `p99 latency; ${CONNECTIONS} connections, ${runs.reduce((sum, l) => sum + l.errors, 0)} errors`,
      };
    });
    const floor = figures[2] as Figure;
    for (const figure of figures.slice(0, 2)) {
      floor.floorOf = floor.floorOf ? `${floor.floorOf},${figure.id}` : figure.id;
      // For throughput the ratio is floor/workload: how many times fewer requests the real route serves.
      figure.ratio = Math.round((floor.perSecond / Math.max(figure.perSecond, 1)) * 100) / 100;
    }
    return {
      id: 'W6',
      figures,
      targets: figures
        .slice(0, 2)
        .flatMap((f) => [
          check('W6', `${f.what} ≥ 2,000 req/s`, `${f.perSecond} req/s`, f.perSecond >= 2_000),
          check('W6', `${f.what} p99 ≤ 25 ms`, `${f.medianMs} ms`, f.medianMs <= 25),
        ]),
      processPeakRssMb: processPeakRssMb(),
    };
  } finally {
    await app.close();
    await database.close();
  }
}
