const DECIMAL = /^(-?)(\d+)(?:\.(\d+))?$/;

/**
 * Compares two decimal strings exactly (money never goes through floats).
 * Returns -1, 0 or 1. Throws on malformed input.
 */
export function compareDecimal(a: string, b: string): number {
  const x = parse(a);
  const y = parse(b);
  if (x.negative !== y.negative) return isZero(x) && isZero(y) ? 0 : x.negative ? -1 : 1;
  const magnitude = compareMagnitude(x, y);
  return x.negative ? -magnitude : magnitude;
}

interface Parsed {
  negative: boolean;
  whole: string;
  fraction: string;
}

function parse(text: string): Parsed {
  const match = DECIMAL.exec(text.trim());
  if (!match) throw new RangeError(`not a decimal number: ${JSON.stringify(text)}`);
  return {
    negative: match[1] === '-',
    whole: match[2]!.replace(/^0+(?=\d)/, ''),
    fraction: (match[3] ?? '').replace(/0+$/, ''),
  };
}

function isZero(p: Parsed): boolean {
  return p.whole === '0' && p.fraction === '';
}

function compareMagnitude(x: Parsed, y: Parsed): number {
  if (x.whole.length !== y.whole.length) return x.whole.length < y.whole.length ? -1 : 1;
  if (x.whole !== y.whole) return x.whole < y.whole ? -1 : 1;
  const width = Math.max(x.fraction.length, y.fraction.length);
  const fx = x.fraction.padEnd(width, '0');
  const fy = y.fraction.padEnd(width, '0');
  return fx === fy ? 0 : fx < fy ? -1 : 1;
}
