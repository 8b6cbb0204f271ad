import { defineConfig } from 'vitest/config';

// API tests (each file once per database) and unit tests. `npm test` runs `vitest run`.
export default defineConfig({
  test: {
    include: ['test/api/**/*.test.ts', 'test/unit/**/*.test.ts'],
    environment: 'node',
    // Forks, not threads: better-sqlite3 and pg pools are per-process native resources.
    pool: 'forks',
    fileParallelism: true,
    globalSetup: ['test/global-setup.ts'],
    testTimeout: 20_000,
    hookTimeout: 30_000,
  },
});
