import { describe, expect, it } from 'vitest';
import { canonicalJson } from './canonical-json';

/** The original definition every stored audit hash was computed with. */
function reference(value: unknown): string {
  const sortKeys = (v: unknown): unknown => {
    if (Array.isArray(v)) return v.map(sortKeys);
    if (v !== null && typeof v === 'object' && !(v instanceof Date)) {
      const entries = Object.entries(v as Record<string, unknown>)
        .filter(([, x]) => x !== undefined)
        .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
      return Object.fromEntries(entries.map(([k, x]) => [k, sortKeys(x)]));
    }
    return v;
  };
  return JSON.stringify(sortKeys(value));
}

describe('canonicalJson', () => {
  const cases: Record<string, unknown> = {
    scalars: ['a', 1, -0, 1.5e-7, 1e21, true, false, null],
    'nested objects with keys out of order': { z: 1, a: { y: [3, { c: 1, b: 2 }], b: 'x' }, m: null },
    'keys that look like numbers or need escaping': {
      10: 'a',
      2: 'b',
      '01': 'd',
      4294967294: 'e',
      4294967295: 'f',
      '': 'c',
      é: 1,
      'a"b': 2,
      'Z\n': 3,
    },
    'undefined fields are left out, in arrays they are null': { a: undefined, b: [undefined, 1] },
    'strings needing escapes': ['quote " backslash \\ tab \t', 'lone \ud800 surrogate', '<&>'],
    'a Date and an object with toJSON': {
      at: new Date('2026-11-25T10:00:00.123Z'),
      x: { toJSON: () => 'j' },
    },
    'non-finite numbers': { nan: Number.NaN, inf: Number.POSITIVE_INFINITY },
    'a class instance': { u: new URL('https://example.test/a?b=1') },
    'audit row fields': [
      'tnt_1',
      42,
      '2026-11-25T10:00:00.000Z',
      'tnt_1',
      'agent:agt_1',
      'event.received',
      'Fabrikam, Inc./payables-invoice/00000000000000001',
      'f'.repeat(64),
      null,
      null,
      null,
      { version: 'v1', state: 'unposted', routes: [{ ruleId: 'rul_1', channelId: 'C1' }] },
    ],
    'an object without a prototype': Object.assign(Object.create(null), { b: 1, a: 2 }),
    empty: [{}, []],
  };

  for (const [name, value] of Object.entries(cases)) {
    it(`writes ${name} exactly as the sorted JSON.stringify form`, () => {
      expect(canonicalJson(value)).toBe(reference(value));
    });
  }

  it('sorts keys at every level', () => {
    expect(canonicalJson({ b: { d: 1, c: 2 }, a: [{ f: 1, e: 2 }] })).toBe(
      '{"a":[{"e":2,"f":1}],"b":{"c":2,"d":1}}',
    );
  });
});
