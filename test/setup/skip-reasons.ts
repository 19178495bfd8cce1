// A reporter that ends the run with one line per skipped test, so a live test skipped for want of a key says so
// (its suite's name carries the reason, e.g. "Cal.com live (skipped: CALCOM_API_KEY not set)").
import type { Reporter, TestModule } from 'vitest/node';

export default class SkipReasons implements Reporter {
  onTestRunEnd(modules: ReadonlyArray<TestModule>): void {
    const lines = modules.flatMap((m) => [...m.children.allTests('skipped')].map((t) => `  ↓ ${m.moduleId.replace(`${process.cwd()}/`, '')}: ${t.fullName}`));
    if (lines.length) console.log(`\nSkipped (${lines.length}):\n${lines.join('\n')}`);
  }
}
