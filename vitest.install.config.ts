// The install test (npm run test:install): a production install from the npm cache, minutes long, apart from npm test.
import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/install/**/*.test.ts'],
    environment: 'node',
    testTimeout: 600_000,
    hookTimeout: 600_000,
    globalSetup: ['test/support/build.ts'],
  },
});
