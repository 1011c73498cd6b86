import { defineConfig } from 'vitest/config';

// End-to-end specs drive Debian's Chromium against a real server; one file at a time (2 cores).
export default defineConfig({
  test: {
    include: ['e2e/**/*.e2e.ts'],
    setupFiles: ['test/setup-messages.ts'],
    testTimeout: 60_000,
    hookTimeout: 120_000,
    fileParallelism: false,
  },
});
