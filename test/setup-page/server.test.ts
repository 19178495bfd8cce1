// The setup server's guards, request by request: the token, the Host header, JSON-only writes, same-origin, body
// size, and a typed key that never comes back in any answer.
import { request } from 'node:http';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSetupServer, type RunningSetup } from '../../src/setup/server.js';
import { cli, CLI, ROOT } from '../helpers/cli.js';
import { startTestSandbox } from '../helpers/sandbox.js';
import type { RunningSandbox } from '../../src/sandbox/server.js';

let s: RunningSetup;
let sb: RunningSandbox;

beforeAll(async () => {
  sb = await startTestSandbox({ apiKey: 'cal_test_never-print-this-key-setup' });
  s = await startSetupServer({ configPath: join(mkdtempSync(join(tmpdir(), 'setup-srv-')), 'booking.yaml'), env: { baseUrl: `${sb.url}/v2` } });
});
afterAll(() => s.close());

interface Reply {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: string;
}

function send(path: string, o: { method?: string; headers?: Record<string, string>; body?: string } = {}): Promise<Reply> {
  return new Promise((resolve, reject) => {
    const req = request({ host: '127.0.0.1', port: s.port, path, method: o.method ?? 'GET', headers: { host: `127.0.0.1:${s.port}`, ...o.headers } }, (res) => {
      let body = '';
      res.on('data', (d: Buffer) => (body += d.toString()));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body }));
    });
    req.on('error', reject);
    req.end(o.body);
  });
}

const withToken = (path: string) => `${path}${path.includes('?') ? '&' : '?'}token=${s.token}`;
const json = (body: unknown, extra: Record<string, string> = {}) => ({ method: 'POST', headers: { 'content-type': 'application/json', ...extra }, body: JSON.stringify(body) });

describe('setup server guards', () => {
  it('prints a loopback URL with a long random token', () => {
    expect(s.url).toMatch(new RegExp(`^http://127\\.0\\.0\\.1:${s.port}/\\?token=[\\w-]{32}$`));
  });

  it('refuses every request without the token or with a wrong one', async () => {
    for (const path of ['/', '/app.js', '/vendor/preact.mjs', '/api/state', '/?token=wrong']) expect((await send(path)).status, path).toBe(401);
    expect((await send('/api/connect', json({ sandbox: true }))).status).toBe(401);
  });

  it('hands the page an HttpOnly, SameSite=Strict cookie that then carries the token, and a strict CSP', async () => {
    const page = await send(withToken('/'));
    expect(page.status).toBe(200);
    const cookie = String(page.headers['set-cookie']);
    expect(cookie).toMatch(/HttpOnly; SameSite=Strict; Path=\//);
    expect(page.headers['content-security-policy']).toMatch(/default-src 'none'; script-src 'self' 'sha256-/);
    expect(page.headers['referrer-policy']).toBe('no-referrer');
    expect((await send('/api/state', { headers: { cookie: cookie.split(';')[0]! } })).status).toBe(200);
  });

  it('refuses a foreign Host header (DNS rebinding) even with the token', async () => {
    const r = await send(withToken('/api/state'), { headers: { host: `attacker.example:${s.port}` } });
    expect(r.status).toBe(421);
  });

  it('takes writes only as JSON, from its own origin, and not too large', async () => {
    expect((await send(withToken('/api/connect'), { method: 'POST', headers: { 'content-type': 'text/plain' }, body: '{"sandbox":true}' })).status).toBe(415);
    expect((await send(withToken('/api/connect'), { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: 'sandbox=true' })).status).toBe(415);
    expect((await send(withToken('/api/connect'), json({ sandbox: true }, { origin: 'http://attacker.example' }))).status).toBe(403);
    expect((await send(withToken('/api/connect'), { ...json({}), body: 'x'.repeat(1_100_000) })).status).toBe(413);
    expect((await send(withToken('/api/connect'), { ...json({}), body: '{nope' })).status).toBe(400);
    expect((await send(withToken('/api/state'), { method: 'DELETE' })).status).toBe(405);
  });

  it('never sends a typed key back, right or wrong', async () => {
    const wrong = await send(withToken('/api/connect'), json({ apiKey: 'cal_live_never-print-this-key-typed' }));
    expect(wrong.status).toBe(422);
    expect(wrong.body).toContain('Cal.com rejected the API key (HTTP 401)');
    expect(wrong.body).not.toContain('never-print-this-key');
    const right = await send(withToken('/api/connect'), json({ apiKey: sb.apiKey }));
    expect(right.status).toBe(200);
    expect(JSON.parse(right.body)).toMatchObject({ connected: { source: 'typed', account: { username: 'anna-becker' } } });
    expect(right.body).not.toContain(sb.apiKey);
    expect((await send(withToken('/api/state'))).body).not.toContain(sb.apiKey);
  });

  it('answers a malformed API body with what is wrong', async () => {
    const r = await send(withToken('/api/preview'), json({ entries: 'all of them' }));
    expect(r.status).toBe(400);
    expect(JSON.parse(r.body).error).toMatch(/^Bad request: entries: /);
  });
});

describe('cal-booking-action setup', () => {
  it('prints one line with the page URL and serves the page there', async () => {
    const { spawn } = await import('node:child_process');
    const child = spawn(process.execPath, [CLI, 'setup', '--port', '0', '--config', join(mkdtempSync(join(tmpdir(), 'setup-cli-')), 'b.yaml')], {
      cwd: ROOT,
      env: { ...process.env, CALCOM_API_KEY: '', CALCOM_API_URL: '' },
    });
    try {
      const line = await new Promise<string>((resolve, reject) => {
        let out = '';
        child.stdout.on('data', (d: Buffer) => {
          out += d.toString();
          if (out.includes('\n')) resolve(out);
        });
        child.on('exit', (code) => reject(new Error(`setup exited ${code}`)));
      });
      expect(line).toMatch(/^setup page: http:\/\/127\.0\.0\.1:\d+\/\?token=[\w-]{32}\n$/);
      const page = await fetch(line.slice('setup page: '.length).trim());
      expect(page.status).toBe(200);
      expect(await page.text()).toContain('<script type="importmap">');
    } finally {
      child.kill('SIGTERM');
    }
  });
});

describe('the CLI and ./.env', () => {
  it('reads the key setup saved in ./.env, with the real environment winning', async () => {
    const { writeFileSync } = await import('node:fs');
    const cwd = mkdtempSync(join(tmpdir(), 'dotenv-'));
    writeFileSync(join(cwd, '.env'), `CALCOM_API_KEY=${sb.apiKey}\nCALCOM_API_URL=http://127.0.0.1:1/v2\n`, { mode: 0o600 });
    const out = await cli(['connect'], { cwd, env: { CALCOM_API_URL: `${sb.url}/v2` } });
    expect(out.stderr).toBe('');
    expect(out.code).toBe(0);
    expect(out.stdout).toContain(`Connected to ${sb.url}/v2`);
  }, 30_000);
});
