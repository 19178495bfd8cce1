// Spoken emails as speech-to-text engines really write them, and the checks an address must pass.
import { describe, expect, it } from 'vitest';
import { isValidEmail, normaliseSpokenEmail, redactEmail } from '../../src/booking/email.js';

function heard(spoken: string): string {
  const r = normaliseSpokenEmail(spoken);
  if (!r.ok) throw new Error(`"${spoken}" failed: ${r.problem}`);
  return r.email;
}

function problemWith(spoken: string): { problem: string; reprompt: string } {
  const r = normaliseSpokenEmail(spoken);
  if (r.ok) throw new Error(`"${spoken}" unexpectedly gave ${r.email}`);
  return r;
}

describe('normaliseSpokenEmail: transcripts', () => {
  it.each([
    // Words for the symbols.
    ['john dot smith at gmail dot com', 'john.smith@gmail.com'],
    ['john period smith at gmail period com', 'john.smith@gmail.com'],
    ['john point smith at gmail point com', 'john.smith@gmail.com'],
    ['john full stop smith at gmail full stop com', 'john.smith@gmail.com'],
    ['john at sign gmail dot com', 'john@gmail.com'],
    ['john at symbol gmail dot com', 'john@gmail.com'],
    ['john at the rate gmail dot com', 'john@gmail.com'],
    ['jane dash doe at company dot io', 'jane-doe@company.io'],
    ['jane hyphen doe at company dot io', 'jane-doe@company.io'],
    ['jane minus doe at company dot io', 'jane-doe@company.io'],
    ['john underscore doe at hotmail dot co dot uk', 'john_doe@hotmail.co.uk'],
    ['john under score doe at hotmail dot co dot uk', 'john_doe@hotmail.co.uk'],
    ['john plus bookings at gmail dot com', 'john+bookings@gmail.com'],
    ['john plus sign bookings at gmail dot com', 'john+bookings@gmail.com'],
    ['my email is john at gmail dotcom', 'john@gmail.com'],
    // Typed forms, as STT with smart formatting writes them.
    ['john.smith@gmail.com', 'john.smith@gmail.com'],
    ['John.Smith@Gmail.com.', 'john.smith@gmail.com'],
    ['JOHN.SMITH@GMAIL.COM', 'john.smith@gmail.com'],
    ['john . smith @ gmail . com', 'john.smith@gmail.com'],
    ['john.smith at gmail.com', 'john.smith@gmail.com'],
    ['john smith @gmail.com', 'johnsmith@gmail.com'],
    ['"john@example.com"', 'john@example.com'],
    ['<john@example.com>', 'john@example.com'],
    ['It’s john@example.com.', 'john@example.com'],
    ['Sure, it\'s sarah.connor@skynet.com, thanks!', 'sarah.connor@skynet.com'],
    ['o\'brien at example dot ie', "o'brien@example.ie"],
    // Spelling.
    ['j o h n at gmail dot com', 'john@gmail.com'],
    ['J O H N dot S M I T H at G M A I L dot C O M', 'john.smith@gmail.com'],
    ['J-O-H-N dot smith at gmail dot com', 'john.smith@gmail.com'],
    ['j-o-h-n-s-m-i-t-h at gmail dot com', 'johnsmith@gmail.com'],
    ['J.O.H.N. at gmail dot com', 'john@gmail.com'],
    ['jay oh aitch en at outlook dot com', 'john@outlook.com'],
    ['ess are aitch at web dot de', 'srh@web.de'],
    ['capital J o h n at gmail dot com', 'john@gmail.com'],
    ['uppercase J lowercase o h n at gmail dot com', 'john@gmail.com'],
    ['upper case j o h n at gmail dot com', 'john@gmail.com'],
    ['small j o h n at gmail dot com', 'john@gmail.com'],
    ['j as in juliet o h n at gmail dot com', 'john@gmail.com'],
    ['a as in alpha b as in bravo c at example dot org', 'abc@example.org'],
    ['b for bravo o b at yahoo dot com', 'bob@yahoo.com'],
    ['m like mike a r k at example dot com', 'mark@example.com'],
    ['p is for peter a t at example dot com', 'pat@example.com'],
    ['double o seven at example dot com', 'oo7@example.com'],
    ['double oh seven at example dot com', '007@example.com'],
    ['triple x at example dot com', 'xxx@example.com'],
    ['anna double n at example dot com', 'annann@example.com'],
    ['double u double u at example dot com', 'ww@example.com'],
    ['double you at example dot com', 'w@example.com'],
    ['l o u i s e at hotmail dot com', 'louise@hotmail.com'],
    ['p a t at gmail dot com', 'pat@gmail.com'],
    // Numbers.
    ['john one two three at gmail dot com', 'john123@gmail.com'],
    ['john 123 at gmail dot com', 'john123@gmail.com'],
    ['john twenty three at gmail dot com', 'john23@gmail.com'],
    ['john twenty at gmail dot com', 'john20@gmail.com'],
    ['john nineteen eighty five at aol dot com', 'john1985@aol.com'],
    ['john nineteen oh five at aol dot com', 'john1905@aol.com'],
    ['john oh seven at aol dot com', 'john07@aol.com'],
    ['john zero zero at aol dot com', 'john00@aol.com'],
    ['john double two at aol dot com', 'john22@aol.com'],
    ['a b c one two three at example dot org', 'abc123@example.org'],
    ['double o seven at mi six dot gov dot uk', 'oo7@mi6.gov.uk'],
    // Providers and endings.
    ['mary at g mail dot com', 'mary@gmail.com'],
    ['mary at gee mail dot com', 'mary@gmail.com'],
    ['mary at g-mail dot com', 'mary@gmail.com'],
    ['mary at i cloud dot com', 'mary@icloud.com'],
    ['mary at eye cloud dot com', 'mary@icloud.com'],
    ['mary at hot mail dot co dot uk', 'mary@hotmail.co.uk'],
    ['mary at yahoo dot co dot uk', 'mary@yahoo.co.uk'],
    ['mary at proton mail dot com', 'mary@protonmail.com'],
    ['mary at a o l dot com', 'mary@aol.com'],
    ['mary at outlook dot com', 'mary@outlook.com'],
    ['peter at gmail dot c o m', 'peter@gmail.com'],
    ['bob at acme dash corp dot io', 'bob@acme-corp.io'],
    ['bob at mail dot acme dot co dot uk', 'bob@mail.acme.co.uk'],
    // Talk around the address.
    ['um my email is john at gmail dot com', 'john@gmail.com'],
    ['uh, it\'s, um, john at gmail dot com', 'john@gmail.com'],
    ['Oh, it\'s mary at i cloud dot com', 'mary@icloud.com'],
    ['yeah so my email address is john at gmail dot com', 'john@gmail.com'],
    ['My e-mail is john at gmail dot com.', 'john@gmail.com'],
    ['the email is bob at example dot com please', 'bob@example.com'],
    ['you can reach me at tom at example dot com', 'tom@example.com'],
    ['sure, you can use tom at example dot com', 'tom@example.com'],
    ['it is tom at example dot com thank you', 'tom@example.com'],
    ['tom at example dot com, that\'s it', 'tom@example.com'],
    ['john smith all one word at outlook dot com', 'johnsmith@outlook.com'],
    ['john at gmail dot com it\'s all lowercase', 'john@gmail.com'],
    ['john at gmail dot com, no spaces', 'john@gmail.com'],
    ['John at Gmail dot com?', 'john@gmail.com'],
    ['John at Gmail dot com!', 'john@gmail.com'],
    ['john at gmail dot com...', 'john@gmail.com'],
    ['  john   at   gmail   dot   com  ', 'john@gmail.com'],
    ['john\tat\ngmail dot com', 'john@gmail.com'],
    ['email: john at gmail dot com', 'john@gmail.com'],
    // Fullwidth characters from some engines.
    ['john＠gmail．com', 'john@gmail.com'],
  ])('%j → %s', (spoken, email) => {
    expect(heard(spoken)).toBe(email);
  });

  it('keeps a real hyphen between whole words', () => {
    expect(heard('mary-jane at example dot com')).toBe('mary-jane@example.com');
    expect(heard('x-ray at example dot com')).toBe('x-ray@example.com');
  });

  it('reads letter names as words outside spelling', () => {
    expect(heard('see you at example dot com')).toBe('cu@example.com');
    expect(heard('kay at example dot com')).toBe('kay@example.com');
    expect(heard('jay at example dot com')).toBe('jay@example.com');
  });
});

describe('normaliseSpokenEmail: read-back', () => {
  it.each([
    ['john dot smith at gmail dot com', 'j o h n dot s m i t h at gmail dot com'],
    ['john underscore doe at hotmail dot co dot uk', 'j o h n underscore d o e at hotmail dot co dot u k'],
    ['jane dash doe at acme dash corp dot io', 'j a n e dash d o e at a c m e dash c o r p dot i o'],
    ['john plus x at outlook dot com', 'j o h n plus x at outlook dot com'],
    ['john one two zero at yahoo dot com', 'j o h n one two zero at yahoo dot com'],
    ['anna at web dot de', 'a n n a at web dot d e'],
    ['max at t dash online dot de', 'm a x at t-online dot d e'],
    ['jo dot caller at example dot com', 'j o dot c a l l e r at e x a m p l e dot com'],
    ['mary at i cloud dot com', 'm a r y at icloud dot com'],
    ['bob at example dot org', 'b o b at e x a m p l e dot org'],
  ])('%j is read back as %j', (spoken, readBack) => {
    const r = normaliseSpokenEmail(spoken);
    expect(r).toMatchObject({ ok: true, readBack });
  });
});

describe('normaliseSpokenEmail: a likely domain typo is questioned in the read-back', () => {
  it.each([
    ['jo at gmial dot com', 'jo@gmail.com', 'j o at g m i a l dot com. Or did you mean gmail dot com?'],
    ['jo at hotmial dot com', 'jo@hotmail.com', 'j o at h o t m i a l dot com. Or did you mean hotmail dot com?'],
    ['jo at gmail dot con', 'jo@gmail.com', 'j o at gmail dot c o n. Or did you mean gmail dot com?'],
    ['jo at yaho dot com', 'jo@yahoo.com', 'j o at y a h o dot com. Or did you mean yahoo dot com?'],
  ])('%j → suggests %j', (spoken, suggestion, readBack) => {
    expect(normaliseSpokenEmail(spoken)).toMatchObject({ ok: true, suggestion, readBack });
  });

  it.each(['jo at gmail dot com', 'jo at example dot com', 'jo at web dot de', 'jo at acme dash corp dot io'])('%j: no question', (spoken) => {
    const r = normaliseSpokenEmail(spoken);
    expect(r.ok && r.suggestion).toBeFalsy();
    expect(r.ok && r.readBack).not.toMatch(/did you mean/);
  });
});

describe('normaliseSpokenEmail: problems', () => {
  it.each([
    ['', "I didn't catch an email address", /didn't catch the email address/],
    ['um', "I didn't catch an email address", /didn't catch/],
    ['my email is', "I didn't catch an email address", /didn't catch/],
    ['john gmail dot com', "I heard no 'at' sign", /didn't hear the 'at' sign/],
    ['john at at gmail dot com', "I heard the 'at' sign more than once", /more than once/],
    ['john at gmail dot com at work', "I heard the 'at' sign more than once", /more than once/],
    ['at gmail dot com', "nothing came before the 'at' sign", /missed the part before the 'at'/],
    ['john at', "nothing came after the 'at' sign", /missed the part after the 'at'/],
    ['john at gmail com', "the domain 'gmailcom' has no dot — was it gmail dot com?", /was that gmail dot com\?/],
    ['john at hotmail co uk', "the domain 'hotmailcouk' has no dot — was it hotmail dot co dot u k?", /hotmail dot co dot u k/],
    ['john at example org', "the domain 'exampleorg' has no dot — was it e x a m p l e dot org?", /dot org/],
    ['John. Smith at Gmail. Com.', "the domain 'gmailcom' has no dot — was it gmail dot com?", /gmail dot com/],
    ['john at gmail', "the domain 'gmail' has no ending such as dot com", /I heard gmail but no ending, like dot com/],
    ['john dot dot smith at gmail dot com', 'the address has two dots in a row', /two dots in a row/],
    ['john at gmail dot dot com', 'the address has two dots in a row', /two dots in a row/],
    ['dot john at gmail dot com', "the part before the 'at' sign starts or ends with a dot", /dot at the start .* just before the 'at'/],
    ['john dot at gmail dot com', "the part before the 'at' sign starts or ends with a dot", /dot/],
    ['john at dot gmail dot com', "the domain '.gmail.com' starts or ends with a dot", /dot in the wrong place/],
    ['john at gmail dot c', "the domain 'gmail.c' ends in '.c', which is not a domain ending (those are two or more letters)", /how the address ends/],
    ['john at gmail dot c0m', "the domain 'gmail.c0m' ends in '.c0m', which is not a domain ending (those are two or more letters)", /how the address ends/],
    ['john at dash acme dot com', "a part of the domain '-acme.com' starts or ends with a dash", /dash in the wrong place/],
    ['john at acme underscore corp dot com', "the domain 'acme_corp.com' contains '_', which a domain cannot have", /after the 'at' didn't sound right/],
    ['jöhn at example dot com', "the part before the 'at' sign contains 'ö', which an email address cannot have", /didn't sound like an email address/],
  ])('%j: %s', (spoken, problem, reprompt) => {
    const r = problemWith(spoken);
    expect(r.problem).toBe(problem);
    expect(r.reprompt).toMatch(reprompt);
  });

  it('never quotes the part before the "at" in a problem', () => {
    for (const spoken of ['secretname dot dot x at gmail dot com', 'secretname at gmail', 'secretname at gmail com', 'dot secretname at x dot com', 'secretname at at x dot com']) {
      expect(problemWith(spoken).problem).not.toContain('secretname');
    }
  });

  it('refuses an address that is too long', () => {
    expect(problemWith(`${'a'.repeat(65)} at example dot com`).problem).toBe("the part before the 'at' sign is longer than 64 characters");
    const long = `${'a'.repeat(60)} at ${Array.from({ length: 4 }, () => 'b'.repeat(60)).join(' dot ')} dot com`;
    expect(problemWith(long).problem).toBe('the address is longer than 254 characters');
    expect(problemWith(`a at ${'b'.repeat(64)} dot com`).problem).toMatch(/longer than 63 characters/);
  });

  it('asks every reprompt as a question the agent can say', () => {
    for (const spoken of ['', 'john gmail dot com', 'john at gmail com', 'john at gmail', 'john dot dot x at y dot com']) {
      expect(problemWith(spoken).reprompt).toMatch(/\?$/);
    }
  });
});

describe('isValidEmail', () => {
  it.each([
    'john@example.com',
    'John.Smith@Example.COM',
    'a@b.co',
    'john+tag@gmail.com',
    "o'brien@example.ie",
    'first_last-99@sub.domain-x.example.co.uk',
    "!#$%&'*+/=?^_`{|}~-@example.com",
    `${'a'.repeat(64)}@example.com`,
    `a@${'b'.repeat(63)}.com`,
  ])('accepts %s', (email) => {
    expect(isValidEmail(email)).toBe(true);
  });

  it.each([
    '',
    'john',
    'john@',
    '@example.com',
    'john@example',
    'john@@example.com',
    'jo@hn@example.com',
    'john smith@example.com',
    ' john@example.com',
    'john@example.com ',
    'john..smith@example.com',
    '.john@example.com',
    'john.@example.com',
    'john@example..com',
    'john@.example.com',
    'john@example.com.',
    'john@example.c',
    'john@example.c0m',
    'john@example.123',
    'john@-example.com',
    'john@example-.com',
    'john@exa_mple.com',
    'jöhn@example.com',
    'john@exämple.com',
    '"john smith"@example.com',
    'john,smith@example.com',
    `${'a'.repeat(65)}@example.com`,
    `a@${'b'.repeat(64)}.com`,
    `${'a'.repeat(64)}@${'b'.repeat(63)}.${'c'.repeat(63)}.${'d'.repeat(63)}.com`,
  ])('rejects %j', (email) => {
    expect(isValidEmail(email)).toBe(false);
  });

  it('allows exactly 254 characters', () => {
    const domain = `${'b'.repeat(63)}.${'c'.repeat(63)}.${'d'.repeat(61)}.com`;
    const at254 = `${'a'.repeat(254 - domain.length - 1)}@${domain}`;
    expect(at254).toHaveLength(254);
    expect(isValidEmail(at254)).toBe(true);
    expect(isValidEmail(`a${at254}`)).toBe(false);
  });
});

describe('redactEmail', () => {
  it.each([
    ['john.smith@gmail.com', 'j***@gmail.com'],
    ['j@example.org', 'j***@example.org'],
    ['John@Example.com', 'J***@Example.com'],
    ['not-an-email', 'n***'],
    ['a@b@c.com', 'a***@c.com'],
    ['', '***'],
  ])('%j → %j', (email, redacted) => {
    expect(redactEmail(email)).toBe(redacted);
  });

  it('never shows more than the first character of the local part', () => {
    expect(redactEmail('secretname@example.com')).not.toContain('ecret');
  });
});
