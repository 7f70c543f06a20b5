import type { Delta } from '@gprelay/shared';
import { buildInvoiceMessage } from './invoice-message';
import type { SlackMessage } from './slack-message';

/** The Block Kit message for any delta; one builder per document family. */
export function buildMessage(delta: Delta): SlackMessage {
  switch (delta.docType) {
    case 'payables-invoice':
      return buildInvoiceMessage(delta);
  }
}
