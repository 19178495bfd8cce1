// Suite-wide contract check: after each test file, every /v2 exchange its sandboxes saw (our client's requests
// and the sandbox's answers) is validated against Cal.com's published OpenAPI spec.
import { afterAll } from 'vitest';
import { ContractChecker, ContractRecorder, SPEC_MISSING_REASON, specAvailable } from '../contract/openapi.js';
import { recordedExchanges } from '../helpers/sandbox.js';

afterAll(() => {
  const exchanges = recordedExchanges.splice(0).filter((e) => e.injected === undefined);
  if (exchanges.length === 0) return;
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
