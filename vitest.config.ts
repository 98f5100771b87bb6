import { defineConfig } from 'vitest/config';

// `npm test`: unit tests (domain code against temporary SQLite files) and integration tests
// (the built server over HTTP). Browser tests have their own config: vitest.e2e.config.ts.
export default defineConfig({
  test: {
    projects: [
      { test: { name: 'unit', include: ['tests/unit/**/*.test.ts'] } },
      {
        test: {
          name: 'integration',
          include: ['tests/integration/**/*.test.ts'],
          testTimeout: 60_000,
          hookTimeout: 240_000,
        },
      },
    ],
  },
});
