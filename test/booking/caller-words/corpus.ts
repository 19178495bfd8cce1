// The caller-words corpus (corpus.en.yaml, corpus.de.yaml) and two readers of it: our rules and chrono-node, each
// scored the same way, so the README's pass rates can be reproduced with `npx vitest run test/booking/caller-words`.
import { readFileSync } from 'node:fs';
import * as chrono from 'chrono-node';
import { Temporal } from 'temporal-polyfill';
import { parse } from 'yaml';
import { resolveCallerWords } from '../../../src/booking/caller-words.js';
import type { Preference } from '../../../src/booking/preference.js';
import type { SpokenLocale } from '../../../src/booking/spoken.js';

export const ZONE = 'Europe/Berlin';
/** Tuesday, November 24 2026, 09:00 in Berlin. */
export const NOW = Temporal.Instant.from('2026-11-24T08:00:00Z');

export interface Utterance {
  say: string;
  locale: SpokenLocale;
  /** The preference a person would take it to mean, or null when it must be refused. */
  want: Preference | null;
}

export type Reading = Preference | null;

export function loadCorpus(): Utterance[] {
  const read = (file: string, locale: SpokenLocale) =>
    // Each line is a YAML flow list, so the caller's commas split it: everything before the last item is what they said.
    (parse(readFileSync(new URL(file, import.meta.url), 'utf8')) as unknown[][]).map((items) => ({
      say: items.slice(0, -1).map(String).join(', '),
      locale,
      want: expectation(String(items.at(-1))),
    }));
  return [...read('corpus.en.yaml', 'en-US'), ...read('corpus.de.yaml', 'de-DE')];
}

const date = (d: string) => (d.length === 5 ? `2026-${d}` : d);

/** The shorthand of the corpus files (see the top of corpus.en.yaml). */
function expectation(tokens: string): Preference | null {
  if (tokens === 'NO') return null;
  const p: Preference = {};
  for (const token of tokens.split(' ')) {
    const [key, value = ''] = token.split('=');
    if (key === 'D') {
      const either = value.split('|').map(date);
      const [from, to = from] = value.includes('..') ? value.split('..').map(date) : [either[0], either.at(-1)];
      Object.assign(p, { dateFrom: from, dateTo: to }, either.length > 1 ? { dates: either } : {});
    }
    if (key === 'T') {
      const exact = value.startsWith('@');
      const [from, to] = exact ? [value.slice(1), plusMinute(value.slice(1))] : value.split('-');
      Object.assign(p, from ? { timeFrom: from } : {}, to ? { timeTo: to } : {});
    }
    if (key === 'E') p.earliest = true;
    if (key === 'XW') p.exceptWeekdays = [...(p.exceptWeekdays ?? []), Number(value)].sort();
    if (key === 'XD') p.exceptDates = [...(p.exceptDates ?? []), date(value)];
  }
  return p;
}

function plusMinute(hhmm: string): string {
  return Temporal.PlainTime.from(hhmm).add({ minutes: 1 }).toString({ smallestUnit: 'minute' });
}

/** Order-free comparison of two readings. */
export function same(a: Reading, b: Reading): boolean {
  const canon = (p: Reading) => (p === null ? 'refused' : JSON.stringify(Object.fromEntries(Object.entries(p).sort(([x], [y]) => x.localeCompare(y)))));
  return canon(a) === canon(b);
}

export function byRules(u: Utterance): Reading {
  const r = resolveCallerWords(u.say, { now: NOW, timeZone: ZONE, locale: u.locale });
  return r.ok ? r.preference : null;
}

/**
 * chrono-node's reading, given every benefit: each date it is certain of (day or weekday said) becomes a day, two
 * or more become alternatives, an end date a range; a certain hour becomes an exact time, or a range with an end
 * hour. Nothing found is a refusal. It has no notion of "after", parts of the day, exclusions or "the earliest".
 */
export function byChrono(u: Utterance): Reading {
  const parser = u.locale === 'de-DE' ? chrono.de : chrono.en;
  const offset = NOW.toZonedDateTimeISO(ZONE).offsetNanoseconds / 60e9;
  const results = parser.parse(u.say, { instant: new Date(NOW.epochMilliseconds), timezone: offset }, { forwardDate: true });
  if (results.length === 0) return null;
  const day = (c: chrono.ParsedComponents) => Temporal.PlainDate.from({ year: c.get('year')!, month: c.get('month')!, day: c.get('day')! }).toString();
  const certainDay = (c: chrono.ParsedComponents) => c.isCertain('day') || c.isCertain('weekday');
  const p: Preference = {};
  const days = [...new Set(results.filter((r) => certainDay(r.start)).map((r) => day(r.start)))].sort();
  const ranged = results.find((r) => certainDay(r.start) && r.end && certainDay(r.end));
  if (ranged?.end) Object.assign(p, { dateFrom: day(ranged.start), dateTo: day(ranged.end) });
  else if (days.length) Object.assign(p, { dateFrom: days[0], dateTo: days.at(-1) }, days.length > 1 ? { dates: days } : {});
  const timed = results.find((r) => r.start.isCertain('hour'));
  if (timed) {
    const at = (c: chrono.ParsedComponents) => `${String(c.get('hour')).padStart(2, '0')}:${String(c.get('minute') ?? 0).padStart(2, '0')}`;
    const from = at(timed.start);
    Object.assign(p, { timeFrom: from, timeTo: timed.end?.isCertain('hour') ? at(timed.end) : plusMinute(from) });
  }
  return p;
}
