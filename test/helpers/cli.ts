// Runs the built command line as users do, a separate `node dist/cli/index.js` (test/setup/build.ts keeps dist/
// fresh), and collects its exit code and output. Starting from dist/ rather than through tsx saves every spawn
// the on-the-fly compilation of the source, which was most of the CLI tests' CPU time.
import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';

export const ROOT = fileURLToPath(new URL('../..', import.meta.url));
export const CLI = fileURLToPath(new URL('../../dist/cli/index.js', import.meta.url));

export interface CliRun {
  code: number | null;
  stdout: string;
  stderr: string;
}

export interface CliOptions {
  /** Added to the environment, which never carries the Cal.com key or URL of the shell running the tests. */
  env?: NodeJS.ProcessEnv;
  /** Ends the command with SIGTERM once its stdout matches (for servers that run until stopped). */
  untilStdout?: RegExp;
  stdin?: string;
  cwd?: string;
}

export function cli(args: string[], opts: CliOptions = {}): Promise<CliRun> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [CLI, ...args], {
      cwd: opts.cwd ?? ROOT,
      env: { ...process.env, CALCOM_API_KEY: undefined, CALCOM_API_URL: undefined, ...opts.env },
    });
    if (opts.stdin !== undefined) child.stdin.end(opts.stdin);
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => {
      stdout += d.toString();
      if (opts.untilStdout?.test(stdout)) child.kill('SIGTERM');
    });
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    child.on('close', (code) => resolve({ code, stdout, stderr }));
  });
}
