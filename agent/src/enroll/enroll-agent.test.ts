import { mkdtemp, rm } from 'node:fs/promises';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { inspect } from 'node:util';
import { importJWK, jwtVerify, SignJWT } from 'jose';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { AgentErrorCode } from '../errors';
import { startConnectProxy } from '../transport/test-connect-proxy';
import { Vault } from '../vault/vault';
import { enrollAgent } from './enroll-agent';
import { IDENTITY_VAULT_ENTRY, loadIdentity } from './identity';

interface Seen {
  method: string | undefined;
  url: string | undefined;
  contentType: string | undefined;
  body: Record<string, unknown>;
}

type Reply = (seen: Seen, res: ServerResponse) => void;

let dir: string;
let vault: Vault;
let server: Server;
let cloudUrl: string;
let seen: Seen[];
let reply: Reply;

const ok: Reply = (_seen, res) =>
  json(res, 200, { agentId: 'agt_1', tenantId: 'tnt_1', audience: 'https://relay.example.com' });

function json(res: ServerResponse, status: number, body: unknown) {
  res.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify(body));
}

beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'gprelay-enroll-'));
  vault = await Vault.open(join(dir, 'vault'));
  seen = [];
  reply = ok;
  server = createServer((req: IncomingMessage, res) => {
    let text = '';
    req.on('data', (chunk: Buffer) => {
      text += chunk.toString('utf8');
    });
    req.on('end', () => {
      const entry = {
        method: req.method,
        url: req.url,
        contentType: req.headers['content-type'],
        body: JSON.parse(text || '{}'),
      };
      seen.push(entry);
      reply(entry, res);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address() as { port: number };
  cloudUrl = `http://127.0.0.1:${address.port}`;
});

afterEach(async () => {
  await new Promise((resolve) => server.close(resolve));
  await rm(dir, { recursive: true, force: true });
});

const enroll = (overrides: Partial<Parameters<typeof enrollAgent>[0]> = {}) =>
  enrollAgent({
    cloudUrl,
    code: 'ABCD-EFGH',
    hostname: 'gp-app-01',
    agentVersion: '0.1.0',
    vault,
    ...overrides,
  });

async function failure(promise: Promise<unknown>) {
  try {
    await promise;
  } catch (error) {
    return error as { code: string; message: string; retryable: boolean };
  }
  throw new Error('expected enrollment to fail');
}

describe('enrollAgent', () => {
  it('sends only the public key and stores the identity with the private key in the vault', async () => {
    const result = await enroll({ cloudUrl: `${cloudUrl}/` });
    expect(result).toEqual({ agentId: 'agt_1', tenantId: 'tnt_1' });

    expect(seen).toHaveLength(1);
    const request = seen[0]!;
    expect(request.method).toBe('POST');
    expect(request.url).toBe('/v1/agents/enroll');
    expect(request.contentType).toBe('application/json');
    expect(Object.keys(request.body).sort()).toEqual(['agentVersion', 'code', 'hostname', 'publicJwk']);
    expect(request.body).toMatchObject({ code: 'ABCD-EFGH', hostname: 'gp-app-01', agentVersion: '0.1.0' });
    const publicJwk = request.body.publicJwk as Record<string, string>;
    expect(Object.keys(publicJwk).sort()).toEqual(['crv', 'kty', 'x']);
    expect(publicJwk).toMatchObject({ kty: 'OKP', crv: 'Ed25519' });

    const identity = await loadIdentity(vault);
    expect(identity).toMatchObject({
      agentId: 'agt_1',
      tenantId: 'tnt_1',
      audience: 'https://relay.example.com',
      cloudUrl,
    });
    expect(identity.privateJwk.x).toBe(publicJwk.x);

    // The stored private key signs what the sent public key verifies.
    const token = await new SignJWT({})
      .setProtectedHeader({ alg: 'EdDSA' })
      .setSubject('agt_1')
      .sign(await importJWK(identity.privateJwk, 'EdDSA'));
    await expect(
      jwtVerify(token, await importJWK(publicJwk, 'EdDSA'), { algorithms: ['EdDSA'] }),
    ).resolves.toBeTruthy();
  });

  it('keeps the private key out of logs, JSON and spreads of the loaded identity', async () => {
    await enroll();
    const identity = await loadIdentity(vault);
    const d = identity.privateJwk.d;
    expect(d.length).toBeGreaterThan(20);
    for (const text of [inspect(identity), JSON.stringify(identity), JSON.stringify({ ...identity })]) {
      expect(text).not.toContain(d);
      expect(text).toContain('agt_1');
    }
  });

  it('makes a fresh key pair on every enrollment (re-enroll replaces the identity)', async () => {
    await enroll();
    const first = (await loadIdentity(vault)).privateJwk.x;
    await enroll();
    expect((await loadIdentity(vault)).privateJwk.x).not.toBe(first);
    expect((seen[0]!.body.publicJwk as { x: string }).x).not.toBe(
      (seen[1]!.body.publicJwk as { x: string }).x,
    );
  });

  it.each([
    [
      400,
      'CLOUD_ENROLL_CODE_INVALID',
      /not recognised: check it for typos, or ask for a new code in the console/,
    ],
    [
      410,
      'CLOUD_ENROLL_CODE_EXPIRED',
      /has expired .*ask for a new code in the console \(CLOUD_ENROLL_CODE_EXPIRED\)/,
    ],
    [409, 'CLOUD_ENROLL_CODE_USED', /already used .*ask for a new code in the console/],
    [400, 'CLOUD_BAD_REQUEST', /refused the request: publicJwk\.x is missing \(CLOUD_BAD_REQUEST\)/],
    [403, 'CLOUD_TENANT_SUSPENDED', /answered CLOUD_TENANT_SUSPENDED: publicJwk\.x is missing/],
  ])('maps HTTP %i %s to a clear operator message and stores nothing', async (status, code, message) => {
    reply = (_seen, res) => json(res, status, { error: { code, message: 'publicJwk.x is missing' } });
    const error = await failure(enroll());
    expect(error.code).toBe(AgentErrorCode.enroll);
    expect(error.message).toMatch(message);
    expect(error.message).not.toContain('ABCD-EFGH');
    expect(error.retryable).toBe(false);
    expect(await vault.list()).not.toContain(IDENTITY_VAULT_ENTRY);
  });

  it('reports a cloud 5xx as retryable', async () => {
    reply = (_seen, res) => res.writeHead(503).end('<html>maintenance</html>');
    const error = await failure(enroll());
    expect(error.message).toBe(
      `enrollment failed: the cloud at ${cloudUrl} had a problem (HTTP 503); try again in a few minutes`,
    );
    expect(error.retryable).toBe(true);
  });

  it('refuses a 200 that is not an enrollment answer', async () => {
    reply = (_seen, res) => res.writeHead(200, { 'content-type': 'text/html' }).end('<html>login</html>');
    expect((await failure(enroll())).message).toMatch(/answered 200 without agentId, tenantId and audience/);
  });

  it('names the URL when the cloud is unreachable', async () => {
    const closed = cloudUrl;
    await new Promise((resolve) => server.close(resolve));
    server = createServer();
    const error = await failure(enroll({ cloudUrl: closed }));
    expect(error.code).toBe(AgentErrorCode.enroll);
    expect(error.message).toBe(
      `enrollment failed: cannot reach the cloud at ${closed}/v1/agents/enroll (ECONNREFUSED); check the URL, DNS, firewall and proxy settings`,
    );
    expect(error.retryable).toBe(true);
  });

  it('times out a cloud that never answers', async () => {
    reply = () => {}; // hold the request open
    const error = await failure(enroll({ timeoutMs: 200 }));
    expect(error.message).toBe(
      `enrollment failed: the cloud at ${cloudUrl}/v1/agents/enroll did not answer within 200 ms`,
    );
    expect(error.retryable).toBe(true);
    server.closeAllConnections();
  });

  it('refuses an empty code and a bad cloud URL before any network call', async () => {
    expect((await failure(enroll({ code: '  ' }))).message).toBe(
      'enrollment failed: the enrollment code is empty',
    );
    expect((await failure(enroll({ cloudUrl: 'relay.example.com' }))).code).toBe(AgentErrorCode.config);
    expect(seen).toHaveLength(0);
  });

  it('goes through an HTTP CONNECT proxy when proxyUrl is set', async () => {
    const proxy = await startConnectProxy();
    try {
      await enroll({ proxyUrl: proxy.url });
      expect(proxy.connects).toEqual([cloudUrl.replace('http://', '')]);
      expect(seen).toHaveLength(1);
    } finally {
      await proxy.close();
    }
  });

  it('uses an injected fetch', async () => {
    const calls: string[] = [];
    const result = await enroll({
      cloudUrl: 'https://relay.example.com',
      fetch: async (url) => {
        calls.push(url);
        return {
          status: 200,
          text: async () => JSON.stringify({ agentId: 'a', tenantId: 't', audience: 'aud' }),
        };
      },
    });
    expect(result).toEqual({ agentId: 'a', tenantId: 't' });
    expect(calls).toEqual(['https://relay.example.com/v1/agents/enroll']);
  });
});

describe('loadIdentity', () => {
  it('tells an operator how to enroll when there is no identity', async () => {
    const error = await failure(loadIdentity(vault));
    expect(error.code).toBe(AgentErrorCode.notEnrolled);
    expect(error.message).toContain('run `agent enroll --cloud URL --code CODE`');
  });

  it('treats an incomplete stored identity as not enrolled', async () => {
    await vault.set(IDENTITY_VAULT_ENTRY, { agentId: 'agt_1' });
    const error = await failure(loadIdentity(vault));
    expect(error.code).toBe(AgentErrorCode.notEnrolled);
    expect(error.message).toMatch(/incomplete; enroll again/);
  });
});
