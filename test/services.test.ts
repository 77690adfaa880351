/**
 * The services the tests may need. Locally a missing PostgreSQL only skips; in CI
 * (MAHNWERK_REQUIRE_SERVICES=1) it fails, so a green CI always means the database tests ran.
 */
import pg from 'pg';
import { describe, expect, it } from 'vitest';

const required = process.env.MAHNWERK_REQUIRE_SERVICES === '1';
const databaseUrl = process.env.TEST_DATABASE_URL;

describe('test services', () => {
  it.runIf(required)('has TEST_DATABASE_URL when services are required', () => {
    expect(databaseUrl, 'TEST_DATABASE_URL must be set when MAHNWERK_REQUIRE_SERVICES=1').toBeTruthy();
  });

  it.skipIf(!databaseUrl)('reaches the PostgreSQL server of TEST_DATABASE_URL', async () => {
    const client = new pg.Client({ connectionString: databaseUrl, connectionTimeoutMillis: 5000 });
    await client.connect();
    try {
      const { rows } = await client.query<{ version: string }>('select version()');
      expect(rows[0]?.version).toMatch(/PostgreSQL/);
    } finally {
      await client.end();
    }
  });
});
