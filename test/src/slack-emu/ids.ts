/**
 * Deterministic identifiers for one emulator instance. Slack ids are an uppercase prefix letter plus
 * uppercase alphanumerics (`C0123ABCD45`); tests want the same ids on every run, so they come from a
 * seeded PRNG rather than crypto randomness. Nothing here is a secret: emulator tokens unlock nothing.
 */
const ALNUM_UPPER = '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ';
const ALNUM_MIXED = '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz';
const DIGITS = '0123456789';

export class IdGenerator {
  private state: number;
  private readonly issued = new Set<string>();

  constructor(seed = 0x5eed) {
    this.state = seed >>> 0;
  }

  /** mulberry32: tiny, fast and good enough to make ids that look random. */
  private next(): number {
    this.state = (this.state + 0x6d2b79f5) >>> 0;
    let t = this.state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  }

  private draw(alphabet: string, length: number): string {
    let out = '';
    for (let i = 0; i < length; i++) out += alphabet[Math.floor(this.next() * alphabet.length)];
    return out;
  }

  /** A Slack-style id: `prefix` + 10 uppercase alphanumerics, never repeated within this instance. */
  slackId(prefix: 'T' | 'C' | 'U' | 'B' | 'A' | 'W' | 'E'): string {
    for (;;) {
      const id = prefix + this.draw(ALNUM_UPPER, 10);
      if (!this.issued.has(id)) {
        this.issued.add(id);
        return id;
      }
    }
  }

  digits(length: number): string {
    return this.draw(DIGITS, length);
  }

  alnum(length: number): string {
    return this.draw(ALNUM_MIXED, length);
  }

  /** Bot token in Slack's shape: `xoxb-<team digits>-<bot digits>-<24 alnum>`. */
  botToken(): string {
    return `xoxb-${this.digits(12)}-${this.digits(13)}-${this.alnum(24)}`;
  }

  /** Rotating bot access token (`xoxe.xoxb-1-…`), as issued when token rotation is on. */
  rotatingBotToken(): string {
    return `xoxe.xoxb-1-${this.alnum(64)}`;
  }

  /** Rotation refresh token (`xoxe-1-…`). */
  refreshToken(): string {
    return `xoxe-1-${this.alnum(64)}`;
  }

  /** OAuth code in the `digits.digits.hex` shape Slack hands to the redirect URI. */
  oauthCode(): string {
    return `${this.digits(12)}.${this.digits(13)}.${this.draw('0123456789abcdef', 64)}`;
  }
}
