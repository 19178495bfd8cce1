// Issue 9's measured case: a 50 MB body grew the sandbox's RSS from 77 to 272 MB. The sandbox runs as its own
// process here (the CLI, as users start it) so its memory is measured alone; Linux only (it reads /proc).
import { spawn } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { request } from 'node:http';
import { describe, expect, it } from 'vitest';
import { CLI, ROOT } from '../helpers/cli.js';

const rssMb = (pid: number) => Number(/VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1]) / 1024;

/** Streams `totalBytes` at the server, stopping as soon as it answers; resolves with the status. */
function sendBig(port: number, totalBytes: number, declare: boolean): Promise<number> {
  return new Promise((resolvePromise, reject) => {
    const req = request({
      host: '127.0.0.1',
      port,
      method: 'POST',
      path: '/v2/bookings',
      headers: { 'content-type': 'application/json', 'cal-api-version': '2024-08-13', ...(declare ? { 'content-length': String(totalBytes) } : {}) },
    });
    let answered = false;
    req.on('response', (res) => {
      answered = true;
      res.resume();
      res.on('end', () => resolvePromise(res.statusCode ?? 0));
    });
    req.on('error', (e) => (answered ? undefined : reject(e)));
    const chunk = Buffer.alloc(64 * 1024, 0x61);
    let sent = 0;
    const pump = () => {
      while (!answered && sent < totalBytes) {
        sent += chunk.length;
        if (!req.write(chunk)) return void req.once('drain', pump);
      }
      if (!answered) req.end();
    };
    pump();
  });
}

describe.skipIf(!existsSync('/proc/self/status'))('a 50 MB body', () => {
  it('is refused with 413 without the sandbox buffering it (RSS grows by less than 30 MB)', async () => {
    const child = spawn(process.execPath, [CLI, 'sandbox', '--port', '0', '--rate-limit', '0'], {
      cwd: ROOT,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    try {
      const port = await new Promise<number>((res, rej) => {
        let out = '';
        child.stdout.setEncoding('utf8').on('data', (d: string) => {
          out += d;
          const m = /listening on http:\/\/[^:]+:(\d+)/.exec(out);
          if (m) res(Number(m[1]));
        });
        child.once('exit', (code) => rej(new Error(`sandbox exited with ${code}`)));
      });
      await fetch(`http://127.0.0.1:${port}/_sandbox/health`);
      const before = rssMb(child.pid!);
      expect(await sendBig(port, 50 * 1024 * 1024, true)).toBe(413);
      expect(await sendBig(port, 50 * 1024 * 1024, false)).toBe(413);
      const after = rssMb(child.pid!);
      console.log(`sandbox RSS around two 50 MB bodies: ${before.toFixed(0)} MB → ${after.toFixed(0)} MB`);
      expect(after - before).toBeLessThan(30);
      expect((await fetch(`http://127.0.0.1:${port}/_sandbox/health`)).status).toBe(200);
    } finally {
      child.kill('SIGKILL');
    }
  }, 30_000);
});
