import { defineConfig } from 'vitest/config';

// `npm run test:e2e`: the built site in headless Chromium (Debian's, driven by playwright-core).
// Screenshots and the printed letter are kept in test-results/ as artifacts.
export default defineConfig({
  test: {
    name: 'e2e',
    include: ['tests/e2e/**/*.test.ts'],
    testTimeout: 120_000,
    hookTimeout: 120_000,
    fileParallelism: false,
  },
});
