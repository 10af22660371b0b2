// Test projects: unit/integration tests beside the code on Node, the control plane inside workerd,
// and the cross-package tests of test/.
import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    // vitest's default is one worker per core minus one: a single worker on a 2-core CI machine, while
    // most test files wait on sockets, child processes and containers rather than compute.
    maxWorkers: 2,
    projects: [
      {
        test: {
          name: 'node',
          include: ['{protocol,templates,host-agent,control-plane,dashboard}/src/**/*.test.{ts,tsx}'],
          exclude: ['**/*.workers.test.ts', '**/node_modules/**'],
          testTimeout: 30_000,
          hookTimeout: 60_000,
        },
      },
      './control-plane/vitest.workers.config.ts',
      {
        test: {
          name: 'e2e',
          include: ['test/**/*.test.ts'],
          testTimeout: 120_000,
          hookTimeout: 180_000,
          fileParallelism: false,
        },
      },
    ],
  },
});
