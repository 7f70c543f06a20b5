import { readFile, writeFile } from 'node:fs/promises';

/** FILE ccache format version 4 header tag that carries the client's offset to the KDC's clock. */
const DELTA_TIME_TAG = 1;

/**
 * Makes a FILE credential cache (format 4, what MIT's kinit writes) claim that
 * the KDC's clock is `offsetSeconds` away from ours. MIT clients add this
 * offset to every timestamp they send (kdc_timesync), so requests made with
 * the cache look exactly like those of a machine whose clock is off by that
 * much: the KDC and acceptors answer "Clock skew too great". This is how the
 * tests get a real clock-skew failure without changing the system clock.
 */
export async function setCcacheTimeOffset(path: string, offsetSeconds: number): Promise<void> {
  const bytes = await readFile(path);
  if (bytes[0] !== 0x05 || bytes[1] !== 0x04) throw new Error(`${path} is not a version 4 FILE ccache`);
  const headerLength = bytes.readUInt16BE(2);
  let at = 4;
  while (at < 4 + headerLength) {
    const tag = bytes.readUInt16BE(at);
    const length = bytes.readUInt16BE(at + 2);
    if (tag === DELTA_TIME_TAG && length === 8) {
      bytes.writeInt32BE(offsetSeconds, at + 4);
      bytes.writeInt32BE(0, at + 8);
      await writeFile(path, bytes);
      return;
    }
    at += 4 + length;
  }
  throw new Error(`${path} has no time offset header field`);
}
