import type { FastifyInstance } from 'fastify';
import { buildApp } from '../../app';
import type { AppContext } from '../../app-context';
import { loadConfig } from '../../config/load-config';
import { SecretBox } from '../../crypto/secret-box';
import type { OpenDatabase } from '../../db/open-database';
import { FakeSlack } from '../../testing/fake-slack';
import { ManualClock, TEST_OPERATOR_TOKEN } from '../../testing/test-app';
import { type DatabaseKind, openTestDatabase } from '../../testing/test-database';
import { FakeSlackOAuth } from './fake-slack-oauth';

export const TEST_SIGNING_SECRET = 'signing-secret-for-tests-0123456789';

export interface SlackAppTestApp {
  app: FastifyInstance;
  ctx: AppContext;
  database: OpenDatabase;
  slack: FakeSlack;
  oauth: FakeSlackOAuth;
  clock: ManualClock;
  /** Every line the app logged (JSON), to prove secrets never reach the log. */
  logLines: string[];
  api<T = unknown>(
    method: 'GET' | 'POST' | 'PUT',
    url: string,
    body?: unknown,
  ): Promise<{ status: number; body: T }>;
  close(): Promise<void>;
}

/**
 * The cloud app as `createTestApp` builds it, plus what the Slack app needs:
 * OAuth client credentials with an in-memory token endpoint, a signing
 * secret, and a logger whose output the test can read.
 */
export async function createSlackAppTestApp(
  kind: DatabaseKind,
  env: Record<string, string> = {},
): Promise<SlackAppTestApp> {
  const database = await openTestDatabase(kind);
  const slack = new FakeSlack();
  const oauth = new FakeSlackOAuth();
  const clock = new ManualClock();
  const databaseEnv = database.url
    ? { DATABASE_URL: database.url, MASTER_KEY: '09'.repeat(32), OPERATOR_TOKEN: TEST_OPERATOR_TOKEN }
    : {};
  const config = loadConfig({
    PUBLIC_URL: 'https://relay.test',
    SLACK_CLIENT_ID: '1111.2222',
    SLACK_CLIENT_SECRET: 'client-secret-for-tests',
    SLACK_SIGNING_SECRET: TEST_SIGNING_SECRET,
    LOG_LEVEL: 'info',
    ...databaseEnv,
    ...env,
  });
  const ctx: AppContext = {
    config,
    db: database.db,
    clock,
    box: new SecretBox(Buffer.alloc(32, 9), 'slack-bot-token'),
    slack: slack.factory,
    slackOAuth: config.slackClientId === null ? null : oauth,
    operatorToken: TEST_OPERATOR_TOKEN,
    onNewDeliveries: () => {},
    agentPollIntervalMs: config.agentPollIntervalMs,
  };
  const logLines: string[] = [];
  const app = await buildApp(ctx, {
    logger: { level: 'info', stream: { write: (line) => logLines.push(line) } },
  });
  return {
    app,
    ctx,
    database,
    slack,
    oauth,
    clock,
    logLines,
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
