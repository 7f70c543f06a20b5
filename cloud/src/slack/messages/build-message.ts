import type { Delta } from '@gprelay/shared';
import { viewOf } from './document-views';
import { documentMetadata } from './message-parts';
import type { SlackMessage } from './slack-message';

/** The full Block Kit message for one delta, with metadata naming it (plus `extra` correlation fields). */
export function buildMessage(delta: Delta, extra: Record<string, string> = {}): SlackMessage {
  const metadata = documentMetadata(delta);
  return {
    ...viewOf(delta).message(delta),
    metadata: { ...metadata, event_payload: { ...metadata.event_payload, ...extra } },
  };
}
