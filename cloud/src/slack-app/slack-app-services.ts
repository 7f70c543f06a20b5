import type { Logger } from '@gprelay/shared';
import type { AppContext } from '../app-context';
import { type SlackOAuthApi, webApiSlackOAuth } from '../slack/slack-api';
import { SlackEventProcessor } from './events/event-processor';
import { BotTokens } from './tokens/bot-tokens';

/** The Slack app's long-lived parts, shared by its routes and (tokens) the dispatcher. */
export interface SlackAppServices {
  /** `getBotToken(tenantId)`: a working bot token, refreshed under token rotation. */
  tokens: BotTokens;
  /** Processes stored Slack events; `drain()` waits for those under way. */
  events: SlackEventProcessor;
  /** Slack's oauth.v2.access with our client credentials; null when they are not configured. */
  oauth: SlackOAuthApi | null;
}

declare module 'fastify' {
  interface FastifyInstance {
    slackApp: SlackAppServices;
  }
}

export function createSlackAppServices(ctx: AppContext, logger: Logger): SlackAppServices {
  const { config } = ctx;
  const oauth =
    ctx.slackOAuth !== undefined
      ? ctx.slackOAuth
      : config.slackClientId !== null && config.slackClientSecret !== null
        ? webApiSlackOAuth({
            apiUrl: config.slackApiUrl,
            clientId: config.slackClientId,
            clientSecret: config.slackClientSecret,
          })
        : null;
  return {
    oauth,
    tokens: new BotTokens({ db: ctx.db, box: ctx.box, clock: ctx.clock, oauth }),
    events: new SlackEventProcessor({ db: ctx.db, clock: ctx.clock, logger }),
  };
}
