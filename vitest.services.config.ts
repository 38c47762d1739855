// Service tests (npm run test:services): PostgreSQL on this machine (each test in a fresh schema dropped afterwards), and small tmpfs mounts (root).
import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/services/**/*.test.ts'],
    // The disk tests start dist/src/main.js.
    globalSetup: ['test/support/build.ts'],
    environment: 'node',
    testTimeout: 60_000,
    hookTimeout: 60_000,
    pool: 'forks',
    fileParallelism: false,
  },
});
