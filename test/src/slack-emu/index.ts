export type { AdminApi, RateLimitFilter } from './admin';
export { BLOCK_LIMITS } from './block-kit';
export { type SlackEmulator, startSlackEmulator } from './emulator';
export {
  type DeliverEventOptions,
  type DeliveryResult,
  deliverEvent,
  eventCallback,
  type SlackSignatureHeaders,
  signEvent,
  urlVerification,
} from './events';
export type { FaultQueue, FiredFault } from './faults';
export { MARKDOWN_TEXT_MAX_CHARS, POST_TEXT_MAX_CHARS, UPDATE_TEXT_MAX_CHARS } from './methods/chat';
export { collectReferences, decodeEntities, tokenizeMrkdwn } from './mrkdwn';
export { METHOD_TIERS } from './rate-limits';
export { renderMrkdwn } from './render/mrkdwn-html';
export * from './types';
