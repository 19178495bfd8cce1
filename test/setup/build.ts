// Global set-up: the tests run the built CLI and worker (`node dist/...`), as an installed package runs them, so
// dist/ is brought up to date first; that is a no-op when nothing under src/ changed since the last build.
import { execFileSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';

export default function buildIfChanged(): void {
  execFileSync(process.execPath, [fileURLToPath(new URL('../../scripts/build-if-changed.mjs', import.meta.url))], { stdio: 'inherit' });
}
