import { Pool } from 'undici';
import { startSmsSink } from './src/sms/sink.ts';
const sink = await startSmsSink({ limits: { headersTimeoutMs: 200, requestTimeoutMs: 1000 } });
const port = Number(new URL(sink.url).port);
const pool = new Pool(`http://127.0.0.1:${port}`, { connections: 1 });
const big = Buffer.alloc(200_000, 0x61);
for (const [method, path, body] of [['POST', '/ok', big], ['POST', '/x\u0080y', Buffer.from('{}')], ['POST', '/x\u0080y', big], ['PUT', '/ok2', Buffer.from('{}')], ['GET', '/ok3', undefined]] as const) {
  const t = Date.now();
  try {
    const r = await Promise.race([pool.request({ method, path, headers: { host: `127.0.0.1:${port}` }, body }), new Promise((_, rej) => setTimeout(() => rej(new Error('hang')), 3000))]) as any;
    console.log(method, path, r.statusCode, (await r.body.text()).slice(0, 60), Date.now() - t);
  } catch (e) { console.log(path, 'ERR', (e as Error).message, Date.now() - t); }
}
await sink.close(); await pool.destroy();
