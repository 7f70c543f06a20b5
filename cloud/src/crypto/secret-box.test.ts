import { inspect } from 'node:util';
import { describe, expect, it } from 'vitest';
import { SecretBox } from './secret-box';

const key = Buffer.alloc(32, 1);

describe('SecretBox', () => {
  it('opens what it sealed, and never stores the plaintext', () => {
    const box = new SecretBox(key, 'slack-bot-token');
    const sealed = box.seal('xoxb-123-secret', 'tnt_a');
    expect(sealed).not.toContain('xoxb');
    expect(box.open(sealed, 'tnt_a')).toBe('xoxb-123-secret');
  });

  it('uses a fresh IV each time', () => {
    const box = new SecretBox(key, 'p');
    expect(box.seal('same', 'a')).not.toBe(box.seal('same', 'a'));
  });

  it('refuses a value sealed for another owner, another purpose or another key', () => {
    const sealed = new SecretBox(key, 'p').seal('secret', 'tnt_a');
    expect(() => new SecretBox(key, 'p').open(sealed, 'tnt_b')).toThrow(/does not open/);
    expect(() => new SecretBox(key, 'other').open(sealed, 'tnt_a')).toThrow(/does not open/);
    expect(() => new SecretBox(Buffer.alloc(32, 2), 'p').open(sealed, 'tnt_a')).toThrow(/does not open/);
  });

  it('detects tampering', () => {
    const box = new SecretBox(key, 'p');
    const parts = box.seal('secret-value', 'a').split('.');
    parts[2] = `${parts[2]!.slice(0, -2)}AA`;
    expect(() => box.open(parts.join('.'), 'a')).toThrow(/does not open/);
  });

  it('does not reveal its key when logged', () => {
    const box = new SecretBox(key, 'p');
    expect(JSON.stringify({ box })).toBe('{"box":"[SecretBox]"}');
    expect(inspect(box)).not.toContain('01010101');
  });
});
