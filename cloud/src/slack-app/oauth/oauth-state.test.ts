import { describe, expect, it } from 'vitest';
import { SecretBox } from '../../crypto/secret-box';
import { clearInstallCookie, readInstallCookie, setInstallCookie } from './install-cookie';
import { browserBinding, isWellFormedSecret, openState, randomSecret, sealState } from './oauth-state';

const box = new SecretBox(Buffer.alloc(32, 3), 'slack-bot-token');
const payload = {
  nonce: randomSecret(),
  tenantId: 'tnt_0123456789abcdefghjk',
  expiresAtMs: 1_800_000_000_000,
};

describe('OAuth state', () => {
  it('opens a state we sealed, and reveals nothing of it in the URL form', () => {
    const state = sealState(box, payload);
    expect(openState(box, state)).toEqual(payload);
    expect(state).not.toContain(payload.tenantId);
    expect(encodeURIComponent(state)).toBe(state);
  });

  it('refuses a state altered anywhere, sealed under another key, or made up', () => {
    const state = sealState(box, payload);
    const parts = state.split('.');
    const body = parts[2]!;
    parts[2] = `${body[0] === 'A' ? 'B' : 'A'}${body.slice(1)}`;
    expect(openState(box, parts.join('.'))).toBeNull();
    expect(openState(box, state.slice(0, -3))).toBeNull();
    expect(openState(new SecretBox(Buffer.alloc(32, 4), 'slack-bot-token'), state)).toBeNull();
    expect(openState(box, 'st-123')).toBeNull();
  });

  it('never takes a sealed bot token for a state', () => {
    expect(openState(box, box.seal('xoxb-secret', payload.tenantId))).toBeNull();
  });
});

describe('install cookie', () => {
  it('is HttpOnly and SameSite=Lax, and Secure with the __Host- prefix over https', () => {
    const secret = randomSecret();
    expect(setInstallCookie(secret, true)).toBe(
      `__Host-gprelay_slack_install=${secret}; Path=/; Max-Age=600; HttpOnly; SameSite=Lax; Secure`,
    );
    expect(setInstallCookie(secret, false)).toBe(
      `gprelay_slack_install=${secret}; Path=/; Max-Age=600; HttpOnly; SameSite=Lax`,
    );
    expect(clearInstallCookie(true)).toContain('Max-Age=0');
  });

  it('is read back by name among other cookies, and its hash is the browser binding', () => {
    const secret = randomSecret();
    expect(readInstallCookie(`a=1; __Host-gprelay_slack_install=${secret}; b=2`, true)).toBe(secret);
    expect(readInstallCookie(`gprelay_slack_install=${secret}`, true)).toBeUndefined();
    expect(isWellFormedSecret(secret)).toBe(true);
    expect(isWellFormedSecret('short')).toBe(false);
    expect(browserBinding(secret)).toMatch(/^[0-9a-f]{64}$/);
    expect(browserBinding(secret)).not.toBe(browserBinding(randomSecret()));
  });
});
