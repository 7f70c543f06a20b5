import { describe, expect, it } from 'vitest';
import { JsonSyntaxError, parseLosslessJson, plainDecimal } from './lossless-json';

describe('parseLosslessJson', () => {
  it('keeps every number as its exact source digits, money scale and precision beyond doubles included', () => {
    expect(
      parseLosslessJson(
        '{"Amount":1333.26000,"Big":12345678901234.56789,"Neg":-0.10000,"Int":42,"Exp":1.5E+3,"List":[0,1e-2]}',
      ),
    ).toEqual({
      Amount: '1333.26000',
      Big: '12345678901234.56789',
      Neg: '-0.10000',
      Int: '42',
      Exp: '1.5E+3',
      List: ['0', '1e-2'],
    });
  });

  it('leaves digits inside strings alone, escaped quotes and backslashes included', () => {
    expect(parseLosslessJson('{"Name":"O\'Reilly \\"Fast\\" 5 \\\\ 7","N":1, "T":true,"X":null}')).toEqual({
      Name: 'O\'Reilly "Fast" 5 \\ 7',
      N: '1',
      T: true,
      X: null,
    });
  });

  it('refuses what JSON refuses: leading zeros, truncated text', () => {
    expect(() => parseLosslessJson('{"A":012}')).toThrow(JsonSyntaxError);
    expect(() => parseLosslessJson('{"Payload":[{"VoucherNumber":"000')).toThrow(JsonSyntaxError);
  });
});

describe('plainDecimal', () => {
  it.each([
    ['1.5E+3', '1500'],
    ['-2.50e-1', '-0.250'],
    ['5e-3', '0.005'],
    ['1333.26000', '1333.26000'],
    ['12E0', '12'],
  ])('writes %s as %s, digits kept', (text, expected) => {
    expect(plainDecimal(text)).toBe(expected);
  });
});
