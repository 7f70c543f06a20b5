import type { Clock } from '@gprelay/shared';
import type { CloudConfig } from './config/load-config';
import type { SecretBox } from './crypto/secret-box';
import type { Database } from './db/open-database';
import type { SlackApiFactory } from './slack/slack-api';

/** What the app is built from; each becomes a named Fastify decorator. */
export interface AppContext {
  config: CloudConfig;
  db: Database;
  clock: Clock;
  /** Seals Slack bot tokens under MASTER_KEY. */
  box: SecretBox;
  slack: SlackApiFactory;
  /** Resolved operator API token (from env, or generated into DATA_DIR when embedded). */
  operatorToken: string;
  /** Called after ingest created deliveries, so the local dispatcher posts without waiting for its poll. */
  onNewDeliveries: () => void;
  /** Poll interval the cloud hands agents in `welcome`. */
  agentPollIntervalMs: number;
}

declare module 'fastify' {
  interface FastifyInstance {
    ctx: AppContext;
  }
}
