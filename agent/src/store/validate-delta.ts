import { type Delta, encodeFrame, FrameType, parseFrame } from '@gprelay/shared';

/**
 * Checks a delta against the exact validator the cloud runs on every frame.
 * A delta the cloud would refuse must never reach the outbox: it would make its
 * whole batch invalid, the batch would never be acked, and the outbox would stall
 * behind it forever. Returns null when valid, else the reason (field path + rule).
 */
export function deltaProblem(delta: Delta): string | null {
  let text: string;
  try {
    text = encodeFrame({ type: FrameType.deltas, batchId: 'validation', items: [delta] });
  } catch (error) {
    return error instanceof Error ? error.message : 'delta cannot be encoded';
  }
  const result = parseFrame(text, [FrameType.deltas]);
  if (result.ok) return null;
  return result.reason.replace('invalid "deltas" frame: ', '').replaceAll('/items/0', '');
}
