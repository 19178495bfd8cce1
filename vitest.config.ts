import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vitest/config';

const src = (file: string) => fileURLToPath(new URL(`./src/${file}`, import.meta.url));

export default defineConfig({
  // examples/ import the package by name, as a user's app does; in the repository that name is the source.
  resolve: {
    alias: [
      { find: /^cal-booking-action\/livekit$/, replacement: src('livekit.ts') },
      { find: /^cal-booking-action$/, replacement: src('index.ts') },
    ],
  },
  test: {
    include: ['test/**/*.test.ts', 'src/**/*.test.ts'],
    // Generous: many tests spawn the CLI or a child Node, which on a shared, busy 2-core machine can take a minute.
    testTimeout: 120_000,
    hookTimeout: 120_000,
    pool: 'forks',
    // Most files spend their time waiting on child processes and sockets rather than on the CPU, so more files run
    // at once than there are cores (vitest's default here is cores - 1, one file at a time on 2 cores); the CLI
    // tests, each a child process, run up to 3 at once within their file. More oversubscribes a shared machine.
    maxWorkers: 3,
    maxConcurrency: 3,
    globalSetup: ['test/setup/build.ts'],
    setupFiles: ['test/setup/contract.ts'],
    reporters: ['default', './test/setup/skip-reasons.ts'],
  },
});
