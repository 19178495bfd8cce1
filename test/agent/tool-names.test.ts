import { describe, expect, it } from 'vitest';
import { CalComError } from '../../src/calcom/errors.js';
import { actionToolNames, MAX_TOOL_NAME_LENGTH, toToolError } from '../../src/agent/index.js';
import { llm } from '@livekit/agents';

const VALID = /^[a-zA-Z0-9_-]{1,64}$/;

describe('actionToolNames', () => {
  it('adds _slots and the prefix', () => {
    expect(actionToolNames('book_30_minute_consultation')).toEqual({ slots: 'book_30_minute_consultation_slots', book: 'book_30_minute_consultation' });
    expect(actionToolNames('book_demo', 'sales-')).toEqual({ slots: 'sales-book_demo_slots', book: 'sales-book_demo' });
  });

  it('shortens deterministically within 64, keeping long neighbours apart', () => {
    const long = `book_${'x'.repeat(59)}`; // 64: the core's maximum
    const other = `book_${'x'.repeat(58)}y`;
    const a = actionToolNames(long, 'team_');
    const b = actionToolNames(other, 'team_');
    for (const name of [a.slots, a.book, b.slots, b.book]) {
      expect(name).toMatch(VALID);
      expect(name.length).toBeLessThanOrEqual(MAX_TOOL_NAME_LENGTH);
    }
    expect(a.slots).toMatch(/_[0-9a-f]{6}_slots$/);
    expect(a.slots).not.toBe(b.slots);
    expect(a.book).not.toBe(b.book);
    expect(actionToolNames(long, 'team_')).toEqual(a);
    // Only the name that overflows is cut.
    expect(actionToolNames(long).book).toBe(long);
    expect(actionToolNames(long).slots).toHaveLength(64);
  });

  it('rejects a prefix that could not be a function name', () => {
    expect(() => actionToolNames('book_demo', 'sales team')).toThrow(/Invalid tool name prefix "sales team"/);
  });
});

describe('toToolError', () => {
  it("keeps a Cal.com error's own message and adds what to tell the caller", () => {
    const e = toToolError(new CalComError('Cal.com did not answer within 5 s.', { endpoint: 'GET /slots' }));
    expect(e).toBeInstanceOf(llm.ToolError);
    expect(e.message).toMatch(/^Cal\.com did not answer within 5 s\. .*callback/);
  });

  it('names only the type of an unexpected error, never its message', () => {
    const e = toToolError(new RangeError('token=sk_live_123 leaked'));
    expect(e.message).toMatch(/^The booking tool failed unexpectedly \(RangeError\)/);
    expect(e.message).not.toContain('sk_live');
  });

  it('passes a ToolError through', () => {
    const t = new llm.ToolError('slot not found');
    expect(toToolError(t)).toBe(t);
  });
});
