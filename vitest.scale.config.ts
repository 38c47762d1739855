// The multi-process test at scale (npm run test:scale): PostgreSQL on this machine, a fresh schema dropped afterwards.
import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/scale/**/*.test.ts'],
    environment: 'node',
    testTimeout: 1_200_000,
    hookTimeout: 300_000,
    pool: 'forks',
    fileParallelism: false,
  },
});
