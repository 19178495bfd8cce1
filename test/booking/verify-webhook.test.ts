// verifyWebhook: what a callback receiver checks — the HMAC over "<timestamp>.<raw body>" and a fresh timestamp.
import { expect, it } from 'vitest';
import { signWebhook, verifyWebhook } from '../../src/booking/fallbacks.js';

const secret = 's3cret';
const body = '{"type":"callback_request","id":"1"}';
const now = 1_790_000_000;
const ts = String(now);
const signature = signWebhook(secret, ts, body);

it('accepts a delivery signed with the secret, within the tolerance', () => {
  expect(verifyWebhook(secret, { timestamp: ts, signature, body }, { nowSeconds: now })).toBe(true);
  expect(verifyWebhook(secret, { timestamp: ts, signature, body }, { nowSeconds: now + 300 })).toBe(true);
});

it.each([
  ['another secret', { secret: 'other', timestamp: ts, signature, body }],
  ['a changed body', { secret, timestamp: ts, signature, body: body.replace('1', '2') }],
  ['a changed timestamp', { secret, timestamp: String(now + 1), signature, body }],
  ['no signature', { secret, timestamp: ts, signature: undefined, body }],
  ['no timestamp', { secret, timestamp: null, signature, body }],
  ['a timestamp that is not seconds', { secret, timestamp: '2026-11-24', signature, body }],
  ['a truncated signature', { secret, timestamp: ts, signature: signature.slice(0, -1), body }],
  ['a bare hex signature', { secret, timestamp: ts, signature: signature.slice('sha256='.length), body }],
])('refuses %s', (_why, d) => {
  expect(verifyWebhook(d.secret, d, { nowSeconds: now })).toBe(false);
});

it('refuses a replay older than the tolerance, and one from the future', () => {
  expect(verifyWebhook(secret, { timestamp: ts, signature, body }, { nowSeconds: now + 301 })).toBe(false);
  expect(verifyWebhook(secret, { timestamp: ts, signature, body }, { nowSeconds: now - 301 })).toBe(false);
  expect(verifyWebhook(secret, { timestamp: ts, signature, body }, { nowSeconds: now + 3600, toleranceSeconds: 3600 })).toBe(true);
});
