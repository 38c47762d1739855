// Service tests (npm run test:services): PostgreSQL on this machine, each test in a fresh schema dropped afterwards.
import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/services/**/*.test.ts'],
    environment: 'node',
    testTimeout: 60_000,
    hookTimeout: 60_000,
    pool: 'forks',
    fileParallelism: false,
  },
});
