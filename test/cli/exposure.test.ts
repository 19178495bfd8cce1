// The command line's share of issue 9: a loud warning when a local server binds beyond loopback, the admin token
// from the CLI, and connect never printing credentials or a query string from CALCOM_API_URL.
import { describe, expect, it } from 'vitest';
import { exposureWarning } from '../../src/http/host-guard.js';
import { cli } from '../helpers/cli.js';
import { startTestSandbox } from '../helpers/sandbox.js';

describe('binding beyond loopback', () => {
  it('is silent on loopback and loud otherwise, saying whether the admin routes are open', () => {
    for (const host of ['127.0.0.1', 'localhost', '::1', '127.0.0.2']) expect(exposureWarning('sandbox', host, 5555, 'open')).toBeUndefined();
    expect(exposureWarning('sandbox', '0.0.0.0', 5555, 'open')).toMatch(/WARNING: the sandbox listens on 0\.0\.0\.0:5555, reachable from other machines[\s\S]*admin routes are OPEN: set --admin-token/);
    expect(exposureWarning('SMS sink', '192.168.1.5', 5556, 'token')).toMatch(/admin routes need the admin token/);
  });

  it('`sandbox --host 0.0.0.0` prints the warning on stderr and still starts; --admin-token guards the admin API', async () => {
    const r = await cli(['sandbox', '--host', '0.0.0.0', '--port', '0'], { untilStdout: /listening on/ });
    expect(r.stderr).toMatch(/WARNING: the sandbox listens on 0\.0\.0\.0:\d+/);
    expect(r.stdout).toMatch(/listening on http:\/\/0\.0\.0\.0:\d+/);
    const quiet = await cli(['sandbox', '--port', '0', '--admin-token', 'sesame'], { untilStdout: /listening on/ });
    expect(quiet.stderr).toBe('');
  }, 30_000);
});

describe('connect and CALCOM_API_URL', () => {
  it('never prints the credentials or the query string a URL carries, whether it connects or not', async () => {
    const sb = await startTestSandbox();
    for (const url of [`http://user:hunter2@127.0.0.1:${sb.port}/v2?token=abc123`, 'http://user:hunter2@127.0.0.1:9/v2?token=abc123']) {
      const r = await cli(['connect'], { env: { CALCOM_API_KEY: sb.apiKey, CALCOM_API_URL: url } });
      const all = r.stdout + r.stderr;
      expect(all).not.toContain('hunter2');
      expect(all).not.toContain('abc123');
      expect(all).toMatch(/127\.0\.0\.1:\d+\/v2/);
    }
  }, 30_000);
});
