export { canonicalJson } from './canonical-json';
export { type Cursor, compareCursors } from './cursor';
export { documentVersion } from './document-version';
export { eventId } from './event-id';
export {
  type CursorEntry,
  LocalStore,
  type LocalStoreOptions,
  type PollResult,
  type RecordPollOutcome,
  type RejectedDocument,
} from './local-store';
export type { BatchLimits, OutboxBatch, OutboxStats } from './outbox';
export {
  DEFAULT_EMITTED_RETENTION_MS,
  DEFAULT_OUTBOX_LIMITS,
  type OutboxLimits,
} from './outbox-limits';
