// Live tests against the real services; each is skipped, with the reason, when its keys are absent.
import { describe, expect, it } from 'vitest';
import { CalComClient } from '../../src/calcom/index.js';
import { runScenarios } from '../../src/scenarios/index.js';
import { TwilioSmsSender } from '../../src/sms/twilio.js';

const env = process.env;
const missing = (...names: string[]) => names.filter((n) => !env[n]);
const reason = (names: string[]) => `skipped: ${names.join(', ')} not set`;

const calMissing = missing('CALCOM_API_KEY');
describe.skipIf(calMissing.length > 0)(`Cal.com live (${calMissing.length ? reason(calMissing) : 'CALCOM_API_KEY set'})`, () => {
  it('Test Connection: the key works, event types list, and slots come back for the first one (read only)', async () => {
    const cal = new CalComClient();
    const me = await cal.me();
    expect(me.timeZone).toBeTruthy();
    const types = await cal.listEventTypes();
    if (types.length === 0) return;
    const now = new Date();
    const slots = await cal.getSlots({
      eventTypeId: types[0]!.id,
      start: now.toISOString(),
      end: new Date(now.getTime() + 3 * 86_400_000).toISOString(),
      timeZone: me.timeZone,
    });
    expect(Array.isArray(slots)).toBe(true);
  });
});

const openaiMissing = missing('OPENAI_API_KEY');
describe.skipIf(openaiMissing.length > 0)(`OpenAI live (${openaiMissing.length ? reason(openaiMissing) : 'OPENAI_API_KEY set'})`, () => {
  it('the happy-path scenario passes with the real model, intents judged', { timeout: 180_000 }, async () => {
    const { failed } = await runScenarios(['scenarios/happy-path.yaml'], { llm: 'openai', out: () => {} });
    expect(failed).toBe(0);
  });
});

const twilioMissing = missing('TWILIO_ACCOUNT_SID', 'TWILIO_AUTH_TOKEN', 'TWILIO_FROM_NUMBER', 'TWILIO_LIVE_TEST_TO');
describe.skipIf(twilioMissing.length > 0)(`Twilio live (${twilioMissing.length ? reason(twilioMissing) : 'TWILIO_* set'})`, () => {
  it('sends one confirmation text to TWILIO_LIVE_TEST_TO', async () => {
    const sent = await new TwilioSmsSender().send({ to: env.TWILIO_LIVE_TEST_TO!, body: 'cal-booking-action live test' });
    expect(sent.id).toMatch(/^SM/);
  });
});
