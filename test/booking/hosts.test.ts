// Every assigned host is named: the Round Robin Groups' picks and the fixed hosts, once each, in Cal.com's order.
import { describe, expect, it } from 'vitest';
import { hostNames, spokenHostList } from '../../src/booking/hosts.js';

const h = (name: string | null, id = 1) => ({ id, name, email: `${id}@hosts.example` });

describe('hostNames and spokenHostList', () => {
  it('keeps Cal.com order, drops blanks and repeats', () => {
    expect(hostNames({ hosts: [h('Leo Martins', 7), h('Oliver Grant', 4), h(' ', 9), h(null, 8), h('Oliver Grant', 4)] })).toEqual(['Leo Martins', 'Oliver Grant']);
  });

  it('joins as each locale does', () => {
    expect(spokenHostList(['Leo Martins'], 'en-US')).toBe('Leo Martins');
    expect(spokenHostList(['Leo Martins', 'Oliver Grant'], 'en-GB')).toBe('Leo Martins and Oliver Grant');
    expect(spokenHostList(['Sam Rivera', 'Dana Kim', 'Helen Carter'], 'en-US')).toBe('Sam Rivera, Dana Kim, and Helen Carter');
    expect(spokenHostList(['Leo Martins', 'Oliver Grant'], 'de-DE')).toBe('Leo Martins und Oliver Grant');
  });
});
