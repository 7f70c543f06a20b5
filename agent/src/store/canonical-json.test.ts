import { describe, expect, it } from 'vitest';
import { canonicalJson } from './canonical-json';

describe('canonicalJson', () => {
  it.each([
    ['scalars', 'x', '"x"'],
    ['null', null, 'null'],
    ['flat object, keys sorted', { b: 1, a: 2 }, '{"a":2,"b":1}'],
    [
      'nested objects sorted at every depth',
      { z: { y: 1, x: [{ d: 1, c: 2 }] }, a: true },
      '{"a":true,"z":{"x":[{"c":2,"d":1}],"y":1}}',
    ],
    ['array order kept', [3, 1, 2], '[3,1,2]'],
    ['undefined properties dropped', { a: undefined, b: 1 }, '{"b":1}'],
    ['undefined in arrays becomes null', [undefined], '[null]'],
    ['toJSON honoured', { at: new Date('2026-01-02T03:04:05.000Z') }, '{"at":"2026-01-02T03:04:05.000Z"}'],
    ['code unit order, upper case first', { b: 1, B: 2, a: 3 }, '{"B":2,"a":3,"b":1}'],
  ])('%s', (_name, value, expected) => {
    expect(canonicalJson(value)).toBe(expected);
  });

  it('gives the same text whatever the insertion order', () => {
    expect(canonicalJson({ a: 1, b: { c: 2, d: 3 } })).toBe(canonicalJson({ b: { d: 3, c: 2 }, a: 1 }));
  });

  it.each([
    ['NaN', { a: Number.NaN }, /\$\.a is NaN/],
    ['Infinity', [Number.POSITIVE_INFINITY], /\$\[0\] is Infinity/],
    ['bigint', { n: 1n }, /\$\.n is a bigint/],
    ['a bare undefined', undefined, /no JSON representation/],
  ])('refuses %s', (_name, value, message) => {
    expect(() => canonicalJson(value)).toThrow(message);
  });
});
