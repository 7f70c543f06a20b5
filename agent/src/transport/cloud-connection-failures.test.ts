import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PROTOCOL_VERSION, type WelcomeFrame } from '@gprelay/shared';
import { exportJWK, generateKeyPair, type JWK } from 'jose';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { AgentError, AgentErrorCode } from '../errors';
import { LocalStore } from '../store/local-store';
import { CloudConnection, type CloudConnectionOptions } from './cloud-connection';
import type { ConnectionState } from './connection-state';
import { type FakeAgentSocket, FakeCloud, waitForState } from './test-fake-cloud';
import { ManualTimers } from './test-manual-timers';

const AGENT_ID = 'agt_test';
const AUDIENCE = 'https://relay.example.com';
const RETRY_MS = 7;
const AUTH_RETRY_MS = 300_000;
const WELCOME_TIMEOUT_MS = 15_000;
const HEARTBEAT_MS = 5_000;

let dir: string;
let store: LocalStore;
let cloud: FakeCloud;
let privateJwk: JWK;
let publicJwk: JWK;
let timers: ManualTimers;
let connection: CloudConnection | undefined;
let backoffAttempts: number[];
let states: ConnectionState[];

async function startCloud(options: { autoPong?: boolean } = {}) {
  cloud = await FakeCloud.start({ agentId: AGENT_ID, audience: AUDIENCE, publicJwk, ...options });
}

beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'gprelay-transport-'));
  store = LocalStore.open(join(dir, 'agent.db'));
  const { privateKey, publicKey } = await generateKeyPair('EdDSA', { crv: 'Ed25519', extractable: true });
  privateJwk = await exportJWK(privateKey);
  publicJwk = await exportJWK(publicKey);
  await startCloud();
  timers = new ManualTimers([RETRY_MS]);
  backoffAttempts = [];
  states = [];
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
    credentials: async () => ({ agentId: AGENT_ID, privateJwk, audience: AUDIENCE }),
    agentVersion: '0.1.0',
    companies: ['TWO'],
    outbox: store,
    timers,
    reconnectDelayMs: (attempt) => {
      backoffAttempts.push(attempt);
      return RETRY_MS;
    },
    authRetryDelayMs: AUTH_RETRY_MS,
    welcomeTimeoutMs: WELCOME_TIMEOUT_MS,
    ...overrides,
  });
  connection.on('state', (state) => states.push(state));
  connection.start();
  return connection;
}

const welcome = (heartbeatIntervalMs = HEARTBEAT_MS): WelcomeFrame => ({
  type: 'welcome',
  protocolVersion: PROTOCOL_VERSION,
  agentId: AGENT_ID,
  tenantId: 'tnt_1',
  config: { pollIntervalMs: 15_000, docTypes: ['payables-invoice'], heartbeatIntervalMs },
});

async function handshake(conn: CloudConnection): Promise<FakeAgentSocket> {
  const socket = await cloud.nextSocket();
  await socket.nextFrame('hello');
  const ready = waitForState(conn, (state) => state.status === 'open' && state.ready);
  socket.send(welcome());
  await ready;
  return socket;
}

describe('CloudConnection: reconnecting', () => {
  it('backs off between failed attempts with growing attempt numbers, and resets after a welcome', async () => {
    cloud.refuseNext.push(
      { status: 503 },
      { status: 502 },
      { status: 500, body: { error: { code: 'CLOUD_DOWN' } } },
    );
    const conn = connect();
    const socket = await handshake(conn);
    expect(backoffAttempts).toEqual([0, 1, 2]);
    const backoffs = states.filter((s) => s.status === 'backoff');
    expect(backoffs.map((s) => [s.reason, s.httpStatus, s.attempt])).toEqual([
      ['http-error', 503, 1],
      ['http-error', 502, 2],
      ['http-error', 500, 3],
    ]);
    expect(backoffs[2]!.detail).toBe(
      'the cloud answered HTTP 500 CLOUD_DOWN instead of opening the agent socket',
    );
    expect(states.filter((s) => s.status === 'connecting').map((s) => s.attempt)).toEqual([0, 1, 2, 3]);

    socket.ws.close(1001, 'deploy');
    await handshake(conn);
    expect(backoffAttempts).toEqual([0, 1, 2, 0]);
    expect(states.findLast((s) => s.status === 'backoff')).toMatchObject({
      reason: 'closed',
      closeCode: 1001,
      detail: 'the cloud closed the connection (1001: deploy)',
    });
  });

  it('treats a refused TCP connection as a network failure and keeps retrying', async () => {
    const url = cloud.url;
    await cloud.close();
    const conn = connect({ cloudUrl: url });
    const first = await waitForState(conn, (s) => s.status === 'backoff');
    expect(first).toMatchObject({ reason: 'network' });
    expect(first.detail).toContain('ECONNREFUSED');
    await waitForState(conn, (s) => s.status === 'backoff' && s.attempt === 3);
    expect(backoffAttempts.slice(0, 3)).toEqual([0, 1, 2]);
    await startCloud(); // leave a server for afterEach to close
  });

  it('shows auth-rejected with the HTTP status on a 401 and retries slowly, picking up new credentials', async () => {
    const { privateKey } = await generateKeyPair('EdDSA', { crv: 'Ed25519', extractable: true });
    const wrongKey = await exportJWK(privateKey);
    let current = wrongKey;
    const conn = connect({
      credentials: async () => ({ agentId: AGENT_ID, privateJwk: current, audience: AUDIENCE }),
    });
    const rejected = await waitForState(conn, (s) => s.status === 'backoff');
    expect(rejected).toMatchObject({ status: 'backoff', reason: 'auth-rejected', httpStatus: 401 });
    expect(rejected.detail).toMatch(
      /^the cloud refused this agent's credentials \(HTTP 401 CLOUD_AGENT_AUTH_FAILED: .*signature.*\); .*enroll it again/,
    );
    expect(JSON.stringify(rejected)).not.toContain(wrongKey.d);
    expect(backoffAttempts).toEqual([]); // the slow delay, not the fast backoff
    expect(timers.pendingDelays()).toEqual([AUTH_RETRY_MS]);

    current = privateJwk; // the operator re-enrolled
    expect(timers.fire(AUTH_RETRY_MS)).toBe(1);
    await handshake(conn);
    expect(cloud.authFailures).toHaveLength(1);
  });

  it('retries slowly while there are no credentials (not enrolled)', async () => {
    const conn = connect({
      credentials: async () => {
        throw new AgentError(AgentErrorCode.notEnrolled, 'this agent is not enrolled: run `agent enroll`');
      },
    });
    const state = await waitForState(conn, (s) => s.status === 'backoff');
    expect(state).toMatchObject({
      reason: 'credentials',
      detail: 'this agent is not enrolled: run `agent enroll`',
    });
    expect(timers.pendingDelays()).toEqual([AUTH_RETRY_MS]);
    expect(cloud.sockets).toHaveLength(0);
  });

  it.each([
    [4001, 'revoked', /revoked this agent; enroll it again .*\(close 4001: agent revoked\)/],
    [4003, 'forbidden', /does not allow this agent/],
    [4406, 'protocol-unsupported', /upgrade the agent/],
  ])('stops for good on close code %i (%s)', async (code, reason, detail) => {
    const conn = connect();
    const socket = await handshake(conn);
    socket.ws.close(code, code === 4001 ? 'agent revoked' : '');
    const stopped = await waitForState(conn, (s) => s.status === 'stopped');
    expect(stopped).toMatchObject({ status: 'stopped', reason, closeCode: code });
    expect(stopped.detail).toMatch(detail);
    expect(timers.pendingDelays()).toEqual([]);
    expect(backoffAttempts).toEqual([]);
    expect(cloud.sockets).toHaveLength(1);
  });

  it('stops when the welcome names another protocol version', async () => {
    const conn = connect();
    const socket = await cloud.nextSocket();
    await socket.nextFrame('hello');
    socket.send({ ...welcome(), protocolVersion: PROTOCOL_VERSION + 1 });
    expect(await waitForState(conn, (s) => s.status === 'stopped')).toMatchObject({
      reason: 'protocol-unsupported',
    });
  });

  it('start() after a fatal stop connects again', async () => {
    const conn = connect();
    (await handshake(conn)).ws.close(4001, 'revoked');
    await waitForState(conn, (s) => s.status === 'stopped');
    conn.start();
    await handshake(conn);
  });
});

describe('CloudConnection: liveness', () => {
  it('terminates and reconnects when a ping gets no pong by the next tick', async () => {
    await cloud.close();
    await startCloud({ autoPong: false });
    const conn = connect();
    const socket = await handshake(conn);
    const pinged = new Promise((resolve) => socket.ws.once('ping', resolve));
    expect(timers.fire(HEARTBEAT_MS)).toBe(1); // ping
    await pinged;
    expect(timers.fire(HEARTBEAT_MS)).toBe(1); // no pong by now: dead
    expect((await socket.closed).code).toBe(1006);
    await handshake(conn);
    expect(states.find((s) => s.status === 'backoff')).toMatchObject({ reason: 'heartbeat-timeout' });
  });

  it('stays connected while pongs come back, and reports the round trip', async () => {
    const conn = connect();
    await handshake(conn);
    for (let i = 0; i < 3; i++) {
      const pong = new Promise((resolve) => conn.on('heartbeat', resolve));
      expect(timers.fire(HEARTBEAT_MS)).toBe(1);
      expect(await pong).toEqual({ rttMs: expect.any(Number) });
    }
    expect(conn.state).toMatchObject({ status: 'open', ready: true });
    expect(cloud.sockets).toHaveLength(1);
  });

  it('reconnects when no welcome arrives in time', async () => {
    const conn = connect();
    const socket = await cloud.nextSocket();
    await socket.nextFrame('hello');
    expect(timers.fire(WELCOME_TIMEOUT_MS)).toBe(1);
    await socket.closed;
    await handshake(conn);
    expect(states.find((s) => s.status === 'backoff')).toMatchObject({ reason: 'welcome-timeout' });
  });
});

describe('CloudConnection: bad frames', () => {
  it('answers a bad frame with an error frame, counts it, and keeps the connection', async () => {
    const conn = connect();
    const socket = await handshake(conn);
    socket.send('not json');
    socket.send({ type: 'deltas', batchId: 'b', items: [] } as never); // wrong direction
    socket.send(JSON.stringify({ type: 'ack', batchId: '' }));
    const errors = [
      await socket.nextFrame('error'),
      await socket.nextFrame('error'),
      await socket.nextFrame('error'),
    ];
    expect(errors.map((e) => e.code)).toEqual([
      'PROTOCOL_NOT_JSON',
      'PROTOCOL_WRONG_DIRECTION',
      'PROTOCOL_INVALID_FRAME',
    ]);
    expect(errors.every((e) => e.retryable === false)).toBe(true);
    expect(conn.stats().badFramesReceived).toBe(3);

    const commands: string[] = [];
    const got = new Promise<void>((resolve) =>
      conn.on('command', (command) => {
        commands.push(command);
        resolve();
      }),
    );
    socket.send({ type: 'command', command: 'poll-now' });
    await got;
    expect(commands).toEqual(['poll-now']);
    expect(conn.state).toMatchObject({ status: 'open', ready: true });
  });

  it('closes with 1008 and reconnects when the cloud floods it with bad frames', async () => {
    const conn = connect({ maxBadFramesPerMinute: 3 });
    const socket = await handshake(conn);
    for (let i = 0; i < 4; i++) socket.send(`garbage ${i}`);
    expect((await socket.closed).code).toBe(1008);
    await handshake(conn);
    expect(states.find((s) => s.status === 'backoff')).toMatchObject({ reason: 'bad-frames' });
  });

  it('logs error frames from the cloud without dropping the connection', async () => {
    const logged: unknown[] = [];
    const logger = {
      debug() {},
      info() {},
      warn() {},
      error: (message: string, fields?: unknown) => logged.push([message, fields]),
    };
    const conn = connect({ logger });
    const socket = await handshake(conn);
    socket.send({ type: 'error', code: 'CLOUD_INGEST_FAILED', message: 'db down', retryable: false });
    socket.send({ type: 'command', command: 'poll-now' });
    await new Promise((resolve) => conn.on('command', resolve));
    expect(logged).toContainEqual([
      'the cloud reported an error',
      { code: 'CLOUD_INGEST_FAILED', message: 'db down', retryable: false },
    ]);
    expect(conn.stats().cloudErrorsReceived).toBe(1);
    expect(conn.state).toMatchObject({ status: 'open' });
  });
});
