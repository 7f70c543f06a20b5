import type { Clock } from '@gprelay/shared';
import type { FastifyInstance } from 'fastify';
import { buildApp } from '../app';
import type { AppContext } from '../app-context';
import { loadConfig } from '../config/load-config';
import { SecretBox } from '../crypto/secret-box';
import type { OpenDatabase } from '../db/open-database';
import { FakeSlack } from './fake-slack';
import { type DatabaseKind, openTestDatabase } from './test-database';

export const TEST_OPERATOR_TOKEN = 'operator-token-for-tests-0123456789abcdef';

/** A clock tests move by hand. */
export class ManualClock implements Clock {
  constructor(private ms = Date.parse('2026-11-25T10:00:00.000Z')) {}
  now(): number {
    return this.ms;
  }
  advance(ms: number): void {
    this.ms += ms;
  }
  set(iso: string): void {
    this.ms = Date.parse(iso);
  }
}

export interface TestApp {
  app: FastifyInstance;
  ctx: AppContext;
  database: OpenDatabase;
  slack: FakeSlack;
  clock: ManualClock;
  /** Operator API call with the test token. */
  api<T = unknown>(
    method: 'GET' | 'POST' | 'PUT',
    url: string,
    body?: unknown,
  ): Promise<{ status: number; body: T }>;
  close(): Promise<void>;
}

/** The cloud app on a fresh database of `kind`, with a fake Slack and a manual clock; not listening. */
export async function createTestApp(kind: DatabaseKind, env: Record<string, string> = {}): Promise<TestApp> {
  const database = await openTestDatabase(kind);
  const slack = new FakeSlack();
  const clock = new ManualClock();
  const databaseEnv = database.url
    ? { DATABASE_URL: database.url, MASTER_KEY: '09'.repeat(32), OPERATOR_TOKEN: TEST_OPERATOR_TOKEN }
    : {};
  const config = loadConfig({ PUBLIC_URL: 'http://cloud.test', ...databaseEnv, ...env });
  const ctx: AppContext = {
    config,
    db: database.db,
    clock,
    box: new SecretBox(Buffer.alloc(32, 9), 'slack-bot-token'),
    slack: slack.factory,
    operatorToken: TEST_OPERATOR_TOKEN,
    onNewDeliveries: () => {},
    agentPollIntervalMs: config.agentPollIntervalMs,
  };
  const app = await buildApp(ctx, { logger: false });
  return {
    app,
    ctx,
    database,
    slack,
    clock,
    async api(method, url, body) {
      const response = await app.inject({
        method,
        url,
        headers: { authorization: `Bearer ${TEST_OPERATOR_TOKEN}` },
        ...(body === undefined && method === 'GET' ? {} : { payload: (body ?? {}) as object }),
      });
      return { status: response.statusCode, body: response.json() };
    },
    async close() {
      await app.close();
      await database.close();
    },
  };
}
