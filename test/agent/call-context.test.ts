import { describe, expect, it } from 'vitest';
import { callContext, type CallSource } from '../../src/agent/call-context.js';

const base: CallSource = { metadata: undefined, attributes: {}, roomName: 'call-_+14155550123_abc', jobId: 'AJ_123' };
const derive = (over: Partial<CallSource>) => callContext({ ...base, ...over });

describe('callContext', () => {
  it('uses the job id as the call id, and the room name when the job has none', () => {
    expect(derive({}).call).toEqual({ callId: 'AJ_123' });
    expect(derive({ jobId: '' }).call.callId).toBe('call-_+14155550123_abc');
    expect(derive({ jobId: undefined }).call.callId).toBe('call-_+14155550123_abc');
    expect(derive({}).warnings).toEqual([]);
  });

  it('passes the metadata object on as the dynamic context and builds the contact from it', () => {
    const { call, warnings } = derive({ metadata: JSON.stringify({ cal_email: 'jo@example.com', name: 'Jo', contact_id: 42, plan: 'gold' }) });
    expect(warnings).toEqual([]);
    expect(call.dynamicContext).toEqual({ cal_email: 'jo@example.com', name: 'Jo', contact_id: 42, plan: 'gold' });
    expect(call.contact).toEqual({ id: '42', name: 'Jo', email: 'jo@example.com' });
  });

  it('takes context keys from participant attributes, with the metadata winning where both have one', () => {
    const { call } = derive({
      metadata: '{"cal_email":"meta@example.com"}',
      attributes: { cal_email: 'attr@example.com', name: ' Ann ', contact_id: 'c-1', 'sip.callID': 'ignored' },
    });
    expect(call.dynamicContext).toEqual({ cal_email: 'meta@example.com', name: 'Ann', contact_id: 'c-1' });
    expect(call.contact).toEqual({ id: 'c-1', name: 'Ann', email: 'meta@example.com' });
  });

  it('marks a cal_email that only a non-SIP participant\'s own attributes gave, which its client may have set', () => {
    expect(derive({ attributes: { cal_email: 'jo@example.com' } }).call).toMatchObject({ dynamicContext: { cal_email: 'jo@example.com' }, contextEmailFromClient: true });
    // A SIP participant's attributes come from the trunk and dispatch rule; the dispatch's metadata from the integrator.
    expect(derive({ attributes: { cal_email: 'jo@example.com', 'sip.phoneNumber': '+14155550123' } }).call.contextEmailFromClient).toBeUndefined();
    expect(derive({ metadata: '{"cal_email":"jo@example.com"}', attributes: { cal_email: 'x@example.com' } }).call.contextEmailFromClient).toBeUndefined();
  });

  it('has no contact without a contact id, and no dynamic context when nothing is known', () => {
    expect(derive({ metadata: '{"name":"Jo"}' }).call.contact).toBeUndefined();
    expect(derive({ metadata: '{}' }).call).toEqual({ callId: 'AJ_123' });
    expect(derive({ metadata: '   ' }).call).toEqual({ callId: 'AJ_123' });
  });

  it.each([
    ['not json', 'job metadata is not JSON; ignored (8 characters)'],
    ['{"cal_email":', 'job metadata is not JSON; ignored (13 characters)'],
    ['[1,2]', 'job metadata is JSON but not an object (array); ignored'],
    ['"text"', 'job metadata is JSON but not an object (string); ignored'],
    ['null', 'job metadata is JSON but not an object (null); ignored'],
    ['7', 'job metadata is JSON but not an object (number); ignored'],
  ])('ignores bad metadata %j with a warning and keeps the rest', (metadata, warning) => {
    const { call, warnings } = derive({ metadata, attributes: { 'sip.phoneNumber': '+14155550123', cal_email: 'a@example.com' } });
    expect(warnings).toEqual([warning]);
    expect(call).toEqual({ callId: 'AJ_123', dynamicContext: { cal_email: 'a@example.com' }, callerPhone: '+14155550123' });
  });

  it.each([
    ['+14155550123', '+14155550123'],
    ['14155550123', '+14155550123'],
    [' +49 30 901820 ', '+4930901820'],
    ['sip:+14155550123@pbx.example.com', '+14155550123'],
    ['tel:+442071838750', '+442071838750'],
    ['4930901820', '+4930901820'],
  ])('reads the SIP caller number %j as %j', (raw, e164) => {
    const { call, warnings } = derive({ attributes: { 'sip.phoneNumber': raw } });
    expect(call.callerPhone).toBe(e164);
    expect(warnings).toEqual([]);
  });

  it.each(['anonymous', 'Restricted', '1001', '+1', 'sip:alice@pbx.example.com'])('drops the unusable SIP number %j with a warning that does not repeat it', (raw) => {
    const { call, warnings } = derive({ attributes: { 'sip.phoneNumber': raw } });
    expect(call.callerPhone).toBeUndefined();
    expect(warnings).toHaveLength(1);
    expect(warnings[0]).toMatch(/^sip\.phoneNumber is not a phone number/);
    expect(warnings[0]).not.toContain(raw);
  });

  it('treats a blank SIP number as none, silently', () => {
    expect(derive({ attributes: { 'sip.phoneNumber': '  ' } })).toEqual({ call: { callId: 'AJ_123' }, warnings: [] });
  });

  it('gives the contact the caller number', () => {
    const { call } = derive({ metadata: '{"contact_id":"c-9"}', attributes: { 'sip.phoneNumber': '+14155550123' } });
    expect(call.contact).toEqual({ id: 'c-9', phone: '+14155550123' });
  });
});
