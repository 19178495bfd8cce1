// What a test file leaves for test/setup/file-end.ts to handle once its tests are done: the /v2 exchanges its
// sandboxes saw (for the contract check) and the sandboxes to close. Test files share a worker and its loaded
// modules (isolate: false), so this module is loaded once per worker; the set-up file, run again for every test
// file, empties it at each file's end.
import type { Exchange, RunningSandbox } from '../../src/sandbox/server.js';

export const recordedExchanges: Exchange[] = [];
export const openSandboxes = new Set<RunningSandbox>();
