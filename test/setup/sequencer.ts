// Starts the files that take longest (child processes: npm pack and install, the CLI, the worker, Chromium) first,
// so that none of them is left to run alone at the end while the other workers sit idle. Vitest's own order
// (longest first as its cache remembers, else largest file first) knows nothing on a clean checkout, as in CI.
import { BaseSequencer, type TestSpecification } from 'vitest/node';

// Longest first, as measured on 2 cores; a file missing here simply runs in vitest's order after these.
const SLOWEST = [
  'test/package/fresh-app.test.ts',
  'test/cli/cli.test.ts',
  'test/worker/worker.test.ts',
  'test/setup-page/browser.test.ts',
  'test/cli/openai-base-url.test.ts',
  'test/scenarios/shipped.test.ts',
  'test/chaos/chaos.test.ts',
  'test/integration/integrity.test.ts',
  'test/cli/exposure.test.ts',
  'test/booking/spoken.property.test.ts',
];

export default class SlowestFirst extends BaseSequencer {
  override async sort(files: TestSpecification[]): Promise<TestSpecification[]> {
    const rank = (f: TestSpecification) => {
      const i = SLOWEST.findIndex((name) => f.moduleId.endsWith(name));
      return i < 0 ? SLOWEST.length : i;
    };
    // Array.prototype.sort is stable: the rest keep vitest's order.
    return (await super.sort(files)).sort((a, b) => rank(a) - rank(b));
  }
}
