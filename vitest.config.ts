import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['src/**/*.test.ts', 'test/**/*.test.ts', 'web/src/**/*.test.ts'],
    environment: 'node',
    pool: 'forks',
    testTimeout: 20_000,
    // CI asks for a machine-readable report to compute its closing line from.
    reporters: process.env.MAHNWERK_TEST_REPORT ? ['default', 'json'] : ['default'],
    outputFile: process.env.MAHNWERK_TEST_REPORT ? { json: process.env.MAHNWERK_TEST_REPORT } : undefined,
  },
});
