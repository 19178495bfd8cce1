// `npm start`, `npm run bench` and the tests (test/setup/build.ts) build first; this skips tsc (seconds even when
// incremental) when nothing under src/ or the tsconfigs changed since the last build, and otherwise runs the
// incremental build.
import { spawnSync } from 'node:child_process';
import { readdirSync, statSync, utimesSync } from 'node:fs';
import { join } from 'node:path';

const root = new URL('..', import.meta.url).pathname;
const stamp = (file) => {
  try {
    return statSync(join(root, file)).mtimeMs;
  } catch {
    return -1;
  }
};
const built = stamp('dist/.tsbuildinfo');
const inputs = ['tsconfig.json', 'tsconfig.build.json', 'package.json', ...readdirSync(join(root, 'src'), { recursive: true }).map((f) => join('src', f))];
if (built < 0 || inputs.some((f) => stamp(f) > built)) {
  const tsc = spawnSync(process.execPath, [join(root, 'node_modules/typescript/bin/tsc'), '-p', join(root, 'tsconfig.build.json')], { stdio: 'inherit' });
  if (tsc.status !== 0) process.exit(tsc.status ?? 1);
  // tsc leaves the build info untouched when a changed file compiles to the same output; mark this build as seen.
  const now = new Date();
  utimesSync(join(root, 'dist/.tsbuildinfo'), now, now);
}
