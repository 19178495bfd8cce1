// Matching and placeholder rules, without HTTP.
import { describe, expect, it } from 'vitest';
import {
  parseStandinScript,
  patternMatches,
  PlaceholderError,
  resolvePlaceholders,
  type ChatMessage,
} from '../../src/llm-standin/index.js';
import { ScriptCursor } from '../../src/llm-standin/matching.js';
import { planReply } from '../../src/llm-standin/reply.js';

const user = (content: string): ChatMessage => ({ role: 'user', content });
const tool = (id: string, content: string): ChatMessage => ({ role: 'tool', tool_call_id: id, content });
const calls = (...names: Array<[string, string]>): ChatMessage => ({
  role: 'assistant',
  content: null,
  tool_calls: names.map(([id, name]) => ({ id, type: 'function', function: { name, arguments: '{}' } })),
});

describe('patternMatches', () => {
  it('treats plain strings as case-insensitive substrings and /…/flags as regular expressions', () => {
    expect(patternMatches('What Times', 'so what times do you have?')).toBe(true);
    expect(patternMatches('/^book (ST_\\w+)$/', 'book ST_1')).toBe(true);
    expect(patternMatches('/^book$/', 'BOOK')).toBe(false);
    expect(patternMatches('/^book$/i', 'BOOK')).toBe(true);
  });
});

describe('ScriptCursor', () => {
  const cursorFor = (script: unknown) => new ScriptCursor(parseStandinScript(script));

  it('answers with the first unused step whose when matches, each step once', () => {
    const cursor = cursorFor([
      { when: { user: 'book' }, reply: { say: 'booking' } },
      { when: { user: 'times' }, reply: { say: 'times' } },
      { when: { user: 'times' }, reply: { say: 'times again' } },
    ]);
    expect(cursor.take([user('what times?')])?.index).toBe(1);
    expect(cursor.take([user('times, again?')])?.index).toBe(2);
    expect(cursor.take([user('times?')])).toBeUndefined();
    expect(cursor.unused()).toEqual([0]);
  });

  it('lets steps without when answer anything, in order', () => {
    const cursor = cursorFor([{ reply: { say: 'a' } }, { reply: { say: 'b' } }]);
    expect(cursor.take([user('x')])?.index).toBe(0);
    expect(cursor.take([user('y'), tool('c1', '{}')])?.index).toBe(1);
  });

  it('matches toolResult against any trailing tool message and user against user messages only', () => {
    const cursor = cursorFor([
      { when: { toolResult: 'booked' }, reply: { say: 'done' } },
      { when: { user: 'booked' }, reply: { say: 'user said booked' } },
    ]);
    const convo = [user('go'), calls(['c1', 'a'], ['c2', 'b']), tool('c1', '{"status":"booked"}'), tool('c2', '"ok"')];
    expect(cursor.take(convo)?.index).toBe(0);
    expect(cursor.take(convo)).toBeUndefined();
    expect(cursor.take([user('I booked')])?.index).toBe(1);
  });
});

describe('parseStandinScript', () => {
  it('defaults args and rejects malformed steps', () => {
    expect(parseStandinScript([{ reply: { call: 'x' } }])).toEqual([{ reply: { call: 'x', args: {} } }]);
    expect(() => parseStandinScript([{ reply: {} }])).toThrow();
    expect(() => parseStandinScript([{ when: {}, reply: { say: 'x' } }])).toThrow(/user or toolResult/);
    expect(() => parseStandinScript([{ reply: { say: 'x', sya: 'typo' } }])).toThrow();
  });
});

describe('placeholders', () => {
  const convo: ChatMessage[] = [
    user('go'),
    calls(['c1', 'get_slots']),
    tool('c1', JSON.stringify({ slots: [{ id: 't1', n: 3 }, { id: 't2' }] })),
    calls(['c2', 'note']),
    tool('c2', '"plain string"'),
  ];

  it('keeps the JSON type of a whole-string placeholder and interpolates inside longer strings', () => {
    expect(
      resolvePlaceholders(
        {
          slotId: '{{tool.get_slots.slots.1.id}}',
          n: '{{ tool.get_slots.slots.0.n }}',
          all: ['{{tool.get_slots.slots.0}}'],
          text: 'slot {{tool.get_slots.slots.0.id}} with {{lastTool}}',
          last: '{{lastTool}}',
        },
        convo,
      ),
    ).toEqual({ slotId: 't2', n: 3, all: [{ id: 't1', n: 3 }], text: 'slot t1 with plain string', last: 'plain string' });
  });

  it('throws PlaceholderError for paths that do not resolve', () => {
    expect(() => resolvePlaceholders('{{lastTool.slots.0.id}}', convo)).toThrow(PlaceholderError);
    expect(() => resolvePlaceholders('{{tool.missing.x}}', convo)).toThrow(/no output of tool "missing"/);
    expect(() => resolvePlaceholders('{{lastTool}}', [user('hi')])).toThrow(/no tool output yet/);
    expect(() => resolvePlaceholders('{{slots.0}}', convo)).toThrow(/start with lastTool/);
  });

  it('turns an unresolvable placeholder into a readable assistant message', () => {
    const reply = planReply({ call: 'book', args: { slotId: '{{lastTool.nope}}' } }, 4, [user('hi')], () => 'call_x');
    expect(reply.toolCalls).toEqual([]);
    expect(reply.content).toMatch(/^\[llm-standin\] script step 4: \{\{lastTool.nope\}\}/);
  });
});
