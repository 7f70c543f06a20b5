import { chmod, mkdtemp, readdir, readFile, rename, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { inspect } from 'node:util';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { AgentErrorCode } from '../errors';
import { FileKeyProtector } from './file-key-protector';
import type { KeyProtector } from './key-protector';
import { Vault } from './vault';

const posixOnly = process.platform === 'win32' ? it.skip : it;
const SECRET = 'hunter2-very-secret-password';

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'gprelay-vault-'));
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

async function rejection(promise: Promise<unknown>): Promise<{ code: string; message: string }> {
  try {
    await promise;
  } catch (error) {
    return error as { code: string; message: string };
  }
  throw new Error('expected a rejection');
}

describe('Vault', () => {
  it('round-trips values and lists names only', async () => {
    const vault = await Vault.open(join(dir, 'v'));
    await vault.set('gp.credentials', { user: 'CORP\\svc-gp', password: SECRET });
    await vault.set('agent.identity', { agentId: 'agt_1' });
    expect(await vault.get('gp.credentials')).toEqual({ user: 'CORP\\svc-gp', password: SECRET });
    expect(await vault.list()).toEqual(['agent.identity', 'gp.credentials']);
    expect(await vault.get('missing')).toBeUndefined();

    const reopened = await Vault.open(join(dir, 'v'));
    expect(await reopened.get('agent.identity')).toEqual({ agentId: 'agt_1' });
  });

  it('keeps values encrypted on disk and uses a fresh IV for every write', async () => {
    const vault = await Vault.open(dir);
    await vault.set('gp.password', SECRET);
    const path = join(dir, 'entries', 'gp.password.entry');
    const first = await readFile(path, 'utf8');
    expect(first).not.toContain(SECRET);
    expect(first).not.toContain(Buffer.from(SECRET).toString('base64'));
    await vault.set('gp.password', SECRET);
    const second = await readFile(path, 'utf8');
    expect(JSON.parse(second).iv).not.toBe(JSON.parse(first).iv);
    expect(JSON.parse(second).data).not.toBe(JSON.parse(first).data);
  });

  it('overwrites and deletes entries, leaving no temp files behind', async () => {
    const vault = await Vault.open(dir);
    await vault.set('a', 1);
    await vault.set('a', 2);
    expect(await vault.get('a')).toBe(2);
    expect(await vault.delete('a')).toBe(true);
    expect(await vault.delete('a')).toBe(false);
    expect(await vault.get('a')).toBeUndefined();
    expect(await readdir(join(dir, 'entries'))).toEqual([]);
  });

  it('detects a tampered entry with a vault error that carries no secret', async () => {
    const vault = await Vault.open(dir);
    await vault.set('gp.password', SECRET);
    const path = join(dir, 'entries', 'gp.password.entry');
    const entry = JSON.parse(await readFile(path, 'utf8'));
    const data = Buffer.from(entry.data, 'base64');
    data[0] = (data[0] ?? 0) ^ 0x01;
    await writeFile(path, JSON.stringify({ ...entry, data: data.toString('base64') }));

    const error = await rejection(vault.get('gp.password'));
    expect(error.code).toBe(AgentErrorCode.vault);
    expect(error.message).toMatch(/"gp\.password" failed its integrity check/);
    expect(inspect(error, { depth: 10 })).not.toContain(SECRET);
  });

  it('refuses an entry copied onto another name (the name is authenticated)', async () => {
    const vault = await Vault.open(dir);
    await vault.set('gp.password', SECRET);
    await rename(join(dir, 'entries', 'gp.password.entry'), join(dir, 'entries', 'other.entry'));
    expect((await rejection(vault.get('other'))).message).toMatch(/"other" failed its integrity check/);
  });

  it('refuses entries sealed under another data key', async () => {
    const vault = await Vault.open(dir);
    await vault.set('x', SECRET);
    const otherKey = await Vault.open(join(dir, 'elsewhere'));
    await rename(join(dir, 'entries', 'x.entry'), join(dir, 'elsewhere', 'entries', 'x.entry'));
    expect((await rejection(otherKey.get('x'))).code).toBe(AgentErrorCode.vault);
  });

  it('reports a damaged entry file clearly', async () => {
    const vault = await Vault.open(dir);
    await writeFile(join(dir, 'entries', 'junk.entry'), 'not json');
    expect((await rejection(vault.get('junk'))).message).toBe(
      'vault entry "junk" is damaged (not a vault entry file)',
    );
  });

  it('rejects invalid names and non-JSON values without echoing the value', async () => {
    const vault = await Vault.open(dir);
    expect((await rejection(vault.set('../escape', 1))).message).toMatch(/invalid vault entry name/);
    expect((await rejection(vault.set('Upper', 1))).code).toBe(AgentErrorCode.vault);
    expect((await rejection(vault.set('fn', undefined))).message).toBe(
      'vault entry "fn" must be a JSON value',
    );
  });

  it('never shows the key or values through toString, inspect or JSON', async () => {
    const vault = await Vault.open(dir);
    await vault.set('gp.password', SECRET);
    const keyText = (await readFile(join(dir, 'vault.key'), 'utf8')).split('\n')[1] ?? '';
    for (const text of [
      String(vault),
      inspect(vault, { showHidden: true, depth: 10 }),
      JSON.stringify(vault),
    ]) {
      expect(text).not.toContain(SECRET);
      expect(text).not.toContain(keyText);
      expect(text).toContain(dir);
    }
  });

  it('accepts a custom key protector (the DPAPI seam)', async () => {
    const calls: string[] = [];
    const protector: KeyProtector = {
      description: 'test protector',
      async loadOrCreateKey() {
        calls.push('load');
        return Buffer.alloc(32, 7);
      },
    };
    const vault = await Vault.open(dir, { protector });
    await vault.set('a', 'b');
    const again = await Vault.open(dir, { protector });
    expect(await again.get('a')).toBe('b');
    expect(calls).toEqual(['load', 'load']);
    await expect(stat(join(dir, 'vault.key'))).rejects.toMatchObject({ code: 'ENOENT' });
  });
});

describe('FileKeyProtector', () => {
  posixOnly('creates the key file 0600 in a 0700 directory', async () => {
    const keyDir = join(dir, 'keys', 'nested');
    const key = await new FileKeyProtector(join(keyDir, 'vault.key')).loadOrCreateKey();
    expect(key).toHaveLength(32);
    expect((await stat(keyDir)).mode & 0o777).toBe(0o700);
    expect((await stat(join(keyDir, 'vault.key'))).mode & 0o777).toBe(0o600);
    expect(await new FileKeyProtector(join(keyDir, 'vault.key')).loadOrCreateKey()).toEqual(key);
  });

  posixOnly('refuses a group- or world-readable key file and says how to fix it', async () => {
    const path = join(dir, 'vault.key');
    await new FileKeyProtector(path).loadOrCreateKey();
    await chmod(path, 0o644);
    const error = await rejection(new FileKeyProtector(path).loadOrCreateKey());
    expect(error.code).toBe(AgentErrorCode.vault);
    expect(error.message).toContain('accessible by group or others (mode 0644)');
    expect(error.message).toContain(`chmod 600 ${path}`);
    await chmod(path, 0o640);
    expect((await rejection(Vault.open(dir))).message).toContain('mode 0640');
  });

  it('gives concurrent first opens the same key', async () => {
    const path = join(dir, 'vault.key');
    const keys = await Promise.all([1, 2, 3, 4].map(() => new FileKeyProtector(path).loadOrCreateKey()));
    for (const key of keys) expect(key).toEqual(keys[0]);
    expect((await readdir(dir)).filter((f) => f.endsWith('.tmp'))).toEqual([]);
  });

  posixOnly('refuses a damaged key file', async () => {
    const path = join(dir, 'vault.key');
    await writeFile(path, 'gprelay-vault-key-v1\nc2hvcnQ=\n', { mode: 0o600 });
    expect((await rejection(new FileKeyProtector(path).loadOrCreateKey())).message).toMatch(/damaged/);
  });
});
