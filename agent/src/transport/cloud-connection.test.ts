import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PROTOCOL_VERSION, type WelcomeFrame, WS_SUBPROTOCOL } from '@gprelay/shared';
import { exportJWK, generateKeyPair, type JWK } from 'jose';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { IDENTITY_VAULT_ENTRY, loadIdentity } from '../enroll/identity';
import { LocalStore } from '../store/local-store';
import { payablesDocument } from '../store/test-documents';
import { Vault } from '../vault/vault';
import { CloudConnection, type CloudConnectionOptions } from './cloud-connection';
import { startConnectProxy } from './test-connect-proxy';
import { type FakeAgentSocket, FakeCloud, waitForState } from './test-fake-cloud';
import { ManualTimers } from './test-manual-timers';

const AGENT_ID = 'agt_test';
const AUDIENCE = 'https://relay.example.com';
const RETRY_MS = 7; // the injected backoff delay, run at once by ManualTimers

let dir: string;
let store: LocalStore;
let cloud: FakeCloud;
let privateJwk: JWK;
let timers: ManualTimers;
let connection: CloudConnection | undefined;
let backoffAttempts: number[];
let vault: Vault;

beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'gprelay-transport-'));
  store = LocalStore.open(join(dir, 'agent.db'));
  const { privateKey, publicKey } = await generateKeyPair('EdDSA', { crv: 'Ed25519', extractable: true });
  privateJwk = await exportJWK(privateKey);
  // Credentials come from a real vault through loadIdentity, exactly as the CLI will wire it.
  vault = await Vault.open(join(dir, 'vault'));
  await vault.set(IDENTITY_VAULT_ENTRY, {
    agentId: AGENT_ID,
    tenantId: 'tnt_1',
    audience: AUDIENCE,
    cloudUrl: 'http://unused.test',
    privateJwk,
  });
  cloud = await FakeCloud.start({
    agentId: AGENT_ID,
    audience: AUDIENCE,
    publicJwk: await exportJWK(publicKey),
  });
  timers = new ManualTimers([RETRY_MS]);
  backoffAttempts = [];
});

afterEach(async () => {
  await connection?.stop();
  connection = undefined;
  await cloud.close();
  store.close();
  await rm(dir, { recursive: true, force: true });
});

function connect(overrides: Partial<CloudConnectionOptions> = {}): CloudConnection {
  connection = new CloudConnection({
    cloudUrl: cloud.url,
    credentials: () => loadIdentity(vault),
    agentVersion: '0.1.0',
    companies: ['Fabrikam, Inc.', 'TWO'],
    capabilities: ['gp-soap'],
    outbox: store,
    timers,
    reconnectDelayMs: (attempt) => {
      backoffAttempts.push(attempt);
      return RETRY_MS;
    },
    authRetryDelayMs: 300_000,
    ...overrides,
  });
  connection.start();
  return connection;
}

const welcomeFrame = (heartbeatIntervalMs = 20_000): WelcomeFrame => ({
  type: 'welcome',
  protocolVersion: PROTOCOL_VERSION,
  agentId: AGENT_ID,
  tenantId: 'tnt_1',
  config: { pollIntervalMs: 15_000, docTypes: ['payables-invoice'], heartbeatIntervalMs },
});

/** Accepts the next connection, checks its hello and welcomes it; resolves once the agent is ready. */
async function handshake(conn: CloudConnection, heartbeatIntervalMs?: number): Promise<FakeAgentSocket> {
  const socket = await cloud.nextSocket();
  await socket.nextFrame('hello');
  const ready = waitForState(conn, (state) => state.status === 'open' && state.ready);
  socket.send(welcomeFrame(heartbeatIntervalMs));
  await ready;
  return socket;
}

function enqueue(keys: string[]) {
  return store.recordPoll({
    company: 'TWO',
    docType: 'payables-invoice',
    cursor: { modifiedAt: '2026-11-25T10:00:00.000Z', key: keys.at(-1) ?? '' },
    documents: keys.map((key) => payablesDocument(key)),
  });
}

describe('CloudConnection: authentication and handshake', () => {
  it('opens ws(s)://…/v1/agent/socket with the subprotocol and a fresh, valid EdDSA JWT per connection', async () => {
    const conn = connect();
    const socket = await cloud.nextSocket();
    expect(socket.ws.protocol).toBe(WS_SUBPROTOCOL);
    expect(socket.headers['sec-websocket-protocol']).toBe(WS_SUBPROTOCOL);
    expect(cloud.tokens).toHaveLength(1);
    const [first] = cloud.tokens;
    expect(first!.header).toEqual({ alg: 'EdDSA', kid: AGENT_ID, typ: 'JWT' });
    expect(first!.payload).toMatchObject({ sub: AGENT_ID, aud: AUDIENCE });
    expect(first!.payload.exp! - first!.payload.iat!).toBeLessThanOrEqual(300);

    socket.ws.terminate();
    await cloud.nextSocket();
    expect(cloud.tokens).toHaveLength(2);
    expect(cloud.tokens[1]!.payload.jti).not.toBe(first!.payload.jti);
    expect(cloud.authFailures).toEqual([]);
    await waitForState(conn, (state) => state.status === 'open');
    expect(conn.stats().connectionsOpened).toBe(2);
  });

  it('says hello, then exposes the welcome config through the getter and the event', async () => {
    const conn = connect();
    const welcomes: WelcomeFrame[] = [];
    conn.on('welcome', (welcome) => welcomes.push(welcome));
    const socket = await cloud.nextSocket();
    expect(await socket.nextFrame('hello')).toEqual({
      type: 'hello',
      protocolVersion: PROTOCOL_VERSION,
      agentVersion: '0.1.0',
      companies: ['Fabrikam, Inc.', 'TWO'],
      capabilities: ['gp-soap'],
    });
    expect(conn.state).toMatchObject({ status: 'open', ready: false });
    expect(conn.welcome).toBeNull();
    const ready = waitForState(conn, (state) => state.status === 'open' && state.ready);
    socket.send(welcomeFrame(12_000));
    await ready;
    expect(welcomes).toEqual([welcomeFrame(12_000)]);
    expect(conn.welcome?.config).toEqual({
      pollIntervalMs: 15_000,
      docTypes: ['payables-invoice'],
      heartbeatIntervalMs: 12_000,
    });
  });

  it('surfaces poll-now and reload-config commands', async () => {
    const conn = connect();
    const commands: string[] = [];
    conn.on('command', (command) => commands.push(command));
    const socket = await handshake(conn);
    const second = new Promise<void>((resolve) =>
      conn.on('command', (c) => c === 'reload-config' && resolve()),
    );
    socket.send({ type: 'command', command: 'poll-now' });
    socket.send({ type: 'command', command: 'reload-config' });
    await second;
    expect(commands).toEqual(['poll-now', 'reload-config']);
  });

  it('start() and stop() are idempotent', async () => {
    const conn = connect();
    conn.start();
    conn.start();
    const socket = await handshake(conn);
    await Promise.all([conn.stop(), conn.stop()]);
    await conn.stop();
    expect(conn.state).toEqual({ status: 'stopped', reason: 'requested', detail: 'stopped by the agent' });
    expect((await socket.closed).code).toBe(1000);
    expect(cloud.sockets).toHaveLength(1);
    expect(timers.pendingDelays()).toEqual([]);
  });
});

describe('CloudConnection: draining the outbox', () => {
  it('sends queued deltas after welcome; acked batches leave the store', async () => {
    enqueue(['V1', 'V2', 'V3']);
    const conn = connect();
    const socket = await handshake(conn);
    const frame = await socket.nextFrame('deltas');
    expect(frame.items.map((d) => d.key)).toEqual(['V1', 'V2', 'V3']);
    const acked = new Promise((resolve) => conn.on('ack', resolve));
    socket.send({ type: 'ack', batchId: frame.batchId, accepted: 3, duplicates: 0 });
    expect(await acked).toEqual({ batchId: frame.batchId, accepted: 3, duplicates: 0, removed: 3 });
    expect(store.stats().depth).toBe(0);
  });

  it('wakes up on notify() when the poller enqueues more', async () => {
    const conn = connect();
    const socket = await handshake(conn);
    enqueue(['V9']);
    conn.notify();
    expect((await socket.nextFrame('deltas')).items.map((d) => d.key)).toEqual(['V9']);
  });

  it('keeps at most maxBatchesInFlight unacked batches, in order, and continues on ack', async () => {
    enqueue(['V1', 'V2', 'V3', 'V4', 'V5', 'V6']);
    const conn = connect({ maxBatchItems: 1, maxBatchesInFlight: 4 });
    const socket = await handshake(conn);
    const sent = [];
    for (let i = 0; i < 4; i++) sent.push(await socket.nextFrame('deltas'));
    expect(sent.map((f) => f.items[0]!.key)).toEqual(['V1', 'V2', 'V3', 'V4']);
    expect(conn.stats().batchesSent).toBe(4);
    socket.send({ type: 'ack', batchId: sent[0]!.batchId, accepted: 1, duplicates: 0 });
    expect((await socket.nextFrame('deltas')).items[0]!.key).toBe('V5');
    expect(conn.stats().batchesSent).toBe(5);
    expect(store.stats().depth).toBe(5);
  });

  it('re-sends an unacked batch with the same batchId and eventIds after the connection drops', async () => {
    enqueue(['V1', 'V2']);
    const conn = connect();
    const first = await handshake(conn);
    const original = await first.nextFrame('deltas');
    first.ws.terminate();
    const second = await handshake(conn);
    const resent = await second.nextFrame('deltas');
    expect(resent).toEqual(original);
    expect(backoffAttempts).toEqual([0]);
    second.send({ type: 'ack', batchId: resent.batchId, accepted: 0, duplicates: 2 });
    await new Promise((resolve) => conn.on('ack', resolve));
    expect(store.stats().depth).toBe(0);
  });

  it('buffers alerts while offline (bounded) and sends them after welcome; status only when ready', async () => {
    const conn = connect({ maxBufferedAlerts: 2 });
    expect(conn.sendStatus({ sources: [], outboxDepth: 0, oldestOutboxAgeMs: null, outboxDropped: 0 })).toBe(
      false,
    );
    expect(conn.sendAlert({ code: 'gp.auth_failed', message: 'first' })).toBe('buffered');
    conn.sendAlert({ code: 'gp.auth_failed', message: 'second' });
    conn.sendAlert({ code: 'gp.auth_failed', message: 'third' });
    expect(conn.stats().alertsDropped).toBe(1);
    const socket = await handshake(conn);
    expect((await socket.nextFrame('alert')).message).toBe('second');
    expect((await socket.nextFrame('alert')).message).toBe('third');
    expect(conn.sendAlert({ code: 'outbox.dropped', message: 'now', details: { count: 3 } })).toBe('sent');
    expect(await socket.nextFrame('alert')).toEqual({
      type: 'alert',
      code: 'outbox.dropped',
      message: 'now',
      details: { count: 3 },
    });
    expect(conn.sendStatus({ sources: [], outboxDepth: 4, oldestOutboxAgeMs: 10, outboxDropped: 0 })).toBe(
      true,
    );
    expect(await socket.nextFrame('status')).toEqual({
      type: 'status',
      sources: [],
      outboxDepth: 4,
      oldestOutboxAgeMs: 10,
      outboxDropped: 0,
    });
  });

  it('refuses to send an invalid alert, saying which field', () => {
    const conn = connect();
    expect(() => conn.sendAlert({ code: 'Not A Code', message: 'x' })).toThrow(/invalid frame: .*\/code/);
  });
});

describe('CloudConnection: through an HTTP proxy', () => {
  it('tunnels the socket with CONNECT when proxyUrl is set', async () => {
    const proxy = await startConnectProxy();
    try {
      enqueue(['V1']);
      const conn = connect({ proxyUrl: proxy.url });
      const socket = await handshake(conn);
      expect((await socket.nextFrame('deltas')).items).toHaveLength(1);
      expect(proxy.connects).toEqual([cloud.url.replace('http://', '')]);
      await conn.stop();
    } finally {
      await proxy.close();
    }
  });
});
