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
    testTimeout: 20_000,
    hookTimeout: 20_000,
    pool: 'forks',
    setupFiles: ['test/setup/contract.ts'],
    reporters: ['default', './test/setup/skip-reasons.ts'],
  },
});
