// The toolset's default SMS sender: Twilio when any TWILIO_* is set, nothing when none is, an error naming the gap when half is.
import { describe, expect, it } from 'vitest';
import { smsSenderFromEnv, TwilioSmsSender } from '../../src/sms/twilio.js';

describe('smsSenderFromEnv', () => {
  it('is undefined with no TWILIO_* variable (texts off; the caller gets the email)', () => {
    expect(smsSenderFromEnv({ PATH: '/bin' })).toBeUndefined();
    expect(smsSenderFromEnv({ TWILIO_ACCOUNT_SID: '  ' })).toBeUndefined();
  });

  it('builds a Twilio sender from the variables', () => {
    const s = smsSenderFromEnv({ TWILIO_ACCOUNT_SID: 'AC123', TWILIO_AUTH_TOKEN: 'tok', TWILIO_FROM_NUMBER: '+15005550006', TWILIO_API_URL: 'http://127.0.0.1:9' });
    expect(s).toBeInstanceOf(TwilioSmsSender);
  });

  it('half a configuration fails at start, naming what is missing and never the token', () => {
    expect(() => smsSenderFromEnv({ TWILIO_ACCOUNT_SID: 'AC123', TWILIO_FROM_NUMBER: '+15005550006' })).toThrow(/TWILIO_AUTH_TOKEN/);
    expect(() => smsSenderFromEnv({ TWILIO_ACCOUNT_SID: 'AC123', TWILIO_AUTH_TOKEN: 'secret-tok' })).toThrow(/TWILIO_FROM_NUMBER or TWILIO_MESSAGING_SERVICE_SID/);
    try {
      smsSenderFromEnv({ TWILIO_ACCOUNT_SID: 'AC123', TWILIO_AUTH_TOKEN: 'secret-tok' });
    } catch (err) {
      expect(String((err as Error).message)).not.toContain('secret-tok');
    }
  });
});
