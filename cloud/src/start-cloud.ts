import { hostname } from 'node:os';
import { type Clock, systemClock } from '@gprelay/shared';
import type { FastifyInstance } from 'fastify';
import { CloseCode } from './agents/agent-session';
import { sweepUsedTokenIds } from './agents/verify-connect-token';
import { buildApp } from './app';
import type { CloudConfig } from './config/load-config';
import { resolveSecrets } from './config/local-secrets';
import { SecretBox } from './crypto/secret-box';
import { type OpenDatabase, openDatabase } from './db/open-database';
import { Dispatcher } from './dispatch/dispatcher';
import { newId } from './ids';
import { type SlackApiFactory, webApiSlackFactory } from './slack/slack-api';

export interface RunningCloud {
  app: FastifyInstance;
  dispatcher: Dispatcher;
  database: OpenDatabase;
  /** Base URL it listens on. */
  url: string;
  /** Graceful stop: agents are told to reconnect elsewhere, in-flight posts are recorded. */
  close(): Promise<void>;
}

const SWEEP_INTERVAL_MS = 10 * 60_000;

/**
 * Opens the database, builds the app, listens and starts the dispatcher: the
 * whole cloud instance, as `server.ts` runs it and as tests start it in-process.
 */
export async function startCloud(
  config: CloudConfig,
  overrides: { clock?: Clock; slack?: SlackApiFactory; logger?: boolean } = {},
): Promise<RunningCloud> {
  const clock = overrides.clock ?? systemClock;
  const secrets = resolveSecrets(config);
  const database = await openDatabase(config.database);
  const box = new SecretBox(secrets.masterKey, 'slack-bot-token');
  const slack = overrides.slack ?? webApiSlackFactory({ apiUrl: config.slackApiUrl });
  let dispatcher: Dispatcher | null = null;
  const app = await buildApp(
    {
      config,
      db: database.db,
      clock,
      box,
      slack,
      operatorToken: secrets.operatorToken,
      onNewDeliveries: () => dispatcher?.notify(),
      agentPollIntervalMs: config.agentPollIntervalMs,
    },
    overrides.logger === undefined ? {} : { logger: overrides.logger },
  );
  const logger = {
    debug: (m: string, f?: object) => app.log.debug(f ?? {}, m),
    info: (m: string, f?: object) => app.log.info(f ?? {}, m),
    warn: (m: string, f?: object) => app.log.warn(f ?? {}, m),
    error: (m: string, f?: object) => app.log.error(f ?? {}, m),
  };
  dispatcher = new Dispatcher({
    db: database.db,
    slack,
    tokens: app.slackApp.tokens,
    clock,
    logger,
    instanceId: `${hostname()}:${process.pid}:${newId('i').slice(2, 8)}`,
    leaseMs: config.dispatchLeaseMs,
  });
  const address = await app.listen({ port: config.port, host: config.host });
  dispatcher.start();
  const sweeper = setInterval(() => {
    sweepUsedTokenIds(database.db, new Date(clock.now())).catch((error: unknown) =>
      logger.warn('sweeping used token ids failed', { error: String(error) }),
    );
  }, SWEEP_INTERVAL_MS);
  sweeper.unref();

  let closing: Promise<void> | null = null;
  return {
    app,
    dispatcher,
    database,
    url: address.replace('0.0.0.0', '127.0.0.1'),
    close() {
      closing ??= (async () => {
        clearInterval(sweeper);
        for (const client of app.websocketServer.clients)
          client.close(CloseCode.serviceRestart, 'server restarting');
        await dispatcher.stop();
        await app.close();
        await database.close();
      })();
      return closing;
    },
  };
}
