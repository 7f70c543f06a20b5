import type { DocType } from '@gprelay/shared';
import type { ChangedDocument } from '../gp-source';
import { glJournalListed, readGlJournalJson } from './gl-journal-json-mapper';
import type { JsonObject, ListedItem } from './json-record';
import { payablesListed, readPayablesJson } from './payables-json-mapper';
import { purchaseOrderListed, readPurchaseOrderJson } from './purchase-order-json-mapper';
import type { ResolvedSbaOptions } from './sba-options';
import { readVendorJson, vendorListed } from './vendor-json-mapper';

/** How the adapter reads one document family's JSON. */
export interface SbaFamily {
  /** Key, ModifiedDate and relayed-or-not of a list item (a summary is enough). */
  listed(item: JsonObject, options: ResolvedSbaOptions): ListedItem;
  /** The full document, or null for a type the product does not relay. */
  read(item: JsonObject, options: ResolvedSbaOptions): ChangedDocument | null;
}

/** The families the adapter has mappers for. */
export const SBA_FAMILIES: Partial<Record<DocType, SbaFamily>> = {
  'payables-invoice': {
    listed: (item, options) => payablesListed(item, options.fields['payables-invoice']),
    read: (item, options) => readPayablesJson(item, options.fields['payables-invoice'], options.company),
  },
  'purchase-order': {
    listed: (item, options) => purchaseOrderListed(item, options.fields['purchase-order']),
    read: (item, options) => readPurchaseOrderJson(item, options.fields['purchase-order'], options.company),
  },
  'gl-journal': {
    listed: (item, options) =>
      glJournalListed(item, options.fields['gl-journal'], options.includeUnpostedJournals),
    read: (item, options) => readGlJournalJson(item, options.fields['gl-journal'], options.company),
  },
  vendor: {
    listed: (item, options) => vendorListed(item, options.fields.vendor),
    read: (item, options) => readVendorJson(item, options.fields.vendor, options.company),
  },
};
