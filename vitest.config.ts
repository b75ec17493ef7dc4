import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    testTimeout: 30_000,
    hookTimeout: 600_000,
    // Real gateways are ~1 GB each on a 2-core machine: keep test files from piling up.
    maxWorkers: 2,
  },
});
