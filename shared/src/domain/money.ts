import type { Static } from 'typebox';
import * as Type from 'typebox';

/**
 * An amount as GP reports it: a decimal string (never a float, so cents survive
 * the wire), the ISO currency code and how many decimals the currency shows.
 */
export const MoneySchema = Type.Object(
  {
    value: Type.String({ pattern: '^-?\\d{1,15}(\\.\\d{1,5})?$' }),
    currency: Type.String({ minLength: 1, maxLength: 15 }),
    decimalDigits: Type.Integer({ minimum: 0, maximum: 5 }),
  },
  { additionalProperties: false },
);
export type Money = Static<typeof MoneySchema>;
