/**
 * JSON.parse with every number kept as its source text. GP's money is
 * numeric(19,5); a .NET server writes it as a JSON number (`1333.26000`) [U],
 * and 0.1 + 0.2 style float damage or lost digits past 2^53 must never reach a
 * Slack message. Node 20's JSON.parse has no access to the source text of a
 * number, so numbers are quoted in one pass over the text first.
 */
export type JsonData = string | boolean | null | JsonData[] | { [key: string]: JsonData };

export class JsonSyntaxError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'JsonSyntaxError';
  }
}

const NUMBER = /^-?(0|[1-9]\d*)(\.\d+)?([eE][+-]?\d+)?$/;

/** Parses JSON text; numbers come back as strings of their exact source digits. */
export function parseLosslessJson(text: string): JsonData {
  let out = '';
  let from = 0;
  let at = 0;
  const length = text.length;
  while (at < length) {
    const char = text.charCodeAt(at);
    if (char === 0x22 /* " */) {
      at++;
      while (at < length) {
        const inner = text.charCodeAt(at);
        if (inner === 0x5c /* \ */) at += 2;
        else if (inner === 0x22) break;
        else at++;
      }
      at++;
      continue;
    }
    if (char === 0x2d /* - */ || (char >= 0x30 && char <= 0x39)) {
      let end = at + 1;
      while (end < length && /[0-9eE.+-]/.test(text[end]!)) end++;
      const token = text.slice(at, end);
      if (!NUMBER.test(token))
        throw new JsonSyntaxError(`'${token.slice(0, 40)}' at offset ${at} is not a JSON number`);
      out += `${text.slice(from, at)}"${token}"`;
      from = end;
      at = end;
      continue;
    }
    at++;
  }
  out += text.slice(from);
  try {
    return JSON.parse(out) as JsonData;
  } catch (error) {
    throw new JsonSyntaxError((error as Error).message);
  }
}

/**
 * A JSON number's text (as parseLosslessJson keeps it) as a plain decimal:
 * `1.5E+3` → `1500`, `-2.50e-1` → `-0.250`. Exponents appear when a server
 * serializes a double; the digits are kept as written, never rounded.
 */
export function plainDecimal(text: string): string {
  const match = /^(-?)(\d+)(?:\.(\d+))?[eE]([+-]?\d+)$/.exec(text.trim());
  if (!match) return text.trim();
  const [, sign, whole, fraction = '', exponentText] = match;
  const exponent = Number(exponentText);
  // Far out of any amount's range: left as is, for the caller's own check to refuse.
  if (Math.abs(exponent) > 40) return text.trim();
  const digits = whole! + fraction;
  const point = whole!.length + exponent;
  const padded = point <= 0 ? '0'.repeat(1 - point) + digits : digits.padEnd(point, '0');
  const at = Math.max(point, 1);
  const intPart = padded.slice(0, at).replace(/^0+(?=\d)/, '');
  const fracPart = padded.slice(at);
  return `${sign}${intPart}${fracPart === '' ? '' : `.${fracPart}`}`;
}
