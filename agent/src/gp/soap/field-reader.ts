import type { Money } from '@gprelay/shared';
import { AgentError, AgentErrorCode } from '../../errors';
import { GP_NS } from './gp-namespaces';
import { GpValueError, gpMoney } from './gp-values';
import { child, children, isNil, type XmlNode } from './xml-reader';

/**
 * Walks GP-namespace paths of one business object; every problem names the
 * object and the field (AGENT_GP_PROTOCOL), never a value it read.
 */
export class FieldReader {
  constructor(
    private readonly root: XmlNode,
    public context: string,
  ) {}

  /** The element at `path`, or undefined when a step is absent or nil. */
  node(path: readonly string[]): XmlNode | undefined {
    let node: XmlNode | undefined = this.root;
    for (const name of path) {
      node = node && child(node, GP_NS, name);
      if (node === undefined || isNil(node)) return undefined;
    }
    return node;
  }

  /** Elements named `name` under the element at `path` (an array member); nil items are skipped. */
  items(path: readonly string[], name: string): XmlNode[] {
    const array = this.node(path);
    return array === undefined ? [] : children(array, GP_NS, name).filter((item) => !isNil(item));
  }

  /** Trimmed text (GP pads char(n) columns with blanks), or undefined when absent or nil. */
  optional(path: readonly string[]): string | undefined {
    return this.node(path)?.text.trim();
  }

  /** Trimmed text, null when absent, nil or blank. */
  text(path: readonly string[]): string | null {
    return this.optional(path) || null;
  }

  required(path: readonly string[]): string {
    const value = this.optional(path);
    if (value === undefined || value === '') throw this.error(path, 'is missing');
    return value;
  }

  convert<T>(path: readonly string[], convert: (text: string) => T): T {
    return this.wrap(path, () => convert(this.required(path)));
  }

  convertOptional<T>(path: readonly string[], convert: (text: string) => T): T | null {
    const text = this.optional(path);
    return text === undefined || text === '' ? null : this.wrap(path, () => convert(text));
  }

  /** An xs:boolean member; null when absent or nil. */
  boolean(path: readonly string[]): boolean | null {
    return this.convertOptional(path, booleanOf);
  }

  /** A MoneyAmount member; its own Currency, else the document's. */
  money(path: readonly string[], fallbackCurrency: string): Money {
    const currency = this.optional([...path, 'Currency']) || fallbackCurrency;
    return this.wrap(path, () =>
      gpMoney(this.required([...path, 'Value']), this.required([...path, 'DecimalDigits']), currency),
    );
  }

  /** A MoneyAmount member, or null when absent or nil. */
  moneyOptional(path: readonly string[], fallbackCurrency: string): Money | null {
    return this.node(path) === undefined ? null : this.money(path, fallbackCurrency);
  }

  /** Checks `max` lengths of string fields of a finished record (the shared schema's limits). */
  checkLengths(record: Record<string, unknown>, limits: Record<string, number>): void {
    for (const [field, max] of Object.entries(limits)) {
      const value = record[field];
      if (typeof value === 'string' && value.length > max) {
        throw new AgentError(
          AgentErrorCode.gpProtocol,
          `${this.context}: ${field} is longer than ${max} characters`,
        );
      }
    }
  }

  wrap<T>(path: readonly string[], read: () => T): T {
    try {
      return read();
    } catch (error) {
      if (error instanceof GpValueError) throw this.error(path, error.message);
      throw error;
    }
  }

  error(path: readonly string[], problem: string): AgentError {
    return new AgentError(AgentErrorCode.gpProtocol, `${this.context}: ${path.join('.')} ${problem}`);
  }
}

export function booleanOf(text: string): boolean {
  if (text === 'true' || text === '1') return true;
  if (text === 'false' || text === '0') return false;
  throw new GpValueError(`'${text}' is not an xs:boolean`);
}

/** Maps a GP enum spelling through a table; unknown spellings are protocol errors. */
export function enumOf<T>(table: Readonly<Record<string, T>>, what: string): (text: string) => T {
  return (text) => {
    const value = table[text];
    if (value === undefined) throw new GpValueError(`'${text}' is not a known ${what}`);
    return value;
  };
}
