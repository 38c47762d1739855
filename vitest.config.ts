// Test runner configuration: node environment, tests under test/ (the slow install test apart), dist/ built first.
import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    // The install test and the suites that need PostgreSQL (npm run test:services, test:scale) run apart; .ci/run runs them all.
    exclude: ['test/install/**', 'test/services/**', 'test/scale/**', 'node_modules/**'],
    globalSetup: ['test/support/build.ts'],
    environment: 'node',
    testTimeout: 20_000,
    hookTimeout: 30_000,
    pool: 'forks',
  },
});
