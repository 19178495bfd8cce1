// The attendee's email: which source to trust first, how a spoken address becomes a written one, and when an
// address is good enough to book with. Cal.com sends its confirmation there, so a wrong one loses the booking.
// (One file: validation, priority and the spoken form share the reasons a caller hears; split, each part would
// re-export the others' words.)
import spellChecker from '@zootools/email-spell-checker';

export type EmailSource = 'dynamicContext' | 'contact' | 'fallback' | 'caller';
export type EmailResolution = { email: string; source: Exclude<EmailSource, 'caller'> } | { ask: true; reason: string };
export type SpokenEmailResult =
  /**
   * `readBack`: how the agent reads it back, the part before the "@" letter by letter and well-known domains as
   * words: "j o h n dot s m i t h at gmail dot com". With a likely domain typo ("gmial.com") it ends with the
   * question "Or did you mean gmail dot com?", and `suggestion` is that address.
   */
  | { ok: true; email: string; readBack: string; suggestion?: string }
  /** `reprompt`: what the agent says next, naming what was wrong. */
  | { ok: false; problem: string; reprompt: string };

/** `problem` is for logs and the agent: it may quote the domain but never the part before the "@". */
interface EmailProblem {
  problem: string;
  reprompt: string;
}

// ---------------------------------------------------------------------------------------------------------------
// Validation: the checks a real mail system would fail on, each with words for the caller.

const MAX_LOCAL = 64;
const MAX_TOTAL = 254;
const MAX_LABEL = 63;
/** RFC 5322 atext plus the dot: what an unquoted local part may hold. */
const LOCAL_CHAR = /[a-z0-9!#$%&'*+/=?^_`{|}~.-]/i;
const DOMAIN_CHAR = /[a-z0-9.-]/i;
/** Endings callers run into the domain when they leave out "dot"; longest first, so "couk" wins over "uk". */
const KNOWN_ENDINGS = [
  ...['co.uk', 'org.uk', 'ac.uk', 'com.au', 'co.nz', 'co.za', 'co.in', 'com.br'],
  ...['com', 'net', 'org', 'edu', 'gov', 'info', 'biz', 'io', 'ai', 'me', 'co'],
  ...['de', 'uk', 'us', 'ca', 'fr', 'nl', 'es', 'it', 'ch', 'at', 'ie'],
]
  .map((ending) => ({ ending, joined: ending.replaceAll('.', '') }))
  .sort((a, b) => b.joined.length - a.joined.length);

const SPOKEN_SYMBOLS: Record<string, string> = { '.': 'dot', '@': 'at', '-': 'dash', _: 'underscore', '+': 'plus' };
const DIGIT_NAMES = ['zero', 'one', 'two', 'three', 'four', 'five', 'six', 'seven', 'eight', 'nine'];
/** The spell checker's popular domains plus the big ones it lacks, European ones in particular. */
const WELL_KNOWN_DOMAINS = [
  ...spellChecker.POPULAR_DOMAINS,
  ...['yahoo.com', 'hotmail.com', 'outlook.com', 'live.com', 'mail.com', 'gmx.com', 'fastmail.com', 'hotmail.co.uk', 'yahoo.co.uk'],
  ...['gmx.de', 'gmx.net', 't-online.de', 'posteo.de', 'freenet.de', 'mail.de', 'yahoo.de', 'hotmail.de', 'outlook.de', 'web.de'],
];
/** Domain labels a caller recognises as words; every other label is spelled out. */
const SAID_AS_WORDS = new Set([
  ...WELL_KNOWN_DOMAINS.map((d) => d.split('.')[0]!),
  ...['googlemail', 'protonmail', 'proton', 'mail'],
  ...['com', 'net', 'org', 'edu', 'gov', 'info', 'co'],
]);

/** A well-known domain the caller probably meant ("gmial.com" → "gmail.com"), if the one heard is not one. */
export function domainSuggestion(email: string): string | undefined {
  const found = spellChecker.run({ email, domains: WELL_KNOWN_DOMAINS });
  return found && found.domain !== email.slice(email.indexOf('@') + 1) ? found.full : undefined;
}

function spell(text: string): string {
  return [...text].map((c) => SPOKEN_SYMBOLS[c] ?? (/\d/.test(c) ? DIGIT_NAMES[Number(c)] : c)).join(' ');
}

function speakDomain(domain: string): string {
  return domain
    .split('.')
    .map((label) => (SAID_AS_WORDS.has(label) ? label : spell(label)))
    .join(' dot ');
}

function readBack(email: string): string {
  const at = email.indexOf('@');
  return `${spell(email.slice(0, at))} at ${speakDomain(email.slice(at + 1))}`;
}

const SAY_AGAIN = 'Could you say the whole address again?';
/** `reprompt` gets SAY_AGAIN appended unless it already asks its own question. */
function problem(text: string, reprompt: string): EmailProblem {
  return { problem: text, reprompt: reprompt.endsWith('?') ? reprompt : `${reprompt} ${SAY_AGAIN}` };
}

/** "gmailcom" → "gmail.com": the likeliest meaning of a domain said without its dot. */
function dotlessSuggestion(domain: string): string | undefined {
  const known = KNOWN_ENDINGS.find(({ joined }) => domain.length > joined.length && domain.endsWith(joined));
  return known && `${domain.slice(0, -known.joined.length)}.${known.ending}`;
}

function localProblem(local: string): EmailProblem | undefined {
  if (local.length > MAX_LOCAL) {
    return problem(`the part before the 'at' sign is longer than ${MAX_LOCAL} characters`, 'That sounded too long for an email address.');
  }
  if (local.startsWith('.') || local.endsWith('.')) {
    return problem(
      "the part before the 'at' sign starts or ends with a dot",
      "Sorry, I heard a dot at the start of the address or just before the 'at'.",
    );
  }
  const bad = [...local].find((c) => !LOCAL_CHAR.test(c));
  if (bad !== undefined) {
    return problem(
      `the part before the 'at' sign contains '${bad}', which an email address cannot have`,
      "Sorry, part of that didn't sound like an email address.",
    );
  }
  return undefined;
}

function dotlessDomainProblem(domain: string): EmailProblem {
  const guess = dotlessSuggestion(domain);
  if (guess) {
    const said = speakDomain(guess);
    return problem(`the domain '${domain}' has no dot — was it ${said}?`, `Just to check, was that ${said}? ${SAY_AGAIN}`);
  }
  return problem(
    `the domain '${domain}' has no ending such as dot com`,
    `I heard ${speakDomain(domain)} but no ending, like dot com or dot org.`,
  );
}

function domainProblem(domain: string): EmailProblem | undefined {
  const bad = [...domain].find((c) => !DOMAIN_CHAR.test(c));
  if (bad !== undefined) {
    return problem(`the domain '${domain}' contains '${bad}', which a domain cannot have`, "Sorry, the part after the 'at' didn't sound right.");
  }
  if (!domain.includes('.')) return dotlessDomainProblem(domain);
  if (domain.startsWith('.') || domain.endsWith('.')) {
    return problem(`the domain '${domain}' starts or ends with a dot`, "Sorry, I heard a dot in the wrong place after the 'at'.");
  }
  const labels = domain.split('.');
  if (labels.some((l) => l.startsWith('-') || l.endsWith('-'))) {
    return problem(`a part of the domain '${domain}' starts or ends with a dash`, "Sorry, I heard a dash in the wrong place after the 'at'.");
  }
  if (labels.some((l) => l.length > MAX_LABEL)) {
    return problem(`a part of the domain '${domain}' is longer than ${MAX_LABEL} characters`, 'That domain sounded too long.');
  }
  const ending = labels.at(-1) ?? '';
  if (!/^[a-z]{2,}$/i.test(ending)) {
    return problem(
      `the domain '${domain}' ends in '.${ending}', which is not a domain ending (those are two or more letters)`,
      "Sorry, I didn't catch how the address ends, like dot com.",
    );
  }
  return undefined;
}

/** The first reason the address cannot be used, or undefined when it can. Case is accepted as given. */
function emailProblem(email: string): EmailProblem | undefined {
  if (email === '') return problem("I didn't catch an email address", "Sorry, I didn't catch the email address. Could you say it again?");
  if (/\s/.test(email)) return problem('the address contains a space', "Sorry, that didn't sound like one address.");
  const ats = email.split('@').length - 1;
  if (ats === 0) {
    return problem(
      "I heard no 'at' sign",
      "Sorry, I didn't hear the 'at' sign. Could you say the whole address again, like name at example dot com?",
    );
  }
  if (ats > 1) {
    return problem(
      "I heard the 'at' sign more than once",
      "Sorry, I heard 'at' more than once. Could you say the address again, with 'at' only before the domain?",
    );
  }
  const [local = '', domain = ''] = email.split('@');
  if (local === '') return problem("nothing came before the 'at' sign", "Sorry, I missed the part before the 'at'.");
  if (domain === '') return problem("nothing came after the 'at' sign", "Sorry, I missed the part after the 'at', like gmail dot com.");
  if (email.length > MAX_TOTAL) {
    return problem(`the address is longer than ${MAX_TOTAL} characters`, 'That sounded too long for an email address.');
  }
  if (email.includes('..')) return problem('the address has two dots in a row', 'Sorry, I heard two dots in a row.');
  return localProblem(local) ?? domainProblem(domain);
}

/**
 * A practical check rather than full RFC 5322: one "@", an unquoted local part of at most 64 characters, a
 * domain of letters, digits and dashes with a dot and an ending of two or more letters, at most 254 in all.
 * Quoted local parts and internationalised addresses are refused; callers almost never have them.
 */
export function isValidEmail(email: string): boolean {
  return emailProblem(email) === undefined;
}

/** "john.smith@gmail.com" → "j***@gmail.com": enough to tell addresses apart in a log, not enough to write. */
export function redactEmail(email: string): string {
  const at = email.lastIndexOf('@');
  const first = email.slice(0, 1);
  return at < 0 ? `${first}***` : `${first}***${email.slice(at)}`;
}

// ---------------------------------------------------------------------------------------------------------------
// Priority.

/**
 * Priority: dynamic context `cal_email` → contact record → action's fallbackEmail → ask the caller. Invalid
 * candidates are skipped (and say so in `reason` if we end up asking). Blank ones count as absent. `reason`
 * names candidates only redacted, so it can be logged.
 */
export function resolveEmail(input: {
  dynamicContext?: Record<string, unknown>;
  contact?: { email?: string | null } | null;
  fallbackEmail?: string | null;
}): EmailResolution {
  const candidates: Array<{ source: Exclude<EmailSource, 'caller'>; label: string; value: unknown }> = [
    { source: 'dynamicContext', label: 'cal_email in the dynamic context', value: input.dynamicContext?.['cal_email'] },
    { source: 'contact', label: "the contact record's email", value: input.contact?.email },
    { source: 'fallback', label: 'the fallback email', value: input.fallbackEmail },
  ];
  const skipped: string[] = [];
  for (const { source, label, value } of candidates) {
    if (value === undefined || value === null) continue;
    if (typeof value !== 'string') {
      skipped.push(`${label} is not text`);
      continue;
    }
    // Lower case, as a spoken address is: Cal.com files and finds attendees by the exact string, so one spelling
    // everywhere keeps a lost booking findable by the lookup that settles it.
    const email = value.trim().toLowerCase();
    if (email === '') continue;
    const found = emailProblem(email);
    if (!found) return { email, source };
    skipped.push(`${label} (${redactEmail(email)}) is not usable: ${found.problem}`);
  }
  return {
    ask: true,
    reason: skipped.length > 0 ? skipped.join('; ') : 'no email in the dynamic context, the contact record or the fallback setting',
  };
}

// ---------------------------------------------------------------------------------------------------------------
// Spoken addresses: speech-to-text output in, a written address out. Words become a list of pieces (symbols,
// spelled characters, digits, letter names, plain words) which are then joined with nothing between them,
// since an address has no spaces: "john smith at g mail dot com" is johnsmith@gmail.com, and the read-back
// lets the caller correct a wrong guess.

type Piece =
  | { kind: 'symbol' | 'char' | 'digits' | 'word'; text: string }
  /** A letter said by its name ("jay", "oh"): a letter when spelling, a word otherwise. */
  | { kind: 'name'; word: string; letter: string; times: number };

const phrases = (list: string[]) => list.map((p) => p.split(' ')).sort((a, b) => b.length - a.length);

const FILLERS = new Set(['um', 'umm', 'uh', 'uhh', 'uhm', 'er', 'erm', 'ah', 'hmm', 'mm', 'mhm']);
const LEAD_INS = phrases([
  'my email address is', 'my email is', 'my e-mail address is', 'my e-mail is', 'my address is', 'my email',
  'email address is', 'the email is', 'the address is', 'email is', 'email', 'e-mail', 'email address',
  "it's", 'it is', 'its', "that's", 'that is', 'that would be', 'it would be', "it'll be", 'it will be',
  'sure', 'yes', 'yeah', 'yep', 'ok', 'okay', 'so', 'well', 'just', 'right',
  'you can use', 'please use', 'use', 'send it to', 'you can reach me at', 'reach me at', 'contact me at',
]);
const TRAILERS = phrases([
  'thanks', 'thank you', 'please', "that's it", 'that is it', "that's all", "it's", "that's", 'okay', 'ok', 'right', 'yes', 'yeah',
]);
/** Said about the address rather than part of it. */
const REMARKS = phrases([
  'all one word', 'one word', 'all lowercase', 'all lower case', 'no spaces', 'all together', 'altogether',
  'capital', 'capital letter', 'uppercase', 'upper case', 'lowercase', 'lower case',
]);
/** Only before a single letter: "small j". On their own these can be words of the address. */
const LETTER_CASE = new Set(['small', 'big', 'cap']);
const SYMBOLS: Array<[string[], string]> = [
  ...phrases(['at the rate of', 'at the rate', 'at sign', 'at symbol', 'at', '@']).map((p): [string[], string] => [p, '@']),
  ...phrases(['full stop', 'dot', 'period', 'point', '.']).map((p): [string[], string] => [p, '.']),
  ...phrases(['under score', 'underscore', 'under-score', '_']).map((p): [string[], string] => [p, '_']),
  ...phrases(['dash', 'hyphen', 'minus', '-']).map((p): [string[], string] => [p, '-']),
  ...phrases(['plus sign', 'plus', '+']).map((p): [string[], string] => [p, '+']),
].sort((a, b) => b[0].length - a[0].length);
/** Provider names that a letter name would otherwise break up ("gee mail" → geemail). */
const DOMAIN_WORDS: Array<[string[], string]> = [
  [['gee', 'mail'], 'gmail'],
  [['g-mail'], 'gmail'],
  [['eye', 'cloud'], 'icloud'],
];
/** STT sometimes writes "dot com" as one word. */
const GLUED_ENDING = /^dot(com|net|org|edu|gov)$/;

const DIGIT_WORDS: Record<string, string> = {
  zero: '0', nought: '0', one: '1', two: '2', three: '3', four: '4', five: '5', six: '6', seven: '7', eight: '8', nine: '9',
};
const TEENS: Record<string, string> = {
  ten: '10', eleven: '11', twelve: '12', thirteen: '13', fourteen: '14',
  fifteen: '15', sixteen: '16', seventeen: '17', eighteen: '18', nineteen: '19',
};
const TENS: Record<string, string> = { twenty: '2', thirty: '3', forty: '4', fifty: '5', sixty: '6', seventy: '7', eighty: '8', ninety: '9' };
const LETTER_NAMES: Record<string, string> = {
  bee: 'b', be: 'b', see: 'c', sea: 'c', cee: 'c', dee: 'd', eff: 'f', ef: 'f', gee: 'g', aitch: 'h', haitch: 'h',
  eye: 'i', jay: 'j', kay: 'k', el: 'l', ell: 'l', em: 'm', en: 'n', oh: 'o', pee: 'p', pea: 'p', cue: 'q',
  queue: 'q', are: 'r', ar: 'r', ess: 's', tee: 't', tea: 't', you: 'u', vee: 'v', ex: 'x', why: 'y', wye: 'y',
  zed: 'z', zee: 'z',
};
const REPEATS: Record<string, number> = { double: 2, triple: 3 };
/** "J-O-H-N" or "J.O.H.N": letters spelled with separators, as some STT engines write them. */
const SEPARATED_LETTERS = /^[a-z0-9](?:-[a-z0-9])+$|^[a-z0-9](?:\.[a-z0-9]){2,}$/;

/**
 * Lower-case words. Commas, semicolons, "?" and "!" are STT's pauses, and a "." followed by a space is a sentence
 * end; none belongs in an address. Quotes and brackets around a word go too.
 */
function words(spoken: string): string[] {
  return spoken
    .normalize('NFKC')
    .toLowerCase()
    .replace(/[‘’]/g, "'")
    .split(/[\s,;!?]+|(?<=\S)\.(?=\s|$)/)
    .map((w) => w.replace(/^["'(<[]+|["')>\]:]+$/g, ''))
    .filter((w) => w !== '');
}

function startsWith(ws: string[], at: number, phrase: string[]): boolean {
  return phrase.every((p, k) => ws[at + k] === p);
}

function phraseAt(ws: string[], at: number, list: string[][]): string[] | undefined {
  return list.find((p) => startsWith(ws, at, p));
}

/** Fillers ("um") and remarks about the address ("all lowercase"), wherever they come. */
function withoutAsides(all: string[]): string[] {
  const kept: string[] = [];
  for (let at = 0; at < all.length; ) {
    const remark = phraseAt(all, at, REMARKS);
    const w = all[at] ?? '';
    if (!remark && !FILLERS.has(w)) kept.push(w);
    at += remark?.length ?? 1;
  }
  return kept;
}

/** What callers say before and after an address: "oh, it's", "my email is", "thanks". */
function withoutLeadInOrTrailer(all: string[]): string[] {
  let ws = all;
  for (;;) {
    const lead = phraseAt(ws, 0, LEAD_INS) ?? (ws[0] === 'oh' && phraseAt(ws, 1, LEAD_INS) ? ['oh'] : undefined);
    if (!lead) break;
    ws = ws.slice(lead.length);
  }
  for (;;) {
    const tail = TRAILERS.find((p) => p.length <= ws.length && startsWith(ws, ws.length - p.length, p));
    if (!tail) break;
    ws = ws.slice(0, ws.length - tail.length);
  }
  return ws;
}

/** One letter or digit however it was said: "j", "jay", "seven". */
function unitAt(ws: string[], at: number): Piece | undefined {
  const w = ws[at];
  if (w === undefined) return undefined;
  if (/^[a-z0-9]$/.test(w)) return { kind: 'char', text: w };
  if (DIGIT_WORDS[w] !== undefined) return { kind: 'digits', text: DIGIT_WORDS[w] };
  const letter = LETTER_NAMES[w];
  return letter === undefined ? undefined : { kind: 'name', word: w, letter, times: 1 };
}

function repeated(unit: Piece, times: number): Piece {
  return unit.kind === 'name' ? { ...unit, times } : { ...unit, text: unit.text.repeat(times) };
}

function letterOf(unit: Piece | undefined): string | undefined {
  if (unit?.kind === 'name') return unit.letter;
  return unit?.kind === 'char' && /^[a-z]$/.test(unit.text) ? unit.text : undefined;
}

/** "a as in alpha", "b for bravo", "s like sam", "a is for apple": the letter, said unambiguously. */
function letterWithExample(ws: string[], at: number): { piece: Piece; used: number } | undefined {
  const letter = letterOf(unitAt(ws, at));
  if (letter === undefined) return undefined;
  const piece: Piece = { kind: 'char', text: letter };
  if (startsWith(ws, at + 1, ['as', 'in']) && ws[at + 3] !== undefined) return { piece, used: 4 };
  // "for" and "like" are ordinary words too, so the example must start with the letter.
  const link = phraseAt(ws, at + 1, [['is', 'for'], ['for'], ['like']]);
  if (link && ws[at + 1 + link.length]?.startsWith(letter)) return { piece, used: 2 + link.length };
  return undefined;
}

/** "twenty three" → 23, "nineteen" → 19, "seven" → 7. */
function numberAt(ws: string[], at: number): { piece: Piece; used: number } | undefined {
  const w = ws[at] ?? '';
  if (TEENS[w] !== undefined) return { piece: { kind: 'digits', text: TEENS[w] }, used: 1 };
  if (TENS[w] === undefined) return undefined;
  const unit = DIGIT_WORDS[ws[at + 1] ?? ''];
  return unit !== undefined && unit !== '0'
    ? { piece: { kind: 'digits', text: TENS[w] + unit }, used: 2 }
    : { piece: { kind: 'digits', text: `${TENS[w]}0` }, used: 1 };
}

/** The pieces that the words starting at `at` make, and how many words they used. */
function readAt(ws: string[], at: number): { pieces: Piece[]; used: number } {
  const w = ws[at] ?? '';
  if (LETTER_CASE.has(w) && unitAt(ws, at + 1)) return { pieces: [], used: 1 };
  const domainWord = DOMAIN_WORDS.find(([p]) => startsWith(ws, at, p));
  if (domainWord) return { pieces: [{ kind: 'word', text: domainWord[1] }], used: domainWord[0].length };
  const symbol = SYMBOLS.find(([p]) => startsWith(ws, at, p));
  if (symbol) return { pieces: [{ kind: 'symbol', text: symbol[1] }], used: symbol[0].length };
  const times = REPEATS[w];
  if (times !== undefined) {
    // "double u" is how the letter w is named, not two u's.
    if (ws[at + 1] === 'u' || ws[at + 1] === 'you') return { pieces: [{ kind: 'char', text: 'w' }], used: 2 };
    const unit = unitAt(ws, at + 1);
    if (unit) return { pieces: [repeated(unit, times)], used: 2 };
  }
  const example = letterWithExample(ws, at) ?? numberAt(ws, at);
  if (example) return { pieces: [example.piece], used: example.used };
  const unit = unitAt(ws, at);
  if (unit) return { pieces: [unit], used: 1 };
  const glued = GLUED_ENDING.exec(w);
  if (glued) return { pieces: [{ kind: 'symbol', text: '.' }, { kind: 'word', text: glued[1] ?? '' }], used: 1 };
  if (SEPARATED_LETTERS.test(w)) return { pieces: w.split(/[-.]/).map((c) => ({ kind: 'char', text: c })), used: 1 };
  return { pieces: [{ kind: 'word', text: w }], used: 1 };
}

function toPieces(ws: string[]): Piece[] {
  const pieces: Piece[] = [];
  for (let at = 0; at < ws.length; ) {
    const read = readAt(ws, at);
    pieces.push(...read.pieces);
    at += read.used;
  }
  return pieces;
}

const isDigits = (p: Piece | undefined) => p?.kind === 'digits' || (p?.kind === 'char' && /^\d+$/.test(p.text));
const isSpelling = (p: Piece | undefined) => p?.kind === 'char' || p?.kind === 'digits' || p?.kind === 'name';

/**
 * A letter name is a letter when it sits among spelled characters ("jay oh aitch en"), and a word otherwise
 * ("are", "you", "see" in a name). "oh" next to digits is zero ("nineteen oh five"), elsewhere the letter o.
 */
function pieceText(p: Piece, before: Piece | undefined, after: Piece | undefined): string {
  if (p.kind !== 'name') return p.text;
  if (p.word === 'oh') return (isDigits(before) || isDigits(after) ? '0' : 'o').repeat(p.times);
  return p.times > 1 || isSpelling(before) || isSpelling(after) ? p.letter.repeat(p.times) : p.word;
}

function written(spoken: string): string {
  const pieces = toPieces(withoutLeadInOrTrailer(withoutAsides(words(spoken))));
  const text = pieces.map((p, i) => pieceText(p, pieces[i - 1], pieces[i + 1])).join('');
  // A trailing "." is the end of STT's sentence, which an address cannot end with anyway.
  return text.replace(/\.+$/, '');
}

/**
 * Speech-to-text output of a caller saying their email, as an address to read back, or what to ask next.
 * Handles "john dot smith at gmail dot com", typed forms ("john.smith@gmail.com"), spelling ("j o h n",
 * "J-O-H-N", "jay oh aitch en", "a as in alpha", "double o"), numbers as words, "dash", "underscore", "plus",
 * case words ("capital j"), filler and lead-ins ("um, my email is …"). Addresses are lower-cased.
 */
export function normaliseSpokenEmail(spoken: string): SpokenEmailResult {
  const email = written(spoken);
  const found = emailProblem(email);
  if (found) return { ok: false, ...found };
  const suggestion = domainSuggestion(email);
  if (!suggestion) return { ok: true, email, readBack: readBack(email) };
  return { ok: true, email, readBack: `${readBack(email)}. Or did you mean ${speakDomain(suggestion.slice(suggestion.indexOf('@') + 1))}?`, suggestion };
}
