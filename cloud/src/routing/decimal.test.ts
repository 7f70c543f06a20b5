import { expect, it } from 'vitest';
import { compareDecimal } from './decimal';

it.each([
  ['1', '2', -1],
  ['10', '9.99', 1],
  ['1250.00', '1250', 0],
  ['0.1', '0.10000', 0],
  ['-5', '3', -1],
  ['-5', '-3', -1],
  ['-0', '0.00', 0],
  ['007.5', '7.50', 0],
  ['999999999999999.99999', '999999999999999.99998', 1],
  ['0.3', '0.29999999999999999', 1],
])('compareDecimal(%s, %s) = %i', (a, b, expected) => {
  expect(compareDecimal(a, b)).toBe(expected);
});

it('refuses what is not a decimal', () => {
  expect(() => compareDecimal('1e3', '1')).toThrow(RangeError);
});
