// The German words and grammar for when a caller wants an appointment (read when the action's locale is de-DE).
// Rules apply in order, each cutting what it matched, so longer phrases come first ("später Nachmittag" before
// "Nachmittag").
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
import type { Clock, Problem } from './words.js';
import { earlyWeek, inDays, laterThisWeek, lateWeek, midWeek, monthSpan, nextMonth, nextWeek, nextWeekend, oneDay, thisMonth, thisWeek, thisWeekend } from './days.js';

const DE_WEEKDAYS = new Map([...numbered('montag,dienstag,mittwoch,donnerstag,freitag,samstag,sonntag'), ['sonnabend', 6]]);
const DE_MONTHS = new Map([
  ...numbered('januar,februar,märz,april,mai,juni,juli,august,september,oktober,november,dezember'),
  ...numbered('jan,feb,mär,apr'),
  ...numbered('jun,jul,aug,sep,okt,nov,dez', 6),
  ['jänner', 1],
  ['sept', 9],
]);
const DE_HOURS = new Map([
  ...numbered('eins,zwei,drei,vier,fünf,sechs,sieben,acht,neun,zehn,elf,zwölf'),
  ...numbered('dreizehn,vierzehn,fünfzehn,sechzehn,siebzehn,achtzehn,neunzehn,zwanzig,einundzwanzig,zweiundzwanzig,dreiundzwanzig', 13),
  ['ein', 1],
  ['null', 0],
]);
const DE_COUNTS = new Map([...DE_HOURS, ['einem', 1], ['ein paar', 3]]);
const DE_MINUTES = new Map([
  ['fünf', 5],
  ['zehn', 10],
  ['fünfzehn', 15],
  ['zwanzig', 20],
  ['dreißig', 30],
  ['fünfundvierzig', 45],
]);
const DE_ORDINAL_STEMS = numbered(
  'erste,zweite,dritte,vierte,fünfte,sechste,siebte,achte,neunte,zehnte,elfte,zwölfte,dreizehnte,vierzehnte,' +
    'fünfzehnte,sechzehnte,siebzehnte,achtzehnte,neunzehnte,zwanzigste,einundzwanzigste,zweiundzwanzigste,' +
    'dreiundzwanzigste,vierundzwanzigste,fünfundzwanzigste,sechsundzwanzigste,siebenundzwanzigste,' +
    'achtundzwanzigste,neunundzwanzigste,dreißigste,einunddreißigste',
);
/** "am vierten", "der vierte", "den vierten": the declined forms share a stem. */
const DE_ORDINALS = new Map(
  [...DE_ORDINAL_STEMS].flatMap(
    ([w, n]) =>
      [
        [w, n],
        [`${w}n`, n],
        [`${w}r`, n],
      ] as Array<[string, number]>,
  ),
);

const DE_HOUR = String.raw`(?:\d{1,2}|${alternatives(DE_HOURS.keys())})`;
const DE_CLOCK = String.raw`(?:mittag|mitternacht|(?:halb|viertel nach|viertel vor) ${DE_HOUR}|\d{1,2}[:.]\d{2}(?: uhr)?|${DE_HOUR}(?: uhr(?: (?:${alternatives(DE_MINUTES.keys())}))?)?)`;
/** A time said without "um": it needs "Uhr", minutes or "Mittag", so that a bare number is never taken for one. */
const DE_CLOCK_ALONE = String.raw`(?:\d{1,2}[:.]\d{2}(?: uhr)?|${DE_HOUR} uhr(?: (?:${alternatives(DE_MINUTES.keys())}))?|(?:halb|viertel nach|viertel vor) ${DE_HOUR}|mittag)`;
const DE_ORDINAL = String.raw`(?:\d{1,2}\.|${alternatives(DE_ORDINALS.keys())})`;
const DE_DAY = String.raw`(?:\d{1,2}\.?|${alternatives(DE_ORDINALS.keys())})`;
const DE_MONTH = `(?:${alternatives(DE_MONTHS.keys())})`;
const DE_MONTH_NAME = 'januar|jänner|februar|märz|april|mai|juni|juli|august|september|oktober|november|dezember';
const DE_WEEKDAY = `(?:${alternatives(DE_WEEKDAYS.keys())})`;
/** "montag" and "montags". */
const DE_WEEKDAY_S = `(${DE_WEEKDAY}s?(?:(?:,| oder| und| noch)+ ${DE_WEEKDAY}s?)*)`;
const DE_COUNT = `(\\d{1,2}|${alternatives(DE_COUNTS.keys())})`;
const NEXT_WEEK = '(?:nächster|nächsten|kommender|kommenden|der nächsten|der kommenden) woche';
const THIS_WEEK = '(?:dieser|der|diese) woche';

function germanClock(said: string): Clock | Problem {
  if (said === 'mittag') return { kind: 'fixed', minutes: 12 * 60 };
  if (said === 'mitternacht') return { kind: 'midnight' };
  const m = /^(?:(halb|viertel nach|viertel vor) )?(?:(\d{1,2})(?:[:.](\d{2}))?|(\p{L}+))(?: uhr(?: (\p{L}+))?)?$/u.exec(said);
  const [, relative, digits, minuteDigits, hourWord, minuteWord] = m ?? [];
  const hour = digits !== undefined ? Number(digits) : DE_HOURS.get(hourWord ?? '');
  const minute = minuteDigits !== undefined ? Number(minuteDigits) : minuteWord !== undefined ? DE_MINUTES.get(minuteWord) : 0;
  if (hour === undefined || minute === undefined) return { problem: `"${said}" is not a time of day.` };
  const leadingZero = digits?.startsWith('0') ?? false;
  // "halb drei" is 2:30 and "viertel vor drei" 2:45: the hour named is the one being approached.
  const approached = relative === 'halb' || relative === 'viertel vor';
  const shown = !approached ? hour : hour === 1 ? 12 : (hour + 23) % 24;
  const shownMinute = relative === 'halb' ? 30 : relative === 'viertel vor' ? 45 : relative ? 15 : minute;
  return clockFrom(said, shown, shownMinute, undefined, leadingZero);
}

const count = (said: string) => DE_COUNTS.get(said) ?? Number(said);

export const GERMAN: Language = {
  normalize: (text) =>
    text
      .normalize('NFKC')
      .toLowerCase()
      .replace(/[’‘`´]/g, "'")
      .replace(/(\d{1,2}) ?uhr (\d{2})(?!\d)/g, '$1:$2 uhr')
      .replace(/(\d) ?[-–] ?(\d)/g, '$1 bis $2')
      .replace(/[^\p{L}\d:.]+/gu, ' ')
      .replace(/(?<!\d)[:.]|:(?!\d)|\.(?!\d|\s|$)/g, ' ')
      .replace(/\s+/g, ' ')
      .trim(),
  corrections:
    /(?<![\p{L}'])(?:nein(?=\s*[,.;!?—–-])|nee|ach nein|nein doch|nein warte|moment|warten sie|warte|eigentlich|ich meine|sagen wir|machen wir|doch lieber|lieber doch|oder lieber|oder besser|oder doch|besser|korrektur|vielmehr|wie wäre es mit|wie wär's mit|wie wärs mit|was ist mit|stattdessen|äh nein|ähm nein|lieber)(?![\p{L}'])/gu,
  rules: [
    notDayRule(
      String.raw`(?:aber |nur |bloß )?(?:nicht|außer|ausser|bis auf|kein|keinen|keine)(?: am| an einem| an)? (?:${DE_WEEKDAY_S}|(heute|morgen))|(?:am )?${DE_WEEKDAY_S} (?:geht|passt|kann ich) (?:(?:es|mir|bei mir|leider|da) )*(?:nicht|schlecht)`,
      DE_WEEKDAYS,
      { heute: oneDay, morgen: (t) => oneDay(t.add({ days: 1 })) },
    ),
    refuseRule(String.raw`gestern|vorgestern|letzte(?:n|r)? (?:${DE_WEEKDAY}|woche|wochenende)`, 'that is in the past; ask which coming day suits them.'),
    constantRule(
      String.raw`(?:so (?:früh|bald|schnell) wie möglich|frühestmöglich\p{L}*|schnellstmöglich|baldmöglichst|am frühesten|(?:den |der |einen )?(?:nächsten?|ersten?|frühesten?) (?:freien?|möglichen?) termin)`,
      'earliest',
    ),
    firstThingRule('gleich morgens|morgens als erstes|als erstes|gleich in der früh|ganz früh am morgen|erster termin am morgen'),
    constantRule(String.raw`(?:ist (?:mir )?)?egal|jederzeit|wann immer|beliebig|(?:ich bin )?flexibel|keine präferenz|ganz gleich|irgendwann`, 'anything'),
    daysRule('übermorgen', (t) => oneDay(t.add({ days: 2 }))),
    daysRule('(?:im )?nächsten monat|(?:im )?kommenden monat', nextMonth),
    daysRule('(?:noch )?(?:in )?diesem monat|diesen monat', thisMonth),
    rule(`(?:irgendwann )?im (${DE_MONTH_NAME})`, (m, t) => [{ kind: 'days', said: m[0], ...monthSpan(t, DE_MONTHS.get(m[1] ?? '') ?? 0) }]),
    periodRule('heute (?:morgen|früh)', 'morning', (t) => t),
    periodRule('morgen früh', 'morning', (t) => t.add({ days: 1 })),
    periodRule('heute nachmittag', 'afternoon', (t) => t),
    periodRule('heute abend', 'evening', (t) => t),
    periodRule('heute nacht', 'night', (t) => t),
    daysRule('später heute|heute noch|noch heute', oneDay),
    rule(`in ${DE_COUNT} tagen`, (m, t) => [{ kind: 'days', said: m[0], ...oneDay(t.add({ days: count(m[1] ?? '') })) }]),
    daysRule('(?:heute )?in (?:einer|1) woche|in acht tagen', inDays(7)),
    daysRule('in (?:zwei|2) wochen|in vierzehn tagen', inDays(14)),
    periodRule('(?:am )?frühen morgen|früh morgens|frühmorgens|ganz früh|vor der arbeit', 'earlyMorning'),
    periodRule('(?:am )?späten vormittag|später vormittag', 'lateMorning'),
    periodRule('vor dem mittagessen|vor der mittagspause', 'beforeLunch'),
    periodRule('nach dem mittagessen|nach der mittagspause|nach dem essen', 'afterLunch'),
    periodRule('(?:über |zur |in der )?mittagszeit|(?:in der )?mittagspause|über mittag|mittags', 'lunch'),
    periodRule('(?:am )?frühen nachmittag|früher nachmittag', 'earlyAfternoon'),
    periodRule('(?:am )?späten nachmittag|später nachmittag|spätnachmittags?', 'lateAfternoon'),
    periodRule('(?:gegen |zum )?ende des (?:arbeits)?tages|zum feierabend|kurz vor feierabend', 'lateInTheDay'),
    periodRule('(?:am )?frühen abend|früher abend', 'earlyEvening'),
    periodRule('nach feierabend|nach der arbeit', 'afterWork'),
    periodRule('(?:am |in der )morgen|(?:am |in der )?früh|morgens', 'morning'),
    periodRule('(?:am )?vormittags?', 'morning'),
    periodRule('(?:am )?nachmittags?', 'afternoon'),
    periodRule('(?:am )?abends?', 'evening'),
    daysRule('heute', oneDay),
    daysRule('morgen', (t) => oneDay(t.add({ days: 1 }))),
    daysRule(`(?:am )?anfang ${NEXT_WEEK}`, earlyWeek(1)),
    daysRule(`(?:in der )?mitte ${NEXT_WEEK}`, midWeek(1)),
    daysRule(`(?:gegen )?ende ${NEXT_WEEK}`, lateWeek(1)),
    daysRule(`(?:am )?anfang ${THIS_WEEK}`, earlyWeek(0)),
    daysRule(`(?:in der )?mitte ${THIS_WEEK}|unter der woche`, midWeek(0)),
    daysRule('später in der woche|im laufe der woche', laterThisWeek),
    daysRule(`(?:gegen )?ende ${THIS_WEEK}`, lateWeek(0)),
    daysRule('(?:noch |in )?diese(?:r)? woche', thisWeek),
    daysRule('(?:in der )?(?:nächsten?|nächster|kommenden?) woche', nextWeek),
    daysRule('(?:am |an dem )?(?:nächsten?|nächstes|kommenden?|kommendes) wochenende', nextWeekend),
    daysRule('(?:am |dieses |an diesem )?wochenende', thisWeekend),
    monthDayRule(String.raw`(?:am |den |der )?(${DE_DAY}) (${DE_MONTH})(?: (20\d\d))?`, 'day-month', DE_MONTHS, DE_ORDINALS),
    dayOfMonthRule(String.raw`(?:am|den|der) (${DE_ORDINAL})`, DE_ORDINALS),
    weekdayRule(
      `(?:am )?(?:(diesen kommenden|diesen|kommenden|nächsten|nächster) )?(${alternatives(DE_WEEKDAYS.keys())})`,
      DE_WEEKDAYS,
      (p) => p === 'nächsten' || p === 'nächster',
    ),
    betweenRule(String.raw`zwischen (${DE_CLOCK}) und (${DE_CLOCK})|(?:von )?(${DE_CLOCK}) bis (${DE_CLOCK})`, germanClock),
    clockRule(String.raw`(?<!viertel |nicht )(?:nach|ab|frühestens(?: um| ab)?|nicht vor) (${DE_CLOCK})`, 'after', germanClock),
    clockRule(String.raw`(?<!viertel )(?:vor|bis|spätestens(?: um| bis)?|nicht nach) (${DE_CLOCK})`, 'before', germanClock),
    clockRule(
      String.raw`(?:so )?(?:gegen|ungefähr um|etwa um|circa um|ca um|zirka um|ungefähr|etwa|circa|ca) (${DE_CLOCK})|um (${DE_CLOCK}) herum`,
      'around',
      germanClock,
    ),
    clockRule(String.raw`um (${DE_CLOCK})|(${DE_CLOCK_ALONE})`, 'at', germanClock),
    constantRule('oder|entweder|und|sonst', 'or'),
  ],
  fillers: new Set(
    (
      'am um im in an der die das den dem des ein eine einen einem einer termin terminen bitte gern gerne ich wir mir ' +
      'uns sie es ist wäre hätte hätten möchte möchten würde würden könnte könnten kann können geht gehen gut passt ' +
      'passen besten lieber vielleicht ja also äh ähm hm hmm na so dann da noch etwas frei freie freien zeit für zu mit ' +
      'wie irgendwie haben habe hab ihnen mal auch okay ok gut super danke prima schön vorbeikommen kommen tag woche liebsten beide beides'
    ).split(' '),
  ),
  examples: 'Zum Beispiel "morgen Nachmittag", "nächsten Dienstag nach 15 Uhr", "am 4. Dezember vormittags" oder "so früh wie möglich".',
};
