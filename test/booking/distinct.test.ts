// Two actions with the same title are told apart by what differs; a pair that still reads the same is warned about.
import { describe, expect, it } from 'vitest';
import { buildInstructions } from '../../src/agent/instructions.js';
import { actionToolNames } from '../../src/agent/tool-names.js';
import { Temporal } from 'temporal-polyfill';
import { parseBookingConfig, type ActionConfig } from '../../src/booking/config.js';
import { describeAction, indistinctActions } from '../../src/booking/distinct.js';
import type { ResolvedAction, ResolvedEventType } from '../../src/booking/resolve.js';

function action(toolName: string, eventType: Partial<ResolvedEventType>, config: Partial<ActionConfig> = {}): ResolvedAction {
  const [parsed] = parseBookingConfig({ actions: [{ eventType: 1, location: 'cal-video', ...config }] }, 'b.yaml').actions;
  return {
    config: parsed!,
    eventType: { id: 1, title: 'Beratung für Ärzte', slug: 'x', lengthInMinutes: 30, minimumBookingNotice: 0, schedulingType: 'personal', locations: [], ...eventType },
    displayName: 'Book Beratung für Ärzte',
    toolName,
    timeZone: 'Europe/Berlin',
  };
}

const weber = action('book_beratung_fur_arzte', { host: 'Dr. Weber', description: 'Praxis Weber, Hamburg: Abrechnung und Praxisorganisation.' });
const kaya = action('book_beratung_fur_arzte_2', { id: 2, host: 'Dr. Kaya', description: 'Praxis Kaya, München: IT und Datenschutz.', lengthInMinutes: 45 }, { location: 'in-person', address: 'Leopoldstraße 1, München' });

describe('describeAction', () => {
  it('names length, place, host and the description from Cal.com', () => {
    expect(describeAction(weber)).toBe('30 min, Cal Video call, with Dr. Weber: Praxis Weber, Hamburg: Abrechnung und Praxisorganisation.');
    expect(describeAction(kaya)).toBe('45 min, in person at Leopoldstraße 1, München, with Dr. Kaya: Praxis Kaya, München: IT und Datenschutz.');
  });

  it('clips a long description at a word', () => {
    const long = describeAction(action('x', { description: `${'Sehr lange Beschreibung '.repeat(20)}Ende.` }));
    expect(long.length).toBeLessThan(220);
    expect(long).toMatch(/ (Sehr|lange|Beschreibung)…$/);
  });

  it('the script lines of two same-titled actions differ by more than "_2"', () => {
    const text = buildInstructions({ userInstructions: '', actions: [weber, kaya], now: Temporal.Instant.from('2026-11-24T08:00:00Z'), toolNames: [weber, kaya].map((a) => actionToolNames(a.toolName)) });
    expect(text).toContain('"Book Beratung für Ärzte" (30 min, Cal Video call, with Dr. Weber: Praxis Weber, Hamburg');
    expect(text).toContain('"Book Beratung für Ärzte" (45 min, in person at Leopoldstraße 1, München, with Dr. Kaya');
    expect(text).toMatch(/ask which one\s+they mean/);
  });
});

describe('indistinctActions', () => {
  it('is quiet when actions differ', () => {
    expect(indistinctActions([weber, kaya], 'b.yaml')).toEqual([]);
  });

  it('warns when two actions read the same, naming them and what to change', () => {
    const twin = action('book_beratung_fur_arzte_2', { id: 2, host: 'Dr. Weber', description: 'Praxis Weber, Hamburg: Abrechnung und Praxisorganisation.' });
    const [w, ...rest] = indistinctActions([weber, twin], 'b.yaml');
    expect(rest).toEqual([]);
    expect(w).toMatch(/^b\.yaml: actions\[0\] and actions\[1\] read the same to the model \("Book Beratung für Ärzte", 30 min/);
    expect(w).toMatch(/own title or description in Cal\.com/);
  });
});
