// The corpus pass rate of our rules against chrono-node's (README, "How caller words are read"). Every miss is
// printed, so a regression names its utterance.
import { expect, it } from 'vitest';
import { byChrono, byRules, loadCorpus, same, type Reading, type Utterance } from './corpus.js';

const corpus = loadCorpus();

function score(read: (u: Utterance) => Reading) {
  const misses = corpus.filter((u) => !same(read(u), u.want));
  return { rate: 1 - misses.length / corpus.length, misses };
}

it('has at least 300 utterances in English and German', () => {
  expect(corpus.length).toBeGreaterThanOrEqual(300);
  expect(corpus.filter((u) => u.locale === 'de-DE').length).toBeGreaterThanOrEqual(100);
});

it('our rules read callers better than chrono-node', () => {
  const rules = score(byRules);
  const chrono = score(byChrono);
  const pct = (r: number) => `${(r * 100).toFixed(1)}%`;
  console.log(`caller-words corpus (${corpus.length}): rules ${pct(rules.rate)}, chrono-node ${pct(chrono.rate)}`);
  for (const u of rules.misses) console.log(`  rules miss [${u.locale}] "${u.say}": got ${JSON.stringify(byRules(u))}, want ${JSON.stringify(u.want)}`);
  expect(rules.rate).toBeGreaterThan(chrono.rate);
  expect(rules.rate).toBeGreaterThanOrEqual(0.99);
});
