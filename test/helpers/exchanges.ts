// Every /v2 exchange the file's sandboxes saw, for the suite-wide contract check; kept apart from the sandbox
// helper so that the setup file, loaded before every test file, does not load the sandbox server with it.
import type { Exchange } from '../../src/sandbox/server.js';

export const recordedExchanges: Exchange[] = [];
