// A caller's words about when they want an appointment, resolved in code so that "next Tuesday" means the same
// date on every call instead of whatever a language model guesses. What is truly unclear is refused, saying why
// and with an example of what works; nothing is guessed. The parts live in caller-words/: each language's words
// and grammar (english.ts, german.ts, built from grammar.ts), day resolution (days.ts), time windows (window.ts)
// and restating what was understood (restate.ts). README.md ("Caller words") lists every reading rule.
//
// Corrections come first: the words are cut at "no wait", "actually", "make it", "how about" (German "nein,",
// "eigentlich", "lieber", …), and a later piece replaces what an earlier one said about the same thing: "Tuesday at
// 3, no wait, Thursday" is Thursday at 3; "tomorrow morning, actually afternoon" is tomorrow afternoon.
import type { Temporal } from 'temporal-polyfill';
import { resolveDays } from './caller-words/days.js';
import { ENGLISH } from './caller-words/english.js';
import { GERMAN } from './caller-words/german.js';
import { excerpt, hear, type Language } from './caller-words/grammar.js';
import { restate } from './caller-words/restate.js';
import { hhmm, resolveWindow } from './caller-words/window.js';
import type { Problem, Word } from './caller-words/words.js';
import type { Preference } from './preference.js';
import type { SpokenLocale } from './spoken.js';

export type CallerWordsResult = { ok: true; preference: Preference; understood: string } | { ok: false; problem: string };

export interface CallerWordsOptions {
  now: Temporal.Instant;
  /** Presentation zone (IANA): "today" and every wall-clock time are in it. */
  timeZone: string;
  /** Language of the caller's words and of `understood`; en-US when omitted. */
  locale?: SpokenLocale;
}

export function resolveCallerWords(text: string, o: CallerWordsOptions): CallerWordsResult {
  const locale = o.locale ?? 'en-US';
  const language = locale === 'de-DE' ? GERMAN : ENGLISH;
  const today = o.now.toZonedDateTimeISO(o.timeZone).toPlainDate();
  const refuse = (p: Problem): CallerWordsResult => ({ ok: false, problem: `${p.problem} ${language.examples}` });
  const heard = hearCorrected(text, language, today);
  if ('problem' in heard) return refuse(heard);
  const days = resolveDays(heard.words, today, locale);
  if ('problem' in days) return refuse(days);
  const window = resolveWindow(heard.words);
  if ('problem' in window) return refuse(window);
  const earliest = heard.words.some((w) => w.kind === 'earliest');
  const preference: Preference = {
    ...(days.span && { dateFrom: days.span.from.toString(), dateTo: days.span.to.toString() }),
    ...(days.dates && { dates: days.dates.map(String) }),
    ...(days.exceptDates && { exceptDates: days.exceptDates.map(String) }),
    ...(days.exceptWeekdays && { exceptWeekdays: days.exceptWeekdays }),
    ...(window.from !== undefined && { timeFrom: hhmm(window.from) }),
    ...(window.to !== undefined && { timeTo: hhmm(window.to) }),
    ...(earliest && { earliest: true }),
  };
  return { ok: true, preference, understood: restate(days, window, earliest, today, locale) };
}

type Topic = 'day' | 'time';

const TOPIC: Partial<Record<Word['kind'], Topic>> = {
  days: 'day',
  weekday: 'day',
  notWeekday: 'day',
  notDays: 'day',
  period: 'time',
  after: 'time',
  before: 'time',
  around: 'time',
  at: 'time',
  between: 'time',
};

/** Each piece between corrections is heard on its own; a later piece's days and times replace earlier ones. */
function hearCorrected(text: string, language: Language, today: Temporal.PlainDate): { words: Word[] } | Problem {
  const said = text.trim();
  const pieces = said.normalize('NFKC').toLowerCase().split(language.corrections).map(language.normalize).filter(Boolean);
  let words: Word[] = [];
  for (const piece of pieces) {
    // "at 3, no wait, 4": a lone number after a time is the corrected hour.
    const lone = /^\d{1,2}(?:[:.]\d{2})?$/.test(piece) && words.some((w) => TOPIC[w.kind] === 'time');
    const heard = hear(lone ? `${language === GERMAN ? 'um' : 'at'} ${piece}` : piece, said, language, today);
    if ('problem' in heard) return heard;
    const replaced = new Set(heard.words.map((w) => TOPIC[w.kind]).filter(Boolean));
    words = [...words.filter((w) => !replaced.has(TOPIC[w.kind])), ...heard.words];
  }
  if (words.length === 0 && said !== '') return { problem: `No day or time found in "${excerpt(said)}".` };
  return { words };
}
