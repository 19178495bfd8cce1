// The English words and grammar for when a caller wants an appointment. Rules apply in order, each cutting what
// it matched, so longer and more specific phrases come first ("late afternoon" before "afternoon").
import {
  alternatives,
  betweenRule,
  clockFrom,
  clockRule,
  constantRule,
  dayOfMonthRule,
  daysRule,
  firstThingRule,
  monthDayRule,
  notDayRule,
  numbered,
  periodRule,
  refuseRule,
  rule,
  weekdayRule,
  type Language,
} from './grammar.js';
import type { Clock, Meridiem, Problem } from './words.js';
import { earlyWeek, inDays, laterThisWeek, lateWeek, midWeek, monthSpan, nextMonth, nextWeek, nextWeekend, oneDay, thisMonth, thisWeek, thisWeekend } from './days.js';

const EN_WEEKDAYS = numbered('monday,tuesday,wednesday,thursday,friday,saturday,sunday');
const EN_MONTHS = new Map([
  ...numbered('january,february,march,april,may,june,july,august,september,october,november,december'),
  ...numbered('jan,feb,mar,apr'),
  ...numbered('jun,jul,aug,sep,oct,nov,dec', 6),
  ['sept', 9],
]);
const EN_HOURS = numbered('one,two,three,four,five,six,seven,eight,nine,ten,eleven,twelve');
const EN_COUNTS = new Map([...EN_HOURS, ['a', 1], ['a couple of', 2], ['a few', 3]]);
const EN_MINUTES = new Map([
  ['oh five', 5],
  ['ten', 10],
  ['fifteen', 15],
  ['twenty', 20],
  ['thirty', 30],
  ['forty five', 45],
]);
const EN_ORDINALS = numbered(
  'first,second,third,fourth,fifth,sixth,seventh,eighth,ninth,tenth,eleventh,twelfth,thirteenth,fourteenth,' +
    'fifteenth,sixteenth,seventeenth,eighteenth,nineteenth,twentieth,twenty first,twenty second,twenty third,' +
    'twenty fourth,twenty fifth,twenty sixth,twenty seventh,twenty eighth,twenty ninth,thirtieth,thirty first',
);

const EN_CLOCK = String.raw`(?:(?:12|twelve) (?:noon|midnight)|noon|midday|midnight|(?:\d{1,2}(?:[:.]\d{2})?|(?:${alternatives(EN_HOURS.keys())})(?: (?:${alternatives(EN_MINUTES.keys())}))?)(?: [ap]m)?)`;
/** A time said without "at": it needs am/pm, minutes or "noon", so that a bare number is never taken for one. */
const EN_CLOCK_ALONE = String.raw`(?:\d{1,2}(?:[:.]\d{2})? [ap]m|\d{1,2}[:.]\d{2}|(?:12 |twelve )?(?:noon|midday)|(?:${alternatives(EN_HOURS.keys())}) (?:${alternatives(EN_MINUTES.keys())})(?: [ap]m)?)`;
const EN_ORDINAL = String.raw`(?:\d{1,2}(?:st|nd|rd|th)|${alternatives(EN_ORDINALS.keys())})`;
const EN_DAY = String.raw`(?:\d{1,2}(?:st|nd|rd|th)?|${alternatives(EN_ORDINALS.keys())})`;
const EN_MONTH = `(?:${alternatives(EN_MONTHS.keys())})`;
/** Full month names only: "in may" is a month, "in mar" is not said. */
const EN_MONTH_NAME = 'january|february|march|april|may|june|july|august|september|october|november|december';
/** "monday" and "mondays". */
const EN_WEEKDAY = `(?:${alternatives(EN_WEEKDAYS.keys())})`;
const EN_WEEKDAY_S = `(${EN_WEEKDAY}s?(?:(?:,| or| and| nor)+ ${EN_WEEKDAY}s?)*)`;
const EN_COUNT = `(\\d{1,2}|${alternatives(EN_COUNTS.keys())})`;

function englishClock(said: string): Clock | Problem {
  if (/^(?:(?:12|twelve) )?(?:noon|midday)$/.test(said)) return { kind: 'fixed', minutes: 12 * 60 };
  if (/^(?:(?:12|twelve) )?midnight$/.test(said)) return { kind: 'midnight' };
  const m = /^(?:(\d{1,2})(?:[:.](\d{2}))?|([a-z]+)(?: ([a-z ]+?))?)(?: ([ap]m))?$/.exec(said);
  const [, digits, minuteDigits, hourWord, minuteWord, meridiem] = m ?? [];
  const hour = digits !== undefined ? Number(digits) : EN_HOURS.get(hourWord ?? '');
  const minute = minuteDigits !== undefined ? Number(minuteDigits) : minuteWord !== undefined ? EN_MINUTES.get(minuteWord) : 0;
  if (hour === undefined || minute === undefined) return { problem: `"${said}" is not a time of day.` };
  return clockFrom(said, hour, minute, meridiem as Meridiem | undefined, digits?.startsWith('0') ?? false);
}

const count = (said: string) => EN_COUNTS.get(said) ?? Number(said);

/** "half past two" → "2:30", "quarter to three" → "2:45": written as the digits the clock rules read. */
function relativeClock(said: string, how: string, hourSaid: string): string {
  const hour = EN_HOURS.get(hourSaid) ?? Number(hourSaid);
  if (!(hour >= 1 && hour <= 12)) return said;
  if (how === 'quarter to') return `${hour === 1 ? 12 : hour - 1}:45`;
  return `${hour}:${how === 'half past' ? '30' : '15'}`;
}

export const ENGLISH: Language = {
  normalize: (text) =>
    text
      .normalize('NFKC')
      .toLowerCase()
      .replace(/[’‘`´]/g, "'")
      .replace(/\bi'?m\b|\bi am\b/g, 'i')
      .replace(/(\d)(?=[ap]\.? ?m\b)/g, '$1 ')
      .replace(/\b([ap])\.? ?m\b\.?/g, ' $1m ')
      .replace(/\bo' ?clock\b/g, ' ')
      .replace(/\b(half past|quarter past|quarter to) (\d{1,2}|[a-z]+)\b/g, (said, how: string, hour: string) => relativeClock(said, how, hour))
      .replace(/(\d) ?[-–] ?(\d)/g, '$1 to $2')
      .replace(/[^a-z0-9:.']+/g, ' ')
      .replace(/(?<!\d)[:.]|[:.](?!\d)|(?<![a-z])'|'(?![a-z])/g, ' ')
      .replace(/\s+/g, ' ')
      .trim(),
  corrections:
    /(?<![\p{L}'])(?:no(?=\s*[,.;!?—–-])|nope|no no|no wait|oh wait|wait|actually|sorry|i mean|or rather|rather|(?<!(?:can'?t|cannot|not|couldn'?t|won'?t) )make (?:it|that)|let'?s (?:say|do|make it)|how about|what about|scratch that|on second thought|change (?:it|that) to|better yet|hmm no)(?![\p{L}'])/gu,
  rules: [
    notDayRule(
      String.raw`(?:(?:but|and) )?(?:not|except|excluding|apart from|other than|anything but|any day but|any day except|instead of|no)(?: on)?(?: a)? (?:${EN_WEEKDAY_S}|(today|tomorrow))|${EN_WEEKDAY_S} (?:doesn'?t|does not|won'?t|will not|don'?t) work|${EN_WEEKDAY_S}(?: is|'s| are)? (?:no good|out|not good|bad|not possible|impossible)|(?:i )?(?:can'?t|cannot|can not|couldn'?t) (?:do|make)(?: it)?(?: on)? (?:${EN_WEEKDAY_S}|(today|tomorrow))`,
      EN_WEEKDAYS,
      { today: oneDay, tomorrow: (t) => oneDay(t.add({ days: 1 })) },
    ),
    refuseRule(String.raw`yesterday|last (?:${EN_WEEKDAY}|week|weekend)`, 'that is in the past; ask which coming day suits them.'),
    constantRule(
      String.raw`(?:the )?(?:earliest|soonest|(?:first|next) (?:available|free|opening))(?: (?:available|possible|free|slot|time|appointment|one|opening))?|as (?:soon|early) as (?:possible|you can)|asap|a s a p|whichever (?:is|comes) (?:earlier|sooner|first)`,
      'earliest',
    ),
    firstThingRule(String.raw`(?:the )?first thing(?: in the morning)?|first slot of the day`),
    constantRule(
      String.raw`anything|anytime|any time|whenever|whatever works|any day|(?:it )?(?:doesn'?t|does not|don'?t) matter|(?:i )?(?:don'?t|do not) mind|no preference|(?:i )?flexible|up to you`,
      'anything',
    ),
    daysRule('tomorrow or the (?:day after|next day)(?: tomorrow)?', (t) => ({ from: t.add({ days: 1 }), to: t.add({ days: 2 }) })),
    daysRule('(?:the )?day after tomorrow', (t) => oneDay(t.add({ days: 2 }))),
    daysRule('(?:in )?(?:a|one) week(?: from (?:today|now))?|a week today|this time next week', inDays(7)),
    daysRule('(?:in )?(?:two|2) weeks(?: from (?:today|now))?|in a fortnight', inDays(14)),
    daysRule('next month', nextMonth),
    daysRule('(?:this|later this) month|(?:the )?rest of (?:the|this) month', thisMonth),
    rule(`(?:sometime |some time )?(?:in|during) (${EN_MONTH_NAME})`, (m, t) => [{ kind: 'days', said: m[0], ...monthSpan(t, EN_MONTHS.get(m[1] ?? '') ?? 0) }]),
    daysRule('later today', oneDay),
    periodRule('tonight', 'night', (t) => t),
    periodRule('this morning', 'morning', (t) => t),
    periodRule('this afternoon', 'afternoon', (t) => t),
    periodRule('this evening', 'evening', (t) => t),
    rule(`in ${EN_COUNT} days?`, (m, t) => [{ kind: 'days', said: m[0], ...oneDay(t.add({ days: count(m[1] ?? '') })) }]),
    daysRule('today', oneDay),
    daysRule('tomorrow', (t) => oneDay(t.add({ days: 1 }))),
    daysRule('(?:early|earlier) (?:in the |part of )?next week|early in the week next week|(?:the )?(?:beginning|start) of next week', earlyWeek(1)),
    daysRule('(?:the )?middle of next week|mid ?next week', midWeek(1)),
    daysRule('(?:late|later) (?:in the |part of )?next week|(?:towards? )?(?:the )?end of next week', lateWeek(1)),
    daysRule('(?:early|earlier) (?:in the |part of )?(?:this|the) week|(?:the )?(?:beginning|start) of (?:this|the) week', earlyWeek(0)),
    daysRule('(?:the )?middle of (?:this|the) week|mid ?week', midWeek(0)),
    daysRule('later (?:this|in the) week', laterThisWeek),
    daysRule('late (?:this|in the) week|(?:towards? )?(?:the )?end of (?:this|the) week', lateWeek(0)),
    daysRule('this week|(?:the )?rest of (?:the|this) week', thisWeek),
    daysRule('next week', nextWeek),
    daysRule('next weekend', nextWeekend),
    daysRule('(?:this |the )?weekend', thisWeekend),
    monthDayRule(String.raw`(?:the )?(${EN_DAY})(?: of)? (${EN_MONTH})(?: (20\d\d))?`, 'day-month', EN_MONTHS, EN_ORDINALS),
    monthDayRule(String.raw`(${EN_MONTH}) (?:the )?(${EN_DAY})(?: (20\d\d))?`, 'month-day', EN_MONTHS, EN_ORDINALS),
    dayOfMonthRule(String.raw`the (${EN_ORDINAL})|(\d{1,2}(?:st|nd|rd|th))`, EN_ORDINALS),
    weekdayRule(`(?:(this coming|this|coming|next) )?(${alternatives(EN_WEEKDAYS.keys())})`, EN_WEEKDAYS, (p) => p === 'next'),
    periodRule('(?:early|first thing) (?:in the )?mornings?|(?:in the )?early mornings?|before work', 'earlyMorning'),
    periodRule('mid ?mornings?|(?:in the )?middle of the morning', 'midMorning'),
    periodRule('late (?:in the )?mornings?|(?:in the )?late mornings?', 'lateMorning'),
    periodRule('before lunch(?:time)?', 'beforeLunch'),
    periodRule('after lunch(?:time)?', 'afterLunch'),
    periodRule('(?:at |around |over |during |for )?lunch ?time|(?:at |around |over |during |for )lunch', 'lunch'),
    periodRule('early (?:in the )?afternoons?|(?:in the )?early afternoons?', 'earlyAfternoon'),
    periodRule('mid ?afternoons?|(?:in the )?middle of the afternoon', 'midAfternoon'),
    periodRule('late (?:in the )?afternoons?|(?:in the )?late afternoons?', 'lateAfternoon'),
    periodRule('(?:at |towards? |toward )?(?:the )?end of (?:the|my) (?:work ?)?day|late(?:r)? in the day|close of business|end of business', 'lateInTheDay'),
    periodRule('early (?:in the )?evenings?|(?:in the )?early evenings?', 'earlyEvening'),
    periodRule('after work', 'afterWork'),
    periodRule('(?:in the |during the )?mornings?', 'morning'),
    periodRule('(?:in the |during the )?afternoons?', 'afternoon'),
    periodRule('(?:in the |during the )?evenings?', 'evening'),
    periodRule('(?:at |during the )?nights?', 'night'),
    betweenRule(
      String.raw`between (${EN_CLOCK}) (?:and|to) (${EN_CLOCK})|(?:from )?(${EN_CLOCK}) (?:to|till|until|through) (${EN_CLOCK})`,
      englishClock,
    ),
    clockRule(String.raw`(?:(?<!not )after|from|no earlier than|not earlier than|not before|starting(?: at| from)?) (${EN_CLOCK})`, 'after', englishClock),
    clockRule(String.raw`(?:before|by|until|till|no later than|not later than|not after) (${EN_CLOCK})`, 'before', englishClock),
    clockRule(String.raw`(?:at |somewhere )?(?:around|about|approximately|roughly|round about) (${EN_CLOCK})|(?:at )?(${EN_CLOCK})(?: ?ish| or so| or thereabouts)`, 'around', englishClock),
    clockRule(String.raw`at (${EN_CLOCK})|(${EN_CLOCK_ALONE})`, 'at', englishClock),
    constantRule('or|either|and|or else|otherwise', 'or'),
  ],
  fillers: new Set(
    (
      'the on at in a an of for please um umm uh uhm er erm hmm mm well so ok okay oh yes yeah yep sure maybe perhaps ideally ' +
      'preferably probably possibly sometime some time day days slot slots appointment appointments meeting booking visit i me my we ' +
      "us you your you've it it's that there would like want need prefer could can do does have has got get is are be " +
      "works work good great fine best better free possible available open suit suits fits let's lets say go with book schedule " +
      "just really think guess i'd id i'll something how about what if then also instead come by pop in see let one time thanks thank " +
      'any both whichever put down pencil squeeze fit'
    ).split(' '),
  ),
  examples: 'Try e.g. "tomorrow afternoon", "next Tuesday after 3", "December 4 in the morning" or "the earliest you have".',
};
