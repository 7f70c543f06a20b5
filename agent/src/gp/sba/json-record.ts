import type { Money } from '@gprelay/shared';
import { AgentError, AgentErrorCode } from '../../errors';
import { gpMoney } from '../soap/gp-values';
import { type JsonData, plainDecimal } from './lossless-json';
import { GpValueError, isoDecimalDigits } from './sba-values';

export type JsonObject = { [key: string]: JsonData };

/** Where a list item sits in the change order, and whether the product relays its type. */
export interface ListedItem {
  readonly key: string;
  /** ISO 8601 UTC with Z. */
  readonly modifiedAt: string;
  readonly relayed: boolean;
}

export function isJsonObject(value: JsonData | undefined): value is JsonObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/**
 * Reads one business object of an SBA answer by member path (`Key.Id`, or a
 * plain `VendorId`). Member names match exactly first, then ignoring case
 * (a server may write camelCase) [U]. Strings are trimmed (GP pads char(n)).
 * Every problem names the object and the member, as AGENT_GP_PROTOCOL.
 */
export class JsonRecord {
  constructor(
    private readonly object: JsonObject,
    public context: string,
  ) {}

  /**
   * The member's value, or undefined when absent or null. A name holding dots
   * (`@odata.nextLink`) is tried whole first, then as a path.
   */
  value(path: string): JsonData | undefined {
    const whole = memberOf(this.object, path);
    if (whole !== undefined || !path.includes('.')) return whole ?? undefined;
    let node: JsonData | undefined = this.object;
    for (const name of path.split('.')) {
      if (!isJsonObject(node)) return undefined;
      node = memberOf(node, name);
      if (node === null || node === undefined) return undefined;
    }
    return node;
  }

  /** Trimmed text of a string or number member; undefined when absent, null or blank. */
  text(path: string): string | undefined {
    const value = this.value(path);
    if (value === undefined) return undefined;
    if (typeof value !== 'string') throw this.error(path, `is ${describe(value)}, not text`);
    const trimmed = value.trim();
    return trimmed === '' ? undefined : trimmed;
  }

  required(path: string): string {
    const value = this.text(path);
    if (value === undefined) throw this.error(path, 'is missing');
    return value;
  }

  convert<T>(path: string, convert: (text: string) => T): T {
    const text = this.required(path);
    return this.wrap(path, () => convert(text));
  }

  convertOptional<T>(path: string, convert: (text: string) => T): T | null {
    const text = this.text(path);
    return text === undefined ? null : this.wrap(path, () => convert(text));
  }

  /** A boolean member; null when absent or null. */
  boolean(path: string, convert: (value: string | boolean) => boolean): boolean | null {
    const value = this.value(path);
    if (value === undefined) return null;
    if (typeof value !== 'string' && typeof value !== 'boolean')
      throw this.error(path, `is ${describe(value)}`);
    return this.wrap(path, () => convert(value));
  }

  /**
   * Money as a decimal string with the currency's decimals. The member is
   * either a number (then the currency and its decimals come from the
   * sibling members named) or a Web Services style `{ Value, Currency,
   * DecimalDigits }` object; without decimals, the ISO minor unit.
   */
  money(path: string, currencyPath: string, decimalDigitsPath: string): Money {
    return this.moneyIn(path, this.text(currencyPath), this.text(decimalDigitsPath), currencyPath);
  }

  /** Money whose currency (and decimals, when known) the caller found elsewhere, e.g. on a header. */
  moneyIn(
    path: string,
    currency: string | undefined,
    decimalDigits: string | undefined,
    currencyPath = 'currency',
  ): Money {
    const value = this.value(path);
    const nested = isJsonObject(value) ? new JsonRecord(value, this.context) : undefined;
    const amount = nested ? nested.text('Value') : this.text(path);
    if (amount === undefined) throw this.error(path, 'is missing');
    const code = nested?.text('Currency') ?? nested?.text('ISOCode') ?? currency;
    if (code === undefined) throw this.error(currencyPath, 'is missing (the currency of the amounts)');
    const digits = nested?.text('DecimalDigits') ?? decimalDigits ?? String(isoDecimalDigits(code));
    return this.wrap(path, () => gpMoney(plainDecimal(amount), digits, code));
  }

  wrap<T>(path: string, read: () => T): T {
    try {
      return read();
    } catch (error) {
      if (error instanceof GpValueError) throw this.error(path, error.message);
      throw error;
    }
  }

  error(path: string, problem: string): AgentError {
    return new AgentError(AgentErrorCode.gpProtocol, `${this.context}: ${path} ${problem}`);
  }
}

function memberOf(object: JsonObject, name: string): JsonData | undefined {
  if (Object.hasOwn(object, name)) return object[name];
  const lower = name.toLowerCase();
  for (const key of Object.keys(object)) if (key.toLowerCase() === lower) return object[key];
  return undefined;
}

function describe(value: JsonData): string {
  if (Array.isArray(value)) return 'a list';
  if (value === null) return 'null';
  return typeof value === 'object' ? 'an object' : `${typeof value} ${JSON.stringify(value).slice(0, 40)}`;
}
