// What was understood, said back in the caller's language: "Thursday, November 26 or Friday, November 27, after
// 3 PM, not Monday". The agent repeats it, so a misreading is caught before times are offered.
import { Temporal } from 'temporal-polyfill';
import { speakCalendarDate, speakDate, speakTimeOfDay, type SpokenLocale } from '../spoken.js';
import { END_OF_DAY, type Days, type Span, type Window } from './words.js';

interface RestateWords {
  to: string;
  after: string;
  before: string;
  between: string;
  and: string;
  or: string;
  at: string;
  not: string;
  endOfDay: string;
  earliest: string;
  anything: string;
  weekdays: string[];
}

const RESTATE_EN: RestateWords = {
  to: 'to',
  after: 'after',
  before: 'before',
  between: 'between',
  and: 'and',
  or: 'or',
  at: 'at',
  not: 'not',
  endOfDay: 'midnight',
  earliest: 'the earliest available',
  anything: 'any time',
  weekdays: ['Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday', 'Sunday'],
};

const RESTATE: Record<SpokenLocale, RestateWords> = {
  'en-US': RESTATE_EN,
  'en-GB': RESTATE_EN,
  'de-DE': {
    to: 'bis',
    after: 'nach',
    before: 'vor',
    between: 'zwischen',
    and: 'und',
    or: 'oder',
    at: 'um',
    not: 'nicht',
    endOfDay: '24 Uhr',
    earliest: 'frühestmöglich',
    anything: 'jederzeit',
    weekdays: ['Montag', 'Dienstag', 'Mittwoch', 'Donnerstag', 'Freitag', 'Samstag', 'Sonntag'],
  },
};

export function restate(days: Days, window: Window, earliest: boolean, today: Temporal.PlainDate, locale: SpokenLocale): string {
  const w = RESTATE[locale];
  const excluded = [
    ...(days.exceptWeekdays ?? []).map((d) => w.weekdays[d - 1]!),
    ...(days.exceptDates ?? []).map((d) => restateSpan({ from: d, to: d }, today, locale)),
  ];
  const parts = [
    days.dates ? days.dates.map((d) => restateSpan({ from: d, to: d }, today, locale)).join(` ${w.or} `) : days.span && restateSpan(days.span, today, locale),
    restateWindow(window, locale),
    earliest ? w.earliest : undefined,
    excluded.length ? `${w.not} ${excluded.join(` ${w.or} `)}` : undefined,
  ];
  const said = parts.filter((p): p is string => p !== undefined);
  return said.length === 0 ? w.anything : said.join(', ');
}

export function restateSpan(span: Span, today: Temporal.PlainDate, locale: SpokenLocale): string {
  if (!span.from.equals(span.to)) {
    return `${speakCalendarDate(span.from, today, locale)} ${RESTATE[locale].to} ${speakCalendarDate(span.to, today, locale)}`;
  }
  const relative = speakDate(span.from, today, locale);
  const calendar = speakCalendarDate(span.from, today, locale);
  return relative === calendar ? calendar : `${relative}, ${calendar}`;
}

function restateWindow(window: Window, locale: SpokenLocale): string | undefined {
  const w = RESTATE[locale];
  const { from, to } = window;
  if (from !== undefined && to === from + 1) return `${w.at} ${clockWords(from, locale)}`;
  if (from !== undefined && to !== undefined) return `${w.between} ${clockWords(from, locale)} ${w.and} ${clockWords(to, locale)}`;
  if (from !== undefined) return `${w.after} ${clockWords(from, locale)}`;
  if (to !== undefined) return `${w.before} ${clockWords(to, locale)}`;
  return undefined;
}

function clockWords(minutes: number, locale: SpokenLocale): string {
  if (minutes === END_OF_DAY) return RESTATE[locale].endOfDay;
  return speakTimeOfDay(Temporal.PlainTime.from({ hour: Math.floor(minutes / 60), minute: minutes % 60 }), locale);
}
