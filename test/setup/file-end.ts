// Run for every test file, after its tests: close the sandboxes it started, then check every /v2 exchange they saw
// (our client's requests and the sandbox's answers) against Cal.com's published OpenAPI spec.
import { afterAll } from 'vitest';
import { openSandboxes, recordedExchanges } from '../helpers/file-scope.js';

afterAll(async () => {
  const sandboxes = [...openSandboxes];
  openSandboxes.clear();
  await Promise.all(sandboxes.map((s) => s.close()));

  const exchanges = recordedExchanges.splice(0).filter((e) => e.injected === undefined);
  if (exchanges.length === 0) return;
  // Loaded only by files that talked to a sandbox: ajv and the spec cost every other file a second or more.
  const { ContractChecker, ContractRecorder, SPEC_MISSING_REASON, specAvailable } = await import('../contract/openapi.js');
  if (!specAvailable()) {
    console.warn(`contract check skipped: ${SPEC_MISSING_REASON}`);
    return;
  }
  const recorder = new ContractRecorder(ContractChecker.load());
  for (const e of exchanges) {
    if (e.requestBody !== undefined) recorder.request(e.method, e.path, e.requestBody);
    recorder.response(e.method, e.path, e.status, e.responseBody);
  }
  recorder.assertClean();
});
