import { fileURLToPath } from 'node:url';
import { configDefaults, defineConfig } from 'vitest/config';
import SlowestFirst from './test/setup/sequencer.js';

const src = (file: string) => fileURLToPath(new URL(`./src/${file}`, import.meta.url));

// Files that need modules loaded fresh: the README's sample reads OPENAI_API_KEY through the OpenAI plugin, which
// takes its default key from the environment when it is first loaded, before this test has set the key.
const ISOLATED = ['test/examples/agent-example.test.ts'];

export default defineConfig({
  // examples/ import the package by name, as a user's app does; in the repository that name is the source.
  resolve: {
    alias: [
      { find: /^cal-booking-action\/livekit$/, replacement: src('livekit.ts') },
      { find: /^cal-booking-action$/, replacement: src('index.ts') },
    ],
  },
  test: {
    // Generous: many tests spawn the CLI or a child Node, which on a shared, busy 2-core machine can take a minute.
    testTimeout: 120_000,
    hookTimeout: 120_000,
    pool: 'forks',
    // Most files spend their time waiting on child processes and sockets rather than on the CPU, so more files run
    // at once than there are cores (vitest's default here is cores - 1, one file at a time on 2 cores); the CLI
    // tests, each a child process, run up to 3 at once within their file. More oversubscribes a shared machine.
    maxWorkers: 3,
    maxConcurrency: 3,
    // Files share a worker process and its loaded modules (isolate: false): loading LiveKit, zod and the source again
    // for every file took half the suite's CPU time. So a file leaves no state behind: what it changes in the
    // environment it undoes, and the sandboxes the helpers start are closed, and their exchanges checked, by
    // test/setup/file-end.ts, which runs again for every file. ISOLATED files get a fresh process each.
    projects: [
      { extends: true, test: { name: 'shared', isolate: false, include: ['test/**/*.test.ts', 'src/**/*.test.ts'], exclude: [...configDefaults.exclude, ...ISOLATED] } },
      { extends: true, test: { name: 'isolated', isolate: true, include: ISOLATED } },
    ],
    sequence: { sequencer: SlowestFirst },
    globalSetup: ['test/setup/build.ts'],
    setupFiles: ['test/setup/file-end.ts'],
    reporters: ['default', './test/setup/skip-reasons.ts'],
  },
});
