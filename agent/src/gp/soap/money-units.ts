import { GpValueError } from './gp-values';

/** Exact decimal arithmetic on Money values: sums of amounts must not pass through floats. */
/** A decimal string as an integer count of 1/100000 (GP's numeric(19,5) scale). */
export function toUnits(value: string): bigint {
  const match = /^(-?)(\d+)(?:\.(\d{1,5}))?$/.exec(value);
  if (!match) throw new GpValueError(`'${value}' is not a decimal`);
  const units = BigInt(match[2]!) * 100_000n + BigInt((match[3] ?? '').padEnd(5, '0'));
  return match[1] === '-' ? -units : units;
}

/** 1/100000 units as a decimal string with `decimals` digits (at least), no trailing loss. */
export function fromUnits(units: bigint, decimals: number): string {
  const negative = units < 0n;
  const magnitude = negative ? -units : units;
  const whole = magnitude / 100_000n;
  let fraction = (magnitude % 100_000n).toString().padStart(5, '0').replace(/0+$/, '');
  fraction = fraction.padEnd(decimals, '0');
  const text = `${whole}${fraction === '' ? '' : `.${fraction}`}`;
  return negative && magnitude !== 0n ? `-${text}` : text;
}
