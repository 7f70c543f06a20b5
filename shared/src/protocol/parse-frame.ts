import { FrameType } from './frame-types';
import * as GENERATED from './frame-validators.generated';
import type { Frame } from './frames';
import { MAX_FRAME_BYTES } from './version';

/** Why a frame was refused. Stable: both sides count and report these. */
export const FrameRejection = {
  tooLarge: 'PROTOCOL_FRAME_TOO_LARGE',
  notJson: 'PROTOCOL_NOT_JSON',
  notObject: 'PROTOCOL_NOT_OBJECT',
  unknownType: 'PROTOCOL_UNKNOWN_TYPE',
  wrongDirection: 'PROTOCOL_WRONG_DIRECTION',
  invalid: 'PROTOCOL_INVALID_FRAME',
} as const;
export type FrameRejection = (typeof FrameRejection)[keyof typeof FrameRejection];

export type ParseResult = { ok: true; frame: Frame } | { ok: false; code: FrameRejection; reason: string };

/** An ajv validator compiled ahead of time from a frame's schema (see frame-validators-codegen.ts). */
interface FrameValidator {
  (value: unknown): boolean;
  errors?: ReadonlyArray<{ instancePath: string; message?: string; params?: Record<string, unknown> }> | null;
}
const VALIDATORS: Record<FrameType, FrameValidator> = GENERATED;

const KNOWN_TYPES = new Set<string>(Object.values(FrameType));

const encoder = new TextEncoder();
const decoder = new TextDecoder('utf-8', { fatal: true });

/** True when the UTF-8 form of `text` is over the frame limit; skips encoding when it cannot be. */
function overLimit(text: string): number | null {
  if (text.length * 3 <= MAX_FRAME_BYTES) return null;
  const size = encoder.encode(text).byteLength;
  return size > MAX_FRAME_BYTES ? size : null;
}

/**
 * The one way either side reads a frame: size limit, JSON, a known `type`, the
 * direction (`accept`), then the schema of that type. Never throws; the reason
 * names the offending field so the peer can be told what was wrong.
 */
export function parseFrame(data: string | Uint8Array, accept?: readonly FrameType[]): ParseResult {
  const size =
    typeof data === 'string' ? overLimit(data) : data.byteLength > MAX_FRAME_BYTES ? data.byteLength : null;
  if (size !== null) {
    return reject(FrameRejection.tooLarge, `frame is ${size} bytes; the limit is ${MAX_FRAME_BYTES}`);
  }
  let value: unknown;
  try {
    value = JSON.parse(typeof data === 'string' ? data : decoder.decode(data));
  } catch {
    return reject(FrameRejection.notJson, 'frame is not valid UTF-8 JSON');
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    return reject(FrameRejection.notObject, 'frame must be a JSON object with a "type"');
  }
  const type = (value as { type?: unknown }).type;
  if (typeof type !== 'string' || !KNOWN_TYPES.has(type)) {
    return reject(FrameRejection.unknownType, `unknown frame type ${JSON.stringify(type)?.slice(0, 40)}`);
  }
  const frameType = type as FrameType;
  if (accept && !accept.includes(frameType)) {
    return reject(FrameRejection.wrongDirection, `"${frameType}" frames are not accepted here`);
  }
  const validator = VALIDATORS[frameType];
  if (!validator(value)) {
    // ajv stops at the first problem (allErrors: false keeps the generated code small); name the field.
    const problem = validator.errors?.[0];
    const extra = problem?.params?.additionalProperty;
    const detail = problem
      ? `${problem.instancePath || '/'} ${problem.message}${extra === undefined ? '' : ` ("${extra}")`}`
      : 'does not match its schema';
    return reject(FrameRejection.invalid, `invalid "${frameType}" frame: ${detail}`);
  }
  return { ok: true, frame: value as Frame };
}

/** Serialises a frame, refusing one the peer would reject for size. */
export function encodeFrame(frame: Frame): string {
  const text = JSON.stringify(frame);
  const size = overLimit(text);
  if (size !== null) {
    throw new RangeError(`${frame.type} frame is ${size} bytes; the limit is ${MAX_FRAME_BYTES}`);
  }
  return text;
}

function reject(code: FrameRejection, reason: string): ParseResult {
  return { ok: false, code, reason };
}
