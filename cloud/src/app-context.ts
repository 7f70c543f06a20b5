import type { Clock } from '@gprelay/shared';
import type { CloudConfig } from './config/load-config';
import type { SecretBox } from './crypto/secret-box';
import type { Database } from './db/open-database';
import type { SlackApiFactory, SlackOAuthApi } from './slack/slack-api';

/** What the app is built from; each becomes a named Fastify decorator. */
export interface AppContext {
  config: CloudConfig;
  db: Database;
  clock: Clock;
  /** Seals Slack bot tokens under MASTER_KEY. */
  box: SecretBox;
  slack: SlackApiFactory;
  /**
   * Slack's OAuth token endpoint (install, token rotation). Default: the Web
   * API at SLACK_API_URL with SLACK_CLIENT_ID/SECRET, or none when unset.
   * Tests may pass a fake.
   */
  slackOAuth?: SlackOAuthApi | null;
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
