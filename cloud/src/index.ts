export { buildApp } from './app';
export type { AppContext } from './app-context';
export { type CloudConfig, loadConfig } from './config/load-config';
export { SlackAppPath } from './slack-app/paths';
export type { SlackAppServices } from './slack-app/slack-app-services';
export type { BotToken, BotTokens, RefreshEvent } from './slack-app/tokens/bot-tokens';
export { type RunningCloud, startCloud } from './start-cloud';
