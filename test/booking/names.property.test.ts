// Property tests for action names: any title, however odd or long, gives a safe, stable name, and an agent's
// names are unique.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { displayName, toolName, uniqueToolNames } from '../../src/booking/names.js';

const SAFE = /^[a-zA-Z0-9_-]{1,64}$/;

// Titles people write, the whole of Unicode (lone surrogates included), and some very long ones.
const title = fc.oneof(
  fc.string(),
  fc.string({ unit: 'grapheme', maxLength: 80 }),
  fc.string({ unit: 'binary', maxLength: 80 }),
  fc.constantFrom('Beratung für Ärzte', '🎉🎉', '日本語の相談', '', 'Consultation', 'consultation!', 'Crème brûlée'),
  fc.string({ unit: 'grapheme-ascii', minLength: 60, maxLength: 400 }),
  fc.string({ minLength: 1000, maxLength: 5000 }),
);
const prefix = fc.option(fc.stringMatching(/^[a-zA-Z0-9_-]{0,32}$/), { nil: undefined });

describe('name properties', () => {
  it('any title gives a safe tool name, the same every time', () => {
    fc.assert(
      fc.property(title, prefix, (t, p) => {
        const name = toolName(t, p);
        expect(name).toMatch(SAFE);
        expect(toolName(t, p)).toBe(name);
        if (p) expect(name.startsWith(p)).toBe(true);
      }),
      { numRuns: 300 },
    );
  });

  it('any title gives a display name starting with "Book" that has no stray whitespace', () => {
    fc.assert(
      fc.property(title, (t) => {
        const name = displayName(t);
        expect(name).toMatch(/^book/i);
        expect(name).toBe(name.trim());
        expect(name).not.toMatch(/\s\s/);
      }),
      { numRuns: 200 },
    );
  });

  it('uniqueToolNames: same length and order, all unique and safe; the first title with a name keeps it', () => {
    // Few distinct titles, so that collisions are common.
    const titles = fc.array(
      fc.oneof(fc.constantFrom('Consultation', 'consultation', 'Consultation 2', '🎉', '', 'x'.repeat(70)), title),
      {
        maxLength: 20,
      },
    );
    fc.assert(
      fc.property(titles, prefix, (ts, p) => {
        const names = uniqueToolNames(ts, p);
        expect(names).toHaveLength(ts.length);
        expect(new Set(names).size).toBe(names.length);
        for (const n of names) expect(n).toMatch(SAFE);
        expect(uniqueToolNames(ts, p)).toEqual(names);
        ts.forEach((t, i) => {
          const own = toolName(t, p);
          if (ts.findIndex((u) => toolName(u, p) === own) === i) expect(names[i]).toBe(own);
        });
      }),
      { numRuns: 200 },
    );
  });
});
