import type { Delta } from '@gprelay/shared';
import type { SlackMessage } from './slack-message';

/**
 * How one document family looks in Slack. All strings returned are mrkdwn
 * with GP text already escaped.
 */
export interface DocumentView<D extends Delta> {
  /** The full message for one document (metadata is added by the caller). */
  message(delta: D): Omit<SlackMessage, 'metadata'>;
  /** One compact line for a batched message. */
  row(delta: D): string;
  /** What a thread reply calls the document, e.g. "Invoice INV-1 from Acme". */
  title(delta: D): string;
  /** The labelled values the message shows, in order; "what changed" compares these. */
  shownFields(delta: D): Array<[label: string, value: string]>;
}
