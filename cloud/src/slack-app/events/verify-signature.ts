import { createHmac, timingSafeEqual } from 'node:crypto';

/** Slack's replay window: a request signed more than 5 minutes before or after now is refused. */
export const SIGNATURE_WINDOW_SEC = 300;

/** Why a request to /slack/events was refused. Values are stable: they land in audit rows. */
export const SignatureRejection = {
  missing: 'missing_signature',
  malformed: 'malformed_signature',
  mismatch: 'bad_signature',
  stale: 'stale_timestamp',
  future: 'future_timestamp',
  replayed: 'replayed',
} as const;
export type SignatureRejection = (typeof SignatureRejection)[keyof typeof SignatureRejection];

export type SignatureVerdict =
  | { ok: true; timestampSec: number; signature: string }
  /** `authentic`: the HMAC matched, so the body really comes from Slack (only its time is wrong). */
  | { ok: false; reason: SignatureRejection; authentic: boolean };

const TIMESTAMP = /^\d{1,12}$/;
/** Only version `v0` exists; anything else is refused rather than guessed at. */
const SIGNATURE = /^v0=[0-9a-f]{64}$/;

/**
 * Checks `X-Slack-Signature` the way Slack specifies (research §6.2):
 * `v0=` + hex HMAC-SHA256(signing secret, `v0:<timestamp>:<raw body>`) over
 * the exact bytes received, compared in constant time, with the timestamp
 * within `windowSec` of now in BOTH directions (Bolt only refuses old ones; a
 * request dated in the future is as suspicious as a stale one).
 *
 * The HMAC is checked before the clock, so a refusal says whether the body
 * was authentic: a stale but authentic request is a captured one replayed.
 */
export function verifySlackSignature(input: {
  signingSecret: string;
  rawBody: Buffer;
  timestampHeader: string | string[] | undefined;
  signatureHeader: string | string[] | undefined;
  nowMs: number;
  windowSec?: number;
}): SignatureVerdict {
  const { timestampHeader: ts, signatureHeader: sig } = input;
  if (ts === undefined || sig === undefined || ts === '' || sig === '') {
    return { ok: false, reason: SignatureRejection.missing, authentic: false };
  }
  // A repeated header arrives as an array: refuse, as Bolt does, rather than pick one.
  if (typeof ts !== 'string' || typeof sig !== 'string' || !TIMESTAMP.test(ts) || !SIGNATURE.test(sig)) {
    return { ok: false, reason: SignatureRejection.malformed, authentic: false };
  }
  const expected = createHmac('sha256', input.signingSecret)
    .update(`v0:${ts}:`)
    .update(input.rawBody)
    .digest();
  const presented = Buffer.from(sig.slice(3), 'hex');
  // Both are 32 bytes (the pattern above guarantees it), as timingSafeEqual needs.
  if (!timingSafeEqual(expected, presented)) {
    return { ok: false, reason: SignatureRejection.mismatch, authentic: false };
  }
  const timestampSec = Number(ts);
  const skewSec = Math.floor(input.nowMs / 1000) - timestampSec;
  const windowSec = input.windowSec ?? SIGNATURE_WINDOW_SEC;
  if (skewSec > windowSec) return { ok: false, reason: SignatureRejection.stale, authentic: true };
  if (skewSec < -windowSec) return { ok: false, reason: SignatureRejection.future, authentic: true };
  return { ok: true, timestampSec, signature: sig };
}
