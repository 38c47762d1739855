// Test runner configuration: node environment, tests under test/, no watch in CI.
import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    // Service tests need PostgreSQL: npm run test:services and npm run test:scale, which .ci/run runs too.
    exclude: ['test/services/**', 'test/scale/**', 'node_modules/**'],
    environment: 'node',
    testTimeout: 20_000,
    hookTimeout: 30_000,
    pool: 'forks',
  },
});
