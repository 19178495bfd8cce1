// The scenario's stand-in for a team's callback endpoint: takes each delivery, checks its signature as a real
// receiver must (verifyWebhook), and keeps it for the `webhook` expectation.
import { randomBytes } from 'node:crypto';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { SIGNATURE_HEADER, TIMESTAMP_HEADER, verifyWebhook } from '../booking/fallbacks.js';

export interface ReceivedWebhook {
  body: string;
  signatureValid: boolean;
}

export interface RunningWebhookReceiver {
  url: string;
  secret: string;
  received(): ReceivedWebhook[];
  close(): Promise<void>;
}

const header = (v: string | string[] | undefined) => (Array.isArray(v) ? v[0] : v);

export async function startWebhookReceiver(): Promise<RunningWebhookReceiver> {
  const secret = randomBytes(24).toString('hex');
  const received: ReceivedWebhook[] = [];
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const body = Buffer.concat(chunks).toString('utf8');
      const signatureValid = verifyWebhook(secret, { timestamp: header(req.headers[TIMESTAMP_HEADER]), signature: header(req.headers[SIGNATURE_HEADER]), body });
      received.push({ body, signatureValid });
      // A receiver answers 401 to a bad signature, so the sender learns of it.
      res.writeHead(signatureValid ? 200 : 401, { 'content-type': 'application/json' }).end(JSON.stringify({ ok: signatureValid }));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/callbacks`,
    secret,
    received: () => [...received],
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
