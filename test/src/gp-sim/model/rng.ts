/**
 * Seeded pseudo-random numbers (sfc32 seeded through splitmix32): fast,
 * good enough for test data, and the same sequence for the same seed on every
 * platform.
 */
export class Rng {
  private a: number;
  private b: number;
  private c: number;
  private d: number;

  constructor(seed: number) {
    let state = seed >>> 0;
    const next = () => {
      state = (state + 0x9e3779b9) >>> 0;
      let z = state;
      z = Math.imul(z ^ (z >>> 16), 0x85ebca6b) >>> 0;
      z = Math.imul(z ^ (z >>> 13), 0xc2b2ae35) >>> 0;
      return (z ^ (z >>> 16)) >>> 0;
    };
    this.a = next();
    this.b = next();
    this.c = next();
    this.d = next();
    for (let i = 0; i < 12; i++) this.next();
  }

  /** Uniform in [0, 1). */
  next(): number {
    const t = (((this.a + this.b) >>> 0) + this.d) >>> 0;
    this.d = (this.d + 1) >>> 0;
    this.a = this.b ^ (this.b >>> 9);
    this.b = (this.c + (this.c << 3)) >>> 0;
    this.c = ((this.c << 21) | (this.c >>> 11)) >>> 0;
    this.c = (this.c + t) >>> 0;
    return t / 4_294_967_296;
  }

  /** Integer in [min, max]. */
  int(min: number, max: number): number {
    return min + Math.floor(this.next() * (max - min + 1));
  }

  chance(probability: number): boolean {
    return this.next() < probability;
  }

  pick<T>(items: readonly T[]): T {
    if (items.length === 0) throw new RangeError('pick from an empty list');
    return items[Math.floor(this.next() * items.length)]!;
  }

  /** A child generator whose sequence does not depend on how much of this one is used later. */
  fork(label: number): Rng {
    return new Rng(Math.imul((this.next() * 4_294_967_296) >>> 0, 31) ^ label);
  }
}

/**
 * A time after `fromMs`, at most `withinMs` later and never after `untilMs`.
 * Generated events fall between their cause and now, never clamped onto
 * now: a clamp would stamp many rows with the very same DEX_ROW_TS, a tie
 * real data does not have.
 */
export function between(rng: Rng, fromMs: number, withinMs: number, untilMs: number): number {
  return fromMs + Math.floor(rng.next() * Math.max(0, Math.min(withinMs, untilMs - fromMs)));
}
