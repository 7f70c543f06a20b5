import type { Delta } from '@gprelay/shared';
import { buildGlJournalMessage } from './gl-journal-message';
import { buildInvoiceMessage } from './invoice-message';
import { buildPurchaseOrderMessage } from './purchase-order-message';
import type { SlackMessage } from './slack-message';
import { buildVendorMessage } from './vendor-message';

/** The Block Kit message for any delta; one builder per document family. */
export function buildMessage(delta: Delta): SlackMessage {
  switch (delta.docType) {
    case 'payables-invoice':
      return buildInvoiceMessage(delta);
    case 'purchase-order':
      return buildPurchaseOrderMessage(delta);
    case 'gl-journal':
      return buildGlJournalMessage(delta);
    case 'vendor':
      return buildVendorMessage(delta);
  }
}
