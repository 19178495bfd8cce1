// Action names: the display name, the OpenAI-safe tool name (transliteration, symbols, hash fallbacks, length,
// prefix), and uniqueness within one agent.
import { describe, expect, it } from 'vitest';
import { displayName, toolName, uniqueToolNames } from '../../src/booking/names.js';

describe('displayName', () => {
  it.each([
    ['30-Minute Consultation', 'Book 30-Minute Consultation'],
    ['  30-Minute \t Consultation \n', 'Book 30-Minute Consultation'],
    ['Beratung für Ärzte', 'Book Beratung für Ärzte'],
    ['', 'Book appointment'],
    ['   ', 'Book appointment'],
    ['Book a Demo', 'Book a Demo'],
    ['book call', 'book call'],
    ['Bookkeeping Review', 'Book Bookkeeping Review'],
  ])('%j → %j', (title, expected) => {
    expect(displayName(title)).toBe(expected);
  });
});

describe('toolName', () => {
  it.each([
    ['30-Minute Consultation', 'book_30_minute_consultation'],
    ['Beratung für Ärzte', 'book_beratung_fuer_aerzte'],
    ['BERATUNG FÜR ÄRZTE', 'book_beratung_fuer_aerzte'],
    ['Straße & Maß', 'book_strasse_mass'],
    ['Crème brûlée tasting', 'book_creme_brulee_tasting'],
    ['Señor Núñez', 'book_senor_nunez'],
    ['Øresund Æbleskiver', 'book_oresund_aebleskiver'],
    ['Łódź intro', 'book_lodz_intro'],
    ["Doctor's Appointment", 'book_doctors_appointment'],
    ['🎉 Launch Party 🎉', 'book_launch_party'],
    ['Team👨‍👩‍👧Meeting', 'book_team_meeting'],
    ['C++ / Q&A -- Session!!', 'book_c_q_a_session'],
    ['Ｆｕｌｌｗｉｄｔｈ ﬁle', 'book_fullwidth_file'],
    ['Book a Demo', 'book_a_demo'],
    ['Bookkeeping Review', 'book_bookkeeping_review'],
    ['Beratung 日本語', 'book_beratung'],
  ])('%j → %j', (title, expected) => {
    expect(toolName(title)).toBe(expected);
  });

  it('decomposed and composed umlauts give the same name', () => {
    expect(toolName('Beratung fu\u0308r A\u0308rzte')).toBe('book_beratung_fuer_aerzte');
  });

  it('falls back to a stable hash of the title when nothing transliterates', () => {
    const fallback = /^book_appointment_[0-9a-f]{6}$/;
    for (const title of ['', '🎉🎉', '日本語の相談', '---', 'Консультация']) expect(toolName(title)).toMatch(fallback);
    expect(toolName('日本語の相談')).toBe(toolName('日本語の相談'));
    expect(toolName('日本語の相談')).not.toBe(toolName('中文咨询'));
    expect(toolName('🎉🎉')).not.toBe(toolName(''));
    // Whitespace around the title is not part of it.
    expect(toolName(' 日本語の相談 ')).toBe(toolName('日本語の相談'));
  });

  it('cuts a long title at a word boundary and adds a hash, 64 characters at most', () => {
    const long = 'Very long title with many words that goes on and on beyond the sixty four character limit';
    const name = toolName(long);
    expect(name).toMatch(/^book_very_long_title_with_many_words_that_goes_on_and_on_[0-9a-f]{6}$/);
    expect(name.length).toBeLessThanOrEqual(64);
    // Same beginning, different titles: different names.
    expect(toolName(`${long} (morning)`)).not.toBe(name);
    expect(toolName(long)).toBe(name);
  });

  it('keeps a word that ends exactly at the limit', () => {
    // "book_" + 52 characters of words fills the 57 before "_" and the hash.
    const title = `${'a'.repeat(25)} ${'b'.repeat(26)} tailtailtail`;
    expect(toolName(title)).toMatch(new RegExp(`^book_${'a'.repeat(25)}_${'b'.repeat(26)}_[0-9a-f]{6}$`));
  });

  it('cuts mid-word when the only boundary is too early', () => {
    const name = toolName(`x ${'y'.repeat(200)}`);
    expect(name).toHaveLength(64);
    expect(name).toMatch(/^book_x_y+_[0-9a-f]{6}$/);
  });

  it('puts the prefix in front and counts it toward the 64', () => {
    expect(toolName('30-Minute Consultation', 'sales_')).toBe('sales_book_30_minute_consultation');
    expect(toolName('日本語の相談', 'Sales-')).toMatch(/^Sales-book_appointment_[0-9a-f]{6}$/);
    const name = toolName('word '.repeat(40), 'p'.repeat(32));
    expect(name.length).toBeLessThanOrEqual(64);
    expect(name.startsWith('p'.repeat(32) + 'book_word')).toBe(true);
  });

  it.each(['sales ', 'ventes:', 'ü_', 'x'.repeat(33)])('rejects the prefix %j, naming it', (prefix) => {
    expect(() => toolName('Consultation', prefix)).toThrow(JSON.stringify(prefix));
    expect(() => uniqueToolNames(['Consultation'], prefix)).toThrow(/prefix/);
  });
});

describe('uniqueToolNames', () => {
  it('keeps order and the natural names when there are no collisions', () => {
    expect(uniqueToolNames(['Consultation', 'Follow-up'])).toEqual(['book_consultation', 'book_follow_up']);
    expect(uniqueToolNames([])).toEqual([]);
  });

  it('numbers repeats from _2 in order', () => {
    expect(uniqueToolNames(['Consultation', 'Consultation', 'consultation!'])).toEqual([
      'book_consultation',
      'book_consultation_2',
      'book_consultation_3',
    ]);
    expect(uniqueToolNames(['Beratung für Ärzte', 'Beratung fuer Aerzte'], 'sales_')).toEqual([
      'sales_book_beratung_fuer_aerzte',
      'sales_book_beratung_fuer_aerzte_2',
    ]);
  });

  it('never takes a name another title has in its own right', () => {
    expect(uniqueToolNames(['Consultation', 'Consultation', 'Consultation 2'])).toEqual([
      'book_consultation',
      'book_consultation_3',
      'book_consultation_2',
    ]);
  });

  it('shortens a 64-character name to make room for the suffix', () => {
    const long = 'x'.repeat(70);
    const [first, second] = uniqueToolNames([long, long]);
    expect(first).toHaveLength(64);
    expect(second).toBe(`${first!.slice(0, 62)}_2`);
    expect(second).not.toBe(first);
  });
});
