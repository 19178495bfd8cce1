// Suite-wide contract check: after each test file, every /v2 exchange its sandboxes saw (our client's requests
// and the sandbox's answers) is validated against Cal.com's published OpenAPI spec.
import { afterAll } from 'vitest';
import { recordedExchanges } from '../helpers/exchanges.js';

afterAll(async () => {
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
