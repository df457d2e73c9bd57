import { defineConfig } from 'vitest/config';

// Three projects: `unit` runs in Node (fake-indexeddb, MSW), `dom` renders Preact
// components into happy-dom, `e2e` drives the built
// app in Debian's Chromium through playwright-core (see tests/e2e/browser.ts).
export default defineConfig({
  test: {
    projects: [
      {
        test: {
          name: 'unit',
          include: ['tests/unit/**/*.test.ts'],
          environment: 'node',
        },
      },
      {
        test: {
          name: 'dom',
          include: ['tests/dom/**/*.test.tsx'],
          environment: 'happy-dom',
        },
      },
      {
        test: {
          name: 'e2e',
          include: ['tests/e2e/**/*.test.ts'],
          environment: 'node',
          testTimeout: 120_000,
          hookTimeout: 180_000,
          // One browser at a time: the machine has 2 cores and SwiftShader renders on the CPU.
          fileParallelism: false,
        },
      },
    ],
  },
});
