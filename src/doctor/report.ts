// How doctor prints: one line per check as soon as it is known, the product description's cause and fix under a
// failure, and a tally that decides the exit code.
export interface Remedy {
  cause: string;
  fix: string;
}

export class Report {
  readonly #out: (line: string) => void;
  readonly counts = { passed: 0, warnings: 0, failed: 0, skipped: 0 };

  constructor(out: (line: string) => void) {
    this.#out = out;
  }

  pass(title: string, details: readonly string[] = []): void {
    this.counts.passed++;
    this.#print('✓', title, details);
  }

  /** Worth a look, but nothing a booking needs is broken. */
  warn(title: string, details: readonly string[] = []): void {
    this.counts.warnings++;
    this.#print('!', title, details);
  }

  fail(title: string, remedy: Remedy, details: readonly string[] = []): void {
    this.counts.failed++;
    this.#print('✗', title, [...details, `Cause: ${remedy.cause}`, `Fix: ${remedy.fix}`]);
  }

  skip(title: string, reason: string): void {
    this.counts.skipped++;
    this.#print('-', `${title} (skipped: ${reason})`, []);
  }

  summary(): number {
    const { passed, warnings, failed, skipped } = this.counts;
    this.#out('');
    this.#out(`${passed} passed, ${warnings} warning(s), ${failed} failed, ${skipped} skipped`);
    return failed ? 1 : 0;
  }

  #print(mark: string, title: string, details: readonly string[]): void {
    this.#out(`${mark} ${title}`);
    for (const d of details) for (const line of d.split('\n')) this.#out(`    ${line}`);
  }
}
