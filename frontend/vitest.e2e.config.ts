import { defineConfig } from 'vitest/config';

import E2ESequencer from './e2e/sequencer';

// End-to-end tests drive Debian's Chromium against a running Teyi server
// (TEYI_BASE_URL). Nothing is mocked; files run one after another because
// they share the server's state.
export default defineConfig({
  test: {
    environment: 'node',
    include: ['e2e/**/*.e2e.ts'],
    fileParallelism: false,
    maxWorkers: 1,
    sequence: { concurrent: false, sequencer: E2ESequencer },
    testTimeout: 120_000,
    hookTimeout: 120_000,
    reporters: ['default'],
  },
});
