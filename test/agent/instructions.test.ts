import { readFileSync } from 'node:fs';
import { Temporal } from 'temporal-polyfill';
import { describe, expect, it } from 'vitest';
import { actionToolNames, buildInstructions, fillTemplate } from '../../src/agent/index.js';
import { parseBookingConfig, type ActionConfig } from '../../src/booking/config.js';
import type { ResolvedAction } from '../../src/booking/resolve.js';

const NOW = Temporal.Instant.from('2026-11-24T08:00:00Z'); // Tuesday in Berlin

function action(title: string, toolName: string, config: Partial<ActionConfig> = {}): ResolvedAction {
  const [parsed] = parseBookingConfig({ actions: [{ eventType: 101, location: 'cal-video', ...config }] }, 'test.yaml').actions;
  return {
    config: parsed!,
    eventType: { id: 101, title, slug: 'x', lengthInMinutes: 30, minimumBookingNotice: 0, schedulingType: 'personal', locations: [] },
    displayName: `Book ${title}`,
    toolName,
    timeZone: 'Europe/Berlin',
  };
}

const consult = action('30-Minute Consultation', 'book_30_minute_consultation', { daysAhead: 3, slotsPerDay: 4 });
const visit = action('In-Person Visit', 'book_in_person_visit', { useSchedulingScript: false });

describe('buildInstructions', () => {
  it("puts the user's instructions first, then the filled script naming each action and its tools", () => {
    const text = buildInstructions({
      userInstructions: 'You are the front desk of Acme.',
      actions: [consult, visit],
      now: NOW,
      toolNames: [consult, visit].map((a) => actionToolNames(a.toolName)),
    });
    expect(text.startsWith('You are the front desk of Acme.\n\n')).toBe(true);
    expect(text).toContain('Today is Tuesday, November 24, 2026.');
    expect(text).toContain('Europe/Berlin');
    expect(text).toContain('up to 3 day(s) ahead');
    expect(text).toContain('up to 4 times per day');
    expect(text).toContain('"Book 30-Minute Consultation" (30 min, Cal Video call): find times with `book_30_minute_consultation_slots`, book with `book_30_minute_consultation`.');
    expect(text).toContain('"Book In-Person Visit"');
    expect(text).toContain('`book_in_person_visit_slots`');
    expect(text).not.toMatch(/\{\{/);
  });

  it('without the script, still names every action and its tools', () => {
    const text = buildInstructions({ userInstructions: 'Be brief.', actions: [visit], now: NOW, toolNames: [actionToolNames(visit.toolName, 'p_')] });
    expect(text).toBe(
      'Be brief.\n\nBooking actions (first find times, then book an offered id):\n' +
        '- "Book In-Person Visit" (30 min, Cal Video call): find times with `p_book_in_person_visit_slots`, book with `p_book_in_person_visit`.',
    );
  });

  it('names the managing and fallback tools an action has, and only those', () => {
    const names = { ...actionToolNames(consult.toolName), find: 'c_find', cancel: 'c_cancel', reschedule: 'c_move', callback: 'c_callback' };
    const text = buildInstructions({ userInstructions: '', actions: [consult], now: NOW, toolNames: [names] });
    expect(text).toContain(
      "book with `book_30_minute_consultation`; find their existing ones with `c_find`, cancel with `c_cancel`, move with `c_move`; when booking by voice can't go on: request a callback with `c_callback`.",
    );
    expect(text).not.toContain('text a booking link with');
    expect(text).toContain('## Existing appointments');
  });

  it("gives today's date in the action's zone and language", () => {
    const de = action('Beratung', 'book_beratung', { locale: 'de-DE' });
    const late = Temporal.Instant.from('2026-11-24T23:30:00Z'); // already Wednesday in Berlin
    const text = buildInstructions({ userInstructions: '', actions: [de], now: late, toolNames: [actionToolNames(de.toolName)] });
    expect(text).toContain('Mittwoch, 25. November 2026');
  });
});

describe('the scheduling script template', () => {
  it('uses only the placeholders buildInstructions fills', () => {
    const template = readFileSync(new URL('../../prompts/scheduling-script.md', import.meta.url), 'utf8');
    const names = new Set([...template.matchAll(/\{\{\s*([^}]*?)\s*\}\}/g)].map((m) => m[1]));
    expect(names).toEqual(new Set(['actions', 'timeZone', 'today', 'daysAhead', 'slotsPerDay']));
  });

  it('throws on an unknown placeholder, naming it and the known ones', () => {
    expect(() => fillTemplate('Hi {{today}} {{tz}}', { today: 'Monday' })).toThrow('Unknown placeholder(s) {{tz}} in the scheduling script; known: {{today}}');
    expect(fillTemplate('{{ today }} and {{today}}', { today: 'Monday' })).toBe('Monday and Monday');
  });
});
