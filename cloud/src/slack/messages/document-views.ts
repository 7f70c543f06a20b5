import type { Delta, DeltaOf, DocType } from '@gprelay/shared';
import type { DocumentView } from './document-view';
import { glJournalView } from './gl-journal-message';
import { invoiceView } from './invoice-message';
import { purchaseOrderView } from './purchase-order-message';
import { vendorView } from './vendor-message';

const VIEWS: { [T in DocType]: DocumentView<DeltaOf<T>> } = {
  'payables-invoice': invoiceView,
  'purchase-order': purchaseOrderView,
  'gl-journal': glJournalView,
  vendor: vendorView,
};

/** The view of a delta's family. */
export function viewOf<D extends Delta>(delta: D): DocumentView<D> {
  return VIEWS[delta.docType] as unknown as DocumentView<D>;
}
