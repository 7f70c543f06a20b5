import { describe, expect, it } from 'vitest';
import { CLOUD_TO_AGENT, FrameType } from './frame-types';
import type { Frame } from './frames';
import { encodeFrame, FrameRejection, parseFrame } from './parse-frame';
import { delta, oneOfEach, vendorDelta, vendorRecord } from './test-frames';
import { MAX_FRAME_BYTES } from './version';

describe('parseFrame', () => {
  it.each(Object.values(FrameType))('round-trips a %s frame through encodeFrame', (type) => {
    const frame = oneOfEach[type];
    const parsed = parseFrame(encodeFrame(frame));
    expect(parsed).toEqual({ ok: true, frame });
  });

  it('accepts a frame given as UTF-8 bytes', () => {
    const bytes = new TextEncoder().encode(encodeFrame(oneOfEach.ack));
    expect(parseFrame(bytes)).toEqual({ ok: true, frame: oneOfEach.ack });
  });

  it('rejects text that is not JSON', () => {
    expect(parseFrame('{"type":"ack",')).toMatchObject({ ok: false, code: FrameRejection.notJson });
  });

  it('rejects invalid UTF-8 bytes', () => {
    expect(parseFrame(new Uint8Array([0x7b, 0xff, 0x7d]))).toMatchObject({
      ok: false,
      code: FrameRejection.notJson,
    });
  });

  it.each([['[]'], ['null'], ['"hello"'], ['42']])('rejects %s because a frame is an object', (text) => {
    expect(parseFrame(text)).toMatchObject({ ok: false, code: FrameRejection.notObject });
  });

  it('rejects an unknown type and names it', () => {
    const result = parseFrame('{"type":"subscribe"}');
    expect(result).toEqual({
      ok: false,
      code: FrameRejection.unknownType,
      reason: 'unknown frame type "subscribe"',
    });
  });

  it('rejects a frame without a type', () => {
    expect(parseFrame('{"batchId":"b1"}')).toMatchObject({ ok: false, code: FrameRejection.unknownType });
  });

  it('rejects a frame meant for the other direction', () => {
    const result = parseFrame(encodeFrame(oneOfEach.deltas), CLOUD_TO_AGENT);
    expect(result).toMatchObject({ ok: false, code: FrameRejection.wrongDirection });
  });

  it('names the offending field of an invalid frame', () => {
    const result = parseFrame(JSON.stringify({ ...oneOfEach.ack, accepted: -1 }));
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.code).toBe(FrameRejection.invalid);
    expect(result.reason).toContain('"ack"');
    expect(result.reason).toContain('/accepted');
  });

  it('rejects unexpected properties, so typos do not pass silently', () => {
    const result = parseFrame(JSON.stringify({ ...oneOfEach.ack, acepted: 1 }));
    expect(result).toMatchObject({ ok: false, code: FrameRejection.invalid });
    // The peer is told which field, the likeliest sign of two protocol versions.
    if (!result.ok) expect(result.reason).toContain('"acepted"');
  });

  it('rejects a delta whose amount is a float instead of a decimal string', () => {
    const bad = {
      ...delta,
      record: { ...delta.record, amount: { value: 1250.5, currency: 'USD', decimalDigits: 2 } },
    };
    const result = parseFrame(JSON.stringify({ type: 'deltas', batchId: 'b1', items: [bad] }));
    expect(result).toMatchObject({ ok: false, code: FrameRejection.invalid });
  });

  describe('a vendor delta', () => {
    const frameOf = (item: object) => JSON.stringify({ type: 'deltas', batchId: 'b1', items: [item] });

    it.each([
      ['without previous (an older agent)', vendorDelta],
      ['with the previous record', { ...vendorDelta, previous: vendorRecord }],
      ['with previous null (new to the agent)', { ...vendorDelta, previous: null }],
    ])('is accepted %s', (_case, item) => {
      expect(parseFrame(frameOf(item))).toEqual({
        ok: true,
        frame: { type: 'deltas', batchId: 'b1', items: [item] },
      });
    });

    it('is refused when previous is not a whole vendor record', () => {
      const result = parseFrame(frameOf({ ...vendorDelta, previous: { name: 'Acme Supplies' } }));
      expect(result).toMatchObject({ ok: false, code: FrameRejection.invalid });
      if (!result.ok) expect(result.reason).toContain('/items/0/previous');
    });

    it('is the only family that carries previous', () => {
      const result = parseFrame(frameOf({ ...delta, previous: null }));
      expect(result).toMatchObject({ ok: false, code: FrameRejection.invalid });
    });
  });

  it('rejects an empty deltas batch', () => {
    expect(parseFrame('{"type":"deltas","batchId":"b1","items":[]}')).toMatchObject({
      ok: false,
      code: FrameRejection.invalid,
    });
  });

  it('rejects a frame over 1 MiB before parsing it', () => {
    const huge = JSON.stringify({ type: 'alert', code: 'x.y', message: 'm'.repeat(MAX_FRAME_BYTES) });
    const result = parseFrame(huge);
    expect(result).toMatchObject({ ok: false, code: FrameRejection.tooLarge });
    expect(parseFrame(new TextEncoder().encode(huge))).toMatchObject({
      ok: false,
      code: FrameRejection.tooLarge,
    });
  });

  it('counts multi-byte characters towards the size limit', () => {
    // 400k three-byte characters: under the limit in UTF-16 code units, over it in UTF-8 bytes.
    const text = JSON.stringify({ type: 'alert', code: 'x.y', message: '€'.repeat(400_000) });
    expect(text.length).toBeLessThan(MAX_FRAME_BYTES);
    expect(parseFrame(text)).toMatchObject({ ok: false, code: FrameRejection.tooLarge });
  });

  it('refuses to encode a frame the peer would reject for size', () => {
    const alert = { type: 'alert', code: 'x.y', message: 'm'.repeat(MAX_FRAME_BYTES) } as Frame;
    expect(() => encodeFrame(alert)).toThrow(RangeError);
  });
});
