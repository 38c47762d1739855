// Test runner configuration: node environment, tests under test/ (the slow install test apart), dist/ built first.
import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    exclude: ['test/install/**'],
    globalSetup: ['test/support/build.ts'],
    environment: 'node',
    testTimeout: 20_000,
    hookTimeout: 30_000,
    pool: 'forks',
  },
});
